"""The handoff HTTP API on the running service: auth, errors, and a ticket's life (no Rasa needed)."""
import asyncio
import json
import uuid

import aiohttp
import pytest

from tests.handoff.api_client import HandoffApi, next_ws_event
from tests.services import SERVICE_TOKEN


@pytest.fixture(scope="module")
def api(handoff_server, ports) -> HandoffApi:
    return HandoffApi(ports["handoff"])


def online(agent: HandoffApi) -> HandoffApi:
    """Earlier tests' consoles disconnecting set the agent away; an API-only agent comes back."""
    agent.call("PATCH", "/api/me", json={"status": "online"}).raise_for_status()
    return agent


@pytest.fixture
def li(api, agent_credentials) -> HandoffApi:
    return online(api.login("li", agent_credentials["li"]))


@pytest.fixture
def sofia(api, agent_credentials) -> HandoffApi:
    return online(api.login("sofia", agent_credentials["sofia"]))


def conversation() -> str:
    return f"api-{uuid.uuid4().hex[:10]}"


def test_login_gives_a_session_and_wrong_pairs_get_one_answer(api, agent_credentials):
    ok = api.call("POST", "/api/login", token=None, json={"agent_id": "li", "password": agent_credentials["li"]})
    assert ok.status_code == 200 and ok.json()["agent"]["languages"] == ["zh", "en"]
    wrong_password = api.call("POST", "/api/login", token=None, json={"agent_id": "li", "password": "nope"})
    unknown = api.call("POST", "/api/login", token=None, json={"agent_id": "nobody", "password": "nope"})
    assert wrong_password.status_code == unknown.status_code == 401
    assert wrong_password.json() == unknown.json()


@pytest.mark.parametrize("route", ["/api/queue", "/api/me", "/api/tickets/mine", "/api/canned"])
def test_agent_routes_need_a_valid_session(api, route):
    assert api.call("GET", route, token=None).status_code == 401
    assert api.call("GET", route, token="made-up").status_code == 401
    assert api.call("GET", route, token=SERVICE_TOKEN).status_code == 403


def test_bot_routes_need_the_service_token(api, li):
    body = {"conversation_id": conversation()}
    assert api.call("POST", "/api/tickets", token=None, json=body).status_code == 401
    assert li.call("POST", "/api/tickets", json=body).status_code == 403
    assert api.call("POST", "/api/tickets/x/rating", token=None, json={"rating": 5}).status_code == 401


def test_logout_ends_the_session(api, agent_credentials):
    session = api.login("sofia", agent_credentials["sofia"])
    assert session.call("POST", "/api/logout").status_code == 204
    assert session.call("GET", "/api/me").status_code == 401


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400), (b"[1, 2]", 400), (json.dumps({"text": ""}).encode(), 400),
    (json.dumps({"text": "hi"}).encode(), 400), (json.dumps({"text": "x" * 5000, "idempotency_key": "k"}).encode(), 400),
], ids=["not-json", "not-an-object", "empty-text", "no-idempotency-key", "text-too-long"])
def test_bad_message_bodies_get_a_clear_4xx(li, body, status):
    created = li.create_ticket(conversation())
    ticket_id = created["ticket"]["id"]
    li.call("POST", f"/api/tickets/{ticket_id}/claim").raise_for_status()
    response = li.call("POST", f"/api/tickets/{ticket_id}/messages", data=body,
                       headers={"Content-Type": "application/json"})
    assert response.status_code == status and response.json()["message"]
    li.call("POST", f"/api/tickets/{ticket_id}/resume").raise_for_status()


def test_unknown_ticket_is_404_and_bad_profile_values_are_400(li):
    assert li.call("GET", "/api/tickets/does-not-exist").status_code == 404
    assert li.call("POST", "/api/tickets/does-not-exist/claim").status_code == 404
    assert li.call("PATCH", "/api/me", json={"status": "sleeping"}).status_code == 400
    assert li.call("PATCH", "/api/me", json={"languages": ["klingon"]}).status_code == 400


def test_ticket_life_from_queue_to_rating(api, li, sofia):
    conv = conversation()
    first = li.create_ticket(conv, priority="high", context={"order": {"id": "A1001"}, "cases": []})
    again = li.create_ticket(conv)
    assert first["created"] and not again["created"]
    assert again["ticket"]["id"] == first["ticket"]["id"] and first["position"] >= 1
    ticket_id = first["ticket"]["id"]

    row = li.waiting_ticket_for(conv)
    assert row["ticket"]["priority"] == "high" and row["first_response_left_s"] > 0
    status = api.call("GET", f"/api/public/conversations/{conv}/status", token=None).json()
    assert status["state"] == "waiting" and status["position"] >= 1

    # A Spanish ticket waits for a Spanish speaker while one is online; li (zh, en) may take it
    # only when none is (the console then translates both ways).
    refused = li.call("POST", f"/api/tickets/{ticket_id}/claim")
    assert refused.status_code == 409 and refused.json()["error"] == "language"
    sofia.call("PATCH", "/api/me", json={"status": "away"}).raise_for_status()
    assert li.call("POST", f"/api/tickets/{ticket_id}/claim").status_code == 200
    online(sofia)
    taken = sofia.call("POST", f"/api/tickets/{ticket_id}/claim")
    assert taken.status_code == 409 and taken.json()["error"] == "taken"
    assert li.waiting_ticket_for(conv) is None
    assert sofia.send(ticket_id, "hola").status_code == 403

    sent = li.send(ticket_id, "您好，我们正在查看您的订单。", key="same-key")
    retried = li.send(ticket_id, "您好，我们正在查看您的订单。", key="same-key")
    assert sent.status_code == retried.status_code == 201
    assert sent.json()["id"] == retried.json()["id"]
    # The stand-in translator knows this sentence: the buyer (Spanish) gets Spanish.
    assert sent.json()["buyer_text"] == "Hola, estamos revisando su pedido."
    view = li.ticket(ticket_id)
    assert [m["text"] for m in view["messages"] if m["sender"] == "agent"] == ["您好，我们正在查看您的订单。"]
    assert view["context"]["order"]["id"] == "A1001"

    assert li.call("POST", f"/api/tickets/{ticket_id}/typing").status_code == 204
    status = api.call("GET", f"/api/public/conversations/{conv}/status", token=None).json()
    assert status == {"state": "assigned", "agent_name": "Li Na", "agent_typing": True}

    assert li.call("POST", f"/api/tickets/{ticket_id}/close").json()["status"] == "closed"
    retry = li.call("POST", f"/api/tickets/{ticket_id}/close")  # idempotent: same answer
    assert retry.status_code == 200 and retry.json()["status"] == "closed"
    assert li.call("POST", f"/api/tickets/{ticket_id}/resume").status_code == 409
    rated = api.as_bot().call("POST", f"/api/tickets/{ticket_id}/rating", json={"rating": 4, "comment": "rápido"})
    assert rated.json()["rating"] == 4 and rated.json()["comment"] == "rápido"
    bad = api.as_bot().call("POST", f"/api/tickets/{ticket_id}/rating", json={"rating": 9})
    assert bad.status_code == 400


def test_claim_next_takes_the_highest_priority_first(li):
    low = li.create_ticket(conversation(), priority="low", language="zh")
    urgent = li.create_ticket(conversation(), priority="urgent", language="zh")
    taken = []
    while True:
        response = li.call("POST", "/api/queue/claim-next")
        if response.status_code == 204:
            break
        taken.append(response.json()["id"])
    assert taken.index(urgent["ticket"]["id"]) < taken.index(low["ticket"]["id"])
    for ticket_id in taken:
        li.call("POST", f"/api/tickets/{ticket_id}/resume").raise_for_status()


def test_canned_replies_come_in_the_agents_language(li):
    replies = li.call("GET", "/api/canned").json()
    assert replies["language"] == "zh" and len(replies["replies"]) >= 3
    assert any("请稍等" in r["text"] for r in replies["replies"])


def test_the_websocket_pushes_queue_changes_and_answers_pings(api, li):
    async def scenario():
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await session.ws_connect(f"{api.url}/api/ws?token=wrong")
            async with session.ws_connect(f"{api.url}/api/ws?token={li.token}") as ws:
                await ws.send_json({"type": "ping"})
                assert (await next_ws_event(ws, "pong"))["type"] == "pong"
                await asyncio.get_running_loop().run_in_executor(None, li.create_ticket, conversation())
                assert (await next_ws_event(ws, "queue"))["type"] == "queue"

    asyncio.run(scenario())



def test_a_buyer_who_writes_traditional_chinese_reads_the_agent_in_traditional(api, li):
    ticket = api.create_ticket(conversation(), language="zh", chinese_script="traditional")["ticket"]
    ticket_id = ticket["id"]
    assert ticket["chinese_script"] == "traditional"
    assert li.call("POST", f"/api/tickets/{ticket_id}/claim").status_code == 200
    # li writes Chinese (Simplified, as the stand-in translator does for English agents)
    sent = li.send(ticket_id, "您好，我们正在查看您的订单。")
    assert sent.status_code == 201 and sent.json()["buyer_text"] == "您好，我們正在查看您的訂單。"
    agent_lines = [m["text"] for m in li.ticket(ticket_id)["messages"] if m["sender"] == "agent"]
    assert agent_lines == ["您好，我们正在查看您的订单。"]  # li reads what li wrote
    assert li.call("POST", f"/api/tickets/{ticket_id}/close").json()["status"] == "closed"

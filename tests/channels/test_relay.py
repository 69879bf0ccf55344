"""Human handoff on Telegram: the buyer asks for a person in the Telegram app, an agent claims
the ticket and replies through the handoff API (docs/handoff-api.md), and the reply reaches
that Telegram chat (handoff service → Rasa `execute?output_channel=latest` → our Telegram
output → Bot API stand-in)."""
import time
import uuid

import pytest
import requests

from tests.channels.helpers import new_user_id
from tests.services import API_TOKEN

WAITING = "waiting for handoff API"


def first_agent(request):
    """(agent_id, password) of a test agent of the session stack (tests/conftest.py)."""
    try:
        credentials = request.getfixturevalue("agent_credentials")  # {agent id: password}
    except pytest.FixtureLookupError:
        pytest.skip(f"{WAITING}: the session stack has no agent_credentials fixture")
    return next(iter(credentials.items()))


@pytest.fixture
def agent(request, handoff_server, ports):
    base = f"http://localhost:{ports['handoff']}"
    agent_id, password = first_agent(request)
    login = requests.post(f"{base}/api/login", json={"agent_id": agent_id, "password": password}, timeout=10)
    if login.status_code == 404:
        pytest.skip(f"{WAITING}: POST /api/login answers 404")
    assert login.status_code == 200, login.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {login.json()['token']}"
    session.base = base
    return session


def find_ticket(agent, conversation_id: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        queue = agent.get(f"{agent.base}/api/queue", timeout=10)
        assert queue.status_code == 200, queue.text
        for row in queue.json()["tickets"]:
            if row["ticket"]["conversation_id"] == conversation_id:
                return row["ticket"]
        time.sleep(0.5)
    raise AssertionError(f"no waiting ticket for conversation {conversation_id}")


def test_agent_reply_reaches_the_telegram_chat(webhooks, channel_apis, rasa, agent):
    chat = new_user_id()
    answer = webhooks.post_telegram(webhooks.telegram_message(chat, "I want to talk to a human", "en"))
    assert answer.status_code == 200, answer.text
    assert channel_apis.telegram.sent_texts(chat), "the bot said nothing to the buyer"

    ticket = find_ticket(agent, str(chat))
    assert ticket["channel"] == "telegram"
    claimed = agent.post(f"{agent.base}/api/tickets/{ticket['id']}/claim", timeout=10)
    assert claimed.status_code == 200, claimed.text

    typing = agent.post(f"{agent.base}/api/tickets/{ticket['id']}/typing", timeout=10)
    assert typing.status_code == 204, typing.text
    shown = channel_apis.telegram.wait_for(
        "sendChatAction", where=lambda c: str(c.params.get("chat_id")) == str(chat), timeout=30)
    assert [c.params["action"] for c in shown] == ["typing"]

    text = f"Hi, this is Li from customer care ({uuid.uuid4().hex[:6]}). How can I help?"
    sent = agent.post(f"{agent.base}/api/tickets/{ticket['id']}/messages",
                      json={"text": text, "idempotency_key": str(uuid.uuid4())}, timeout=30)
    assert sent.status_code == 201, sent.text

    to_buyer = channel_apis.telegram.wait_for(
        "sendMessage", where=lambda c: str(c.params.get("chat_id")) == str(chat) and text in c.params["text"],
        timeout=30)
    assert len(to_buyer) == 1


def test_a_messenger_buyer_sees_typing_when_the_service_asks(webhooks, channel_apis, rasa):
    psid = str(new_user_id())
    url = f"{webhooks.rasa_url}/webhooks/facebook/typing"
    shown = requests.post(url, params={"token": API_TOKEN}, json={"recipient_id": psid}, timeout=30)
    assert shown.status_code == 204, shown.text
    assert channel_apis.messenger.sender_actions(psid) == ["typing_on"]


@pytest.mark.parametrize("params, body, status", [
    ({}, {"recipient_id": "42"}, 401),                      # no token
    ({"token": "wrong"}, {"recipient_id": "42"}, 401),
    ({"token": API_TOKEN}, {}, 400),                        # nobody to show it to
    ({"token": API_TOKEN}, {"recipient_id": " "}, 400),
])
def test_the_typing_route_refuses_what_it_cannot_do(webhooks, channel_apis, rasa, params, body, status):
    before = len(channel_apis.telegram.calls("sendChatAction"))
    answer = requests.post(f"{webhooks.rasa_url}/webhooks/telegram/typing", params=params, json=body, timeout=30)
    assert answer.status_code == status, answer.text
    assert "error" in answer.json()
    assert len(channel_apis.telegram.calls("sendChatAction")) == before

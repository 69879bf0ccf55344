"""End to end through the real stack: buyer on a channel, Rasa, the relay, an agent on the API.

The translation provider is the LibreTranslate STAND-IN (tests/standins/libretranslate.py),
which knows the Spanish and Chinese sentences used here.
"""
import asyncio
import os
import signal
import time
import uuid

import aiohttp
import pytest
import socketio

from tests.handoff.api_client import HandoffApi, next_ws_event


@pytest.fixture(scope="module")
def api(rasa_server, handoff_server, ports) -> HandoffApi:
    return HandoffApi(ports["handoff"])


@pytest.fixture(scope="module")
def li(api, agent_credentials) -> HandoffApi:
    """The only agent on duty speaks Chinese (and English); the Spanish speaker is away."""
    sofia = api.login("sofia", agent_credentials["sofia"])
    sofia.call("PATCH", "/api/me", json={"status": "away"}).raise_for_status()
    return api.login("li", agent_credentials["li"])


def go_online(agent: HandoffApi) -> None:
    """Closing a console's WebSocket sets the agent away; an API-only agent says it is back."""
    agent.call("PATCH", "/api/me", json={"status": "online"}).raise_for_status()


def wait_for(condition, timeout: float = 30.0, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not true within {timeout}s: {condition}")


class SocketBuyer:
    """A buyer in the website widget: Rasa's socket.io channel, long-polling transport."""

    def __init__(self, url: str):
        self.url = url
        self.session_id = uuid.uuid4().hex
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue = asyncio.Queue()
        self.payloads: dict = {}  # text -> the whole bot_uttered payload
        self.client.on("bot_uttered", self._on_bot)

    async def _on_bot(self, data):
        self.payloads[data.get("text") or ""] = data
        await self.replies.put(data.get("text") or "")

    async def connect(self):
        await self.client.connect(self.url, socketio_path="/socket.io", transports=["polling"])
        await self.client.emit("session_request", {"session_id": self.session_id})

    async def say(self, text: str):
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})

    async def next_reply(self, timeout: float = 60.0) -> str:
        return await asyncio.wait_for(self.replies.get(), timeout)

    async def replies_until(self, predicate, timeout: float = 60.0) -> list:
        seen = []
        deadline = time.monotonic() + timeout
        while not any(predicate(t) for t in seen):
            seen.append(await self.next_reply(max(0.1, deadline - time.monotonic())))
        return seen


async def in_thread(function, *args):
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)


def test_spanish_buyer_chinese_agent_both_ways_then_back_to_the_bot(rasa, api, li):
    async def scenario():
        buyer = SocketBuyer(rasa.url)
        await buyer.connect()
        async with aiohttp.ClientSession() as http:
            console = await http.ws_connect(f"{api.url}/api/ws?token={li.token}")
            try:
                await buyer.say("Hola, quiero hablar con una persona, por favor")
                queued = await buyer.replies_until(lambda t: "cola" in t or "fila" in t or "número" in t)
                assert any("equipo" in t for t in queued), queued  # Spanish, not English

                row = await in_thread(lambda: wait_for(lambda: li.waiting_ticket_for(buyer.session_id)))
                ticket = row["ticket"]
                assert ticket["language"] == "es" and ticket["channel"] == "socketio"
                assert any("persona" in line["text"] for line in ticket["transcript"])
                claimed = await in_thread(lambda: li.call("POST", f"/api/tickets/{ticket['id']}/claim"))
                assert claimed.status_code == 200
                joined = await buyer.next_reply()
                assert "Li Na" in joined

                await buyer.say("¿Dónde está mi pedido?")
                event = await next_ws_event(console, "message")
                assert event["message"]["text"] == "¿Dónde está mi pedido?"
                assert event["message"]["translation"] == {"language": "zh", "text": "我的订单在哪里？"}

                sent = await in_thread(li.send, ticket["id"], "您好，我们正在查看您的订单。")
                assert sent.status_code == 201
                # The buyer gets the agent's words in Spanish, and nothing from the bot in between.
                assert await buyer.next_reply() == "Hola, estamos revisando su pedido."
                # Marked as the agent's (the widget labels it "Li Na · agent"); the bot's own
                # "joined" message is not.
                assert buyer.payloads["Hola, estamos revisando su pedido."]["metadata"] == {
                    "sender": "agent", "agent_name": "Li Na"}
                assert "metadata" not in buyer.payloads[joined]

                view = await in_thread(li.ticket, ticket["id"])
                assert [(m["sender"], m["text"]) for m in view["messages"]] == [
                    ("buyer", "¿Dónde está mi pedido?"), ("agent", "您好，我们正在查看您的订单。")]
                assert view["messages"][1]["buyer_text"] == "Hola, estamos revisando su pedido."

                resumed = await in_thread(lambda: li.call("POST", f"/api/tickets/{ticket['id']}/resume"))
                assert resumed.json()["status"] == "resumed"
                back = await buyer.next_reply()
                assert "asistente" in back.lower(), back
                await buyer.say("hola")
                try:
                    greeting = await buyer.next_reply()
                except asyncio.TimeoutError:
                    events = (await in_thread(rasa.tracker, buyer.session_id))["events"]
                    raise AssertionError([(e["event"], e.get("name"), e.get("text")) for e in events][-25:])
                assert greeting and greeting != back  # the bot answers again
            finally:
                await console.close()
                await buyer.client.disconnect()

    asyncio.run(scenario())


def test_after_closing_the_buyer_rates_the_chat_and_the_rating_is_stored(rasa, api, li):
    sender = f"rate-{uuid.uuid4().hex[:8]}"
    go_online(li)
    replies = rasa.texts(sender, "I want to talk to a human")
    assert "support team" in replies
    row = wait_for(lambda: li.waiting_ticket_for(sender))
    ticket_id = row["ticket"]["id"]
    li.call("POST", f"/api/tickets/{ticket_id}/claim").raise_for_status()
    li.call("POST", f"/api/tickets/{ticket_id}/close").raise_for_status()
    # REST has no push channel: the rating question is in the tracker, and the form is active.
    wait_for(lambda: (rasa.tracker(sender).get("active_loop") or {}).get("name") == "rating_form")
    assert "5" in " ".join(e.get("text") or "" for e in rasa.tracker(sender)["events"] if e["event"] == "bot")
    answer = rasa.texts(sender, "5").lower()
    assert "add" in answer, "\n".join(str((e["event"], e.get("name"), e.get("value"), e.get("text")))
                                      for e in rasa.tracker(sender)["events"][-30:])
    assert "thank you for your feedback" in rasa.texts(sender, "very quick, thanks").lower()
    stored = li.ticket(ticket_id)
    assert (stored["rating"], stored["comment"]) == (5, "very quick, thanks")


def test_killing_the_handoff_service_mid_conversation_loses_nothing(rasa, api, li, handoff_server):
    sender = f"crash-{uuid.uuid4().hex[:8]}"
    go_online(li)
    rasa.texts(sender, "I want to talk to a human")
    ticket_id = wait_for(lambda: li.waiting_ticket_for(sender))["ticket"]["id"]
    li.call("POST", f"/api/tickets/{ticket_id}/claim").raise_for_status()

    os.killpg(handoff_server.proc.pid, signal.SIGKILL)
    handoff_server.proc.wait()
    for text in ("first message while you were away", "second one", "third one"):
        assert rasa.say(sender, text) == []  # paused: the bot stays quiet, Rasa keeps the messages
    handoff_server.start(timeout=60)

    def buyer_texts():
        return [m["text"] for m in li.ticket(ticket_id)["messages"] if m["sender"] == "buyer"]

    wait_for(lambda: len(buyer_texts()) >= 3)
    assert buyer_texts() == ["first message while you were away", "second one", "third one"]
    ticket = li.ticket(ticket_id)
    assert ticket["status"] == "assigned" and ticket["agent_id"] == "li"
    li.call("POST", f"/api/tickets/{ticket_id}/resume").raise_for_status()


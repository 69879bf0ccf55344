"""The REST webhook end to end: replies, Redis persistence, restarts and bad input."""
import uuid

import pytest
import requests

from tests.services import API_TOKEN


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def test_greeting_gets_a_reply(rasa):
    replies = rasa.say(new_sender(), "hello")
    assert replies, "the bot said nothing"
    assert any("help" in m.get("text", "").lower() for m in replies), replies


def test_conversation_is_stored_in_redis(rasa, redis_db):
    sender = new_sender()
    rasa.say(sender, "hi there")
    stored = redis_db.get(f"tracker:{sender}")
    assert stored is not None, f"no tracker for {sender} in Redis: {redis_db.keys('*')[:10]}"
    assert "hi there" in stored


def test_rasa_restart_keeps_the_conversation(rasa, rasa_server):
    sender = new_sender()
    rasa.say(sender, "hello")
    rasa.say(sender, "my order is A1002")
    rasa_server.restart(timeout=240)

    texts_before = [e.get("text") for e in rasa.tracker(sender)["events"] if e["event"] == "user"]
    assert texts_before == ["hello", "my order is A1002"]
    assert rasa.say(sender, "thanks"), "no reply after the restart"
    texts_after = [e.get("text") for e in rasa.tracker(sender)["events"] if e["event"] == "user"]
    assert texts_after == ["hello", "my order is A1002", "thanks"]


BAD_BODIES = {
    "invalid json": b"{not json",
    "json array": b"[1, 2, 3]",
    "missing message": b'{"sender": "someone"}',
    "missing sender": b'{"message": "hello"}',
    "message not text": b'{"sender": "someone", "message": {"x": 1}}',
    "metadata not object": b'{"sender": "someone", "message": "hi", "metadata": "x"}',
    "binary junk": bytes(range(256)) * 4,
    "one megabyte message": b'{"sender": "someone", "message": "' + b"a" * 1_000_000 + b'"}',
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_bad_input_gets_a_clear_4xx_and_the_server_keeps_serving(rasa, body):
    response = requests.post(f"{rasa.url}/webhooks/rest/webhook", data=body, timeout=30)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
    assert response.json()["error"], response.text[:200]
    assert rasa.say(new_sender(), "hello"), "server stopped answering after bad input"


def test_control_characters_are_tolerated(rasa):
    replies = rasa.say(new_sender(), "hello\x00\x07 there")
    assert replies


def test_api_needs_the_token(rasa):
    sender = new_sender()
    rasa.say(sender, "hello")
    assert requests.get(f"{rasa.url}/conversations/{sender}/tracker", timeout=10).status_code == 401
    ok = requests.get(f"{rasa.url}/conversations/{sender}/tracker", params={"token": API_TOKEN}, timeout=10)
    assert ok.status_code == 200

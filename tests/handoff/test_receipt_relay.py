"""Buyer messages go on the relay stream as they arrive, and reach the agent once (real Redis)."""
import asyncio
import json

import redis
from rasa.core.channels.channel import UserMessage

from bot.event_broker import RedisStreamEventBroker
from handoff.notify import CHANNEL
from handoff.queue import HandoffQueue
from handoff.relay import RASA_EVENTS, Relay
from tests.handoff.helpers import connect, disconnect, new_service


def test_a_message_written_on_receipt_is_not_written_again_when_rasa_saves_it(redis_port):
    client = redis.Redis(port=redis_port, decode_responses=True)
    broker = RedisStreamEventBroker(client)
    message = UserMessage("¿dónde está mi pedido?", sender_id="buyer-1", input_channel="socketio")
    broker.publish_received(message)
    # What Rasa publishes after parsing and saving the tracker:
    broker.publish({"event": "user", "sender_id": "buyer-1", "text": message.text,
                    "message_id": message.message_id, "timestamp": 1.0})
    broker.publish({"event": "bot", "sender_id": "buyer-1", "text": "Un momento"})
    broker.publish({"event": "user", "sender_id": "buyer-1", "text": "sent by the API",
                    "message_id": "not-seen-on-receipt", "timestamp": 2.0})
    entries = [fields for _, fields in client.xrange(RASA_EVENTS)]
    client.close()
    assert [(e["event"], e["text"]) for e in entries] == [
        ("user", "¿dónde está mi pedido?"), ("bot", "Un momento"), ("user", "sent by the API")]
    assert entries[0]["message_id"] == message.message_id
    assert entries[0]["input_channel"] == "socketio"


def test_a_message_on_the_stream_twice_reaches_the_agent_once(redis_port):
    async def scenario():
        client = connect(redis_port)
        queue = HandoffQueue(client)
        service = new_service(queue)
        hub = service.hub
        ticket = await queue.create_ticket("buyer-2", channel="socketio", language="en", topic="general")
        await queue.upsert_agent("ana", display_name="Ana", languages=["en"], skills=["general"], capacity=2)
        await queue.claim("ana", ticket.id)
        listener = connect(redis_port).pubsub()
        await listener.subscribe(CHANNEL)
        relay = Relay(client, service, rasa=None, hub=hub, instance="test")
        fields = {"event": "user", "sender_id": "buyer-2", "text": "is anyone there?",
                  "message_id": "m-1", "timestamp": repr(ticket.created_at + 1), "input_channel": "socketio"}
        await relay.on_rasa_event("1-0", fields)  # written on receipt
        await relay.on_rasa_event("2-0", fields)  # the same message again (e.g. a re-read)
        pushed = []
        for _ in range(20):
            item = await listener.get_message(ignore_subscribe_messages=True, timeout=0.1)
            if item:
                pushed.append(json.loads(item["data"])["event"])
        messages = await queue.read_messages(ticket.id)
        await listener.close()
        await disconnect(client)
        return pushed, messages

    pushed, messages = asyncio.run(scenario())
    assert [m.text for m in messages] == ["is anyone there?"]
    assert [e["message"]["text"] for e in pushed if e["type"] == "message"] == ["is anyone there?"]

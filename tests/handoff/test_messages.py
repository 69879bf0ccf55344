"""Messages during a handoff: stored once per idempotency key, in order, resumable."""
import asyncio

import pytest

from handoff.models import Sender
from handoff.queue import NotFound, Rejected
from handoff.relay import Relay
from handoff.service import OUTBOX
from tests.handoff.helpers import new_agent, new_service, new_ticket


async def assigned_ticket(q, agent_id="ana"):
    ticket = await new_ticket(q, "conv-1", language="es")
    await new_agent(q, agent_id)
    await q.claim(agent_id, ticket.id)
    return ticket.id


def test_buyer_and_agent_messages_are_read_in_the_order_posted(run):
    async def scenario(q):
        tid = await assigned_ticket(q)
        for i in range(20):
            if i % 2:
                await q.post_message(tid, Sender.AGENT, f"m{i}", f"k{i}", agent_id="ana",
                                     meta={"original": f"原文{i}", "language": "zh"})
            else:
                await q.post_message(tid, Sender.BUYER, f"m{i}", f"k{i}")
        return await q.read_messages(tid)

    messages = run(scenario)
    assert [m.text for m in messages] == [f"m{i}" for i in range(20)]
    assert [m.sender for m in messages[:2]] == [Sender.BUYER, Sender.AGENT]
    assert messages[1].agent_id == "ana" and messages[1].meta == {"original": "原文1", "language": "zh"}
    ids = [tuple(map(int, m.id.split("-"))) for m in messages]
    assert ids == sorted(ids) and len(set(ids)) == 20


def test_a_retried_post_is_stored_once(run):
    async def scenario(q):
        tid = await assigned_ticket(q)
        first = await q.post_message(tid, Sender.BUYER, "hola", "buyer-msg-1")
        retry = await q.post_message(tid, Sender.BUYER, "hola", "buyer-msg-1")
        burst = await asyncio.gather(
            *(q.post_message(tid, Sender.BUYER, "¿sigue ahí?", "buyer-msg-2") for _ in range(10)))
        return first, retry, burst, await q.read_messages(tid)

    first, retry, burst, stored = run(scenario)
    assert retry == first
    assert len({m.id for m in burst}) == 1
    assert [m.text for m in stored] == ["hola", "¿sigue ahí?"]


def test_reading_after_the_last_seen_id_returns_only_newer_messages(run):
    async def scenario(q):
        tid = await assigned_ticket(q)
        for i in range(5):
            await q.post_message(tid, Sender.BUYER, f"m{i}", f"k{i}")
        first_two = await q.read_messages(tid, count=2)
        rest = await q.read_messages(tid, after=first_two[-1].id)
        nothing = await q.read_messages(tid, after=rest[-1].id, block_ms=50)
        return first_two, rest, nothing

    first_two, rest, nothing = run(scenario)
    assert [m.text for m in first_two] == ["m0", "m1"]
    assert [m.text for m in rest] == ["m2", "m3", "m4"]
    assert nothing == []


def test_a_blocked_reader_wakes_up_for_a_new_message(run):
    async def scenario(q):
        tid = await assigned_ticket(q)
        reader = asyncio.create_task(q.read_messages(tid, block_ms=5000))
        await asyncio.sleep(0.1)
        await q.post_message(tid, Sender.BUYER, "ping", "k1")
        return await asyncio.wait_for(reader, 2)

    assert [m.text for m in run(scenario)] == ["ping"]


def test_unacknowledged_messages_are_delivered_again(run):
    async def scenario(q):
        tid = await assigned_ticket(q)
        for i in range(4):
            await q.post_message(tid, Sender.AGENT, f"a{i}", f"k{i}", agent_id="ana")
        batch = await q.read_unacked(tid, "buyer-relay")
        await q.ack(tid, "buyer-relay", batch[1].id)  # relayed two, then crashed
        redelivered = await q.read_unacked(tid, "buyer-relay")
        late = await q.ack(tid, "buyer-relay", batch[0].id)  # an old ack never moves back
        other = await q.read_unacked(tid, "agent-console")
        return batch, redelivered, late, other

    batch, redelivered, late, other = run(scenario)
    assert [m.text for m in redelivered] == ["a2", "a3"]
    assert late == batch[1].id
    assert len(other) == 4  # each consumer has its own cursor


def test_only_the_assigned_agent_may_write_and_nobody_after_the_end(run):
    async def scenario(q):
        tid = await assigned_ticket(q)
        await new_agent(q, "bob")
        with pytest.raises(Rejected) as intruder:
            await q.post_message(tid, Sender.AGENT, "hi", "k1", agent_id="bob")
        stored = await q.post_message(tid, Sender.BUYER, "bye", "k2")
        await q.close(tid)
        with pytest.raises(Rejected) as late:
            await q.post_message(tid, Sender.BUYER, "one more", "k3")
        retried = await q.post_message(tid, Sender.BUYER, "bye", "k2")  # a retry of a stored post
        with pytest.raises(NotFound):
            await q.post_message("nope", Sender.BUYER, "x", "k4")
        return intruder.value.reason, late.value.reason, stored, retried, await q.read_messages(tid)

    intruder, late, stored, retried, messages = run(scenario)
    assert (intruder, late) == ("not_assigned", "finished")
    assert retried == stored
    assert [m.text for m in messages] == ["bye"]


def test_whatsapp_replies_are_refused_24_hours_after_the_buyer_last_wrote_until_they_write_again(run, clock):
    async def scenario(q):
        service = new_service(q)
        agent = await new_agent(q, "ana", languages=("es",))
        whatsapp = await q.create_ticket("whatsapp:+34600000001", channel="twilio", language="es", topic="general")
        sms = await q.create_ticket("+34600000002", channel="twilio", language="es", topic="general")
        web = await q.create_ticket("web-1", channel="socketio", language="es", topic="general")
        for ticket in (whatsapp, sms, web):
            await q.claim("ana", ticket.id)
        clock.advance(23 * 3600)
        await service.send(agent, whatsapp.id, "hola, ya estoy aquí", "a1")
        clock.advance(2 * 3600)  # 25 hours after the buyer asked for a person
        with pytest.raises(Rejected) as refused:
            await service.send(agent, whatsapp.id, "¿sigues ahí?", "a2")
        await service.send(agent, sms.id, "¿sigues ahí?", "s1")  # SMS and the web chat have no window
        await service.send(agent, web.id, "¿sigues ahí?", "w1")
        await service.buyer_message(whatsapp.conversation_id, "sí, sigo aquí", clock(), "b1", {})
        await service.send(agent, whatsapp.id, "perfecto", "a3")
        return refused.value.reason, [m.text for m in await q.read_messages(whatsapp.id)]

    reason, messages = run(scenario)
    assert reason == "reply_window"
    assert messages == ["hola, ya estoy aquí", "sí, sigo aquí", "perfecto"]  # the refused one is not stored


class RecordingRasa:
    """What the delivery loop asks Rasa to say (handoff/rasa_client.py `say`)."""

    def __init__(self):
        self.said = []

    async def say(self, conversation_id, text, agent_name="", message_tag=None):
        self.said.append((text, message_tag))


async def deliver_outbox(q, service, ticket_id):
    """Runs the delivery loop's handler over the ticket's queued agent messages."""
    rasa = RecordingRasa()
    relay = Relay(q.redis, service, rasa, service.hub, instance="test")
    for entry_id, fields in await q.redis.xrange(OUTBOX):
        if fields["ticket_id"] == ticket_id and fields["kind"] == "say":
            await relay.on_outbox(entry_id, fields)
            await q.redis.xdel(OUTBOX, entry_id)
    return rasa.said


def test_with_the_human_agent_tag_messenger_replies_are_accepted_for_7_days_and_tagged_after_24_hours(
        run, clock, monkeypatch):
    monkeypatch.setenv("MESSENGER_HUMAN_AGENT_TAG", "1")

    async def scenario(q):
        service = new_service(q)
        agent = await new_agent(q, "ana", languages=("es",))
        messenger = await q.create_ticket("2400000000000001", channel="facebook", language="es", topic="general")
        whatsapp = await q.create_ticket("whatsapp:+34600000001", channel="twilio", language="es", topic="general")
        for ticket in (messenger, whatsapp):
            await q.claim("ana", ticket.id)
        closes_at = (await q.get_ticket(messenger.id)).reply_window_closes_at
        clock.advance(3600)
        await service.send(agent, messenger.id, "hola, ya estoy aquí", "m1")
        within_24_hours = await deliver_outbox(q, service, messenger.id)
        clock.advance(2 * 24 * 3600)  # two days after the buyer's last message
        await service.send(agent, messenger.id, "¿sigues ahí?", "m2")
        after_2_days = await deliver_outbox(q, service, messenger.id)
        with pytest.raises(Rejected) as whatsapp_refused:  # WhatsApp has no such tag
            await service.send(agent, whatsapp.id, "¿sigues ahí?", "w1")
        clock.advance(6 * 24 * 3600)  # eight days
        with pytest.raises(Rejected) as refused:
            await service.send(agent, messenger.id, "¿hola?", "m3")
        await service.buyer_message(messenger.conversation_id, "sí, sigo aquí", clock(), "b1", {})
        await service.send(agent, messenger.id, "perfecto", "m4")
        after_buyer_wrote = await deliver_outbox(q, service, messenger.id)
        return (closes_at - messenger.created_at, within_24_hours, after_2_days, whatsapp_refused.value.reason,
                refused.value.reason, after_buyer_wrote)

    window, within_24_hours, after_2_days, whatsapp_refused, refused, after_buyer_wrote = run(scenario)
    assert window == 7 * 24 * 3600
    assert within_24_hours == [("hola, ya estoy aquí", None)]
    assert after_2_days == [("¿sigues ahí?", "HUMAN_AGENT")]
    assert (whatsapp_refused, refused) == ("reply_window", "reply_window")
    assert after_buyer_wrote == [("perfecto", None)]


def test_without_the_human_agent_tag_messenger_replies_are_refused_after_24_hours(run, clock, monkeypatch):
    monkeypatch.delenv("MESSENGER_HUMAN_AGENT_TAG", raising=False)

    async def scenario(q):
        service = new_service(q)
        agent = await new_agent(q, "ana", languages=("es",))
        messenger = await q.create_ticket("2400000000000002", channel="facebook", language="es", topic="general")
        await q.claim("ana", messenger.id)
        closes_at = (await q.get_ticket(messenger.id)).reply_window_closes_at
        clock.advance(2 * 24 * 3600)
        with pytest.raises(Rejected) as refused:
            await service.send(agent, messenger.id, "¿sigues ahí?", "m1")
        return closes_at - messenger.created_at, refused.value.reason

    assert run(scenario) == (24 * 3600, "reply_window")

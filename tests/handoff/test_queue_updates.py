"""Buyers waiting on messaging apps hear when their place in line changes (real Redis)."""
import asyncio

from handoff.queue import HandoffQueue
from handoff.service import OUTBOX
from tests.handoff.helpers import connect, disconnect, new_service


def test_a_telegram_buyer_is_told_the_new_place_once(redis_port):
    async def scenario():
        redis = connect(redis_port)
        queue = HandoffQueue(redis)
        service = new_service(queue)
        first = await queue.create_ticket("tg-1", channel="telegram", language="en", topic="general")
        await queue.create_ticket("tg-2", channel="telegram", language="en", topic="general")
        await queue.create_ticket("web-1", channel="socketio", language="en", topic="general")
        assert await service.notify_waiting_buyers(min_interval_s=0) == 0  # told at escalation
        await queue.upsert_agent("ana", display_name="Ana", languages=["en"], skills=["general"], capacity=2)
        await queue.claim("ana", first.id)
        sent = await service.notify_waiting_buyers(min_interval_s=0)
        again = await service.notify_waiting_buyers(min_interval_s=0)
        entries = await redis.xrange(OUTBOX)
        await disconnect(redis)
        return sent, again, [fields for _, fields in entries]

    sent, again, entries = asyncio.run(scenario())
    assert (sent, again) == (1, 0)  # the widget buyer (socketio) sees it live instead
    queued = [e for e in entries if e["kind"] == "queued"]
    assert [(e["conversation_id"], e["position"]) for e in queued] == [("tg-2", "1")]


def test_an_agent_typing_on_telegram_is_announced_once_per_few_seconds(redis_port):
    async def scenario():
        redis = connect(redis_port)
        queue = HandoffQueue(redis)
        service = new_service(queue)
        await queue.upsert_agent("ana", display_name="Ana", languages=["en"], skills=["general"], capacity=2)
        telegram = await queue.create_ticket("tg-7", channel="telegram", language="en", topic="general")
        widget = await queue.create_ticket("web-7", channel="socketio", language="en", topic="general")
        for ticket in (telegram, widget):
            await queue.claim("ana", ticket.id)
        agent = await queue.get_agent("ana")
        for _ in range(5):  # the console reports typing every few keystrokes
            await service.typing(agent, telegram.id)
            await service.typing(agent, widget.id)
        entries = [fields for _, fields in await redis.xrange(OUTBOX)]
        status = await service.public_status("web-7")
        await disconnect(redis)
        return [(e["conversation_id"], e["channel"]) for e in entries if e["kind"] == "typing"], status

    typing, widget_status = asyncio.run(scenario())
    assert typing == [("tg-7", "telegram")]
    assert widget_status["agent_typing"] is True  # the widget reads it from the status endpoint

"""Buyers waiting on messaging apps hear when their place in line changes (real Redis)."""
import asyncio

from bot.translation import NoTranslator
from handoff.agents import AgentDirectory
from handoff.hours import BusinessHours
from handoff.notify import Hub
from handoff.queue import HandoffQueue
from handoff.service import OUTBOX, HandoffService
from tests.handoff.helpers import connect, disconnect


def test_a_telegram_buyer_is_told_the_new_place_once(redis_port):
    async def scenario():
        redis = connect(redis_port)
        queue = HandoffQueue(redis)
        service = HandoffService(redis, queue, Hub(redis), NoTranslator(), AgentDirectory({}),
                                 BusinessHours.always_open())
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

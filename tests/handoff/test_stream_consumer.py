"""The relay's stream consumer on a real Redis: at least once, in order per conversation."""
import asyncio
from collections import defaultdict

import redis.asyncio as aioredis

from handoff.relay import StreamConsumer


def test_failed_delivery_is_retried_and_nothing_overtakes_it(redis_port):
    async def scenario():
        client = aioredis.Redis(port=redis_port, decode_responses=True)
        for conversation, text in [("a", "a1"), ("b", "b1"), ("a", "a2"), ("b", "b2"), ("a", "a3")]:
            await client.xadd("outbox", {"conversation_id": conversation, "text": text})
        seen = defaultdict(list)
        failed_once = set()

        async def handler(entry_id, fields):
            if fields["text"] == "a2" and "a2" not in failed_once:
                failed_once.add("a2")
                raise ConnectionError("Rasa is restarting")  # like an unreachable Rasa
            seen[fields["conversation_id"]].append(fields["text"])

        consumer = StreamConsumer(client, "outbox", "delivery", "worker-1", handler, block_ms=100,
                                  retry_s=0.05, delete_after_ack=True, order_key="conversation_id")
        task = asyncio.create_task(consumer.run())
        for _ in range(100):
            if len(seen["a"]) == 3 and len(seen["b"]) == 2:
                break
            await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        pending = await client.xpending("outbox", "delivery")
        left = await client.xlen("outbox")
        await client.close()
        return dict(seen), pending["pending"], left

    seen, pending, left = asyncio.run(scenario())
    assert seen == {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"]}
    assert pending == 0 and left == 0


def test_a_restarted_consumer_finishes_what_it_had_taken(redis_port):
    async def scenario():
        client = aioredis.Redis(port=redis_port, decode_responses=True)
        await client.xgroup_create("events", "relay", id="0", mkstream=True)
        await client.xadd("events", {"conversation_id": "a", "text": "taken before the crash"})
        # The first process read the entry and died before acknowledging it.
        await client.xreadgroup("relay", "worker-1", {"events": ">"})
        handled = []

        async def handler(entry_id, fields):
            handled.append(fields["text"])

        consumer = StreamConsumer(client, "events", "relay", "worker-1", handler, block_ms=100)
        task = asyncio.create_task(consumer.run())
        for _ in range(50):
            if handled:
                break
            await asyncio.sleep(0.05)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        pending = await client.xpending("events", "relay")
        await client.close()
        return handled, pending["pending"]

    assert asyncio.run(scenario()) == (["taken before the crash"], 0)

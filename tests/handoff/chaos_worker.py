"""A handoff process doing everything at once until it is killed: `python -m ... <redis port>`.

test_durability kills it with SIGKILL at an arbitrary moment and checks the state it left.
"""
import asyncio
import random
import sys

import redis.asyncio as aioredis

from handoff.models import AgentStatus, Sender
from handoff.queue import HandoffError, HandoffQueue

AGENTS = [f"agent-{i}" for i in range(6)]
PROGRESS_KEY = "chaos:operations"  # outside the queue's prefix


async def step(q: HandoffQueue, rng: random.Random, n: int) -> None:
    agent = rng.choice(AGENTS)
    action = rng.randrange(8)
    waiting = [i for name in q.config.priority_names
               for i in await q.redis.zrange(q.key("queue", name), 0, 20)]
    if action <= 1 or not waiting:
        await q.create_ticket(f"conv-{rng.randrange(10_000)}", channel="socketio",
                              language=rng.choice(["en", "es", "zh"]), topic="general",
                              priority=rng.choice(["urgent", "high", "normal", "low"]))
    elif action == 2:
        await q.claim(agent, rng.choice(waiting))
    elif action == 3:
        await q.offer(rng.choice(waiting), agent, timeout_s=rng.choice([0, 0.05, 30]))
    elif action == 4:
        await q.requeue_expired()
        await q.claim_next(agent)
    elif action == 5:
        await q.release_agent(agent, requeue_assigned=rng.random() < 0.5)
        await q.set_agent_status(agent, AgentStatus.ONLINE)
    else:
        for ticket_id in (await q.get_agent(agent)).active_tickets:
            await q.post_message(ticket_id, Sender.AGENT, "hi", f"{agent}-{n}", agent_id=agent)
            await q.close(ticket_id, by_agent=agent)
            break


async def worker(q: HandoffQueue, seed: int) -> None:
    rng = random.Random(seed)
    n = 0
    while True:
        n += 1
        try:
            await step(q, rng, n)
        except HandoffError:
            pass  # a lost race is normal here
        await q.redis.incr(PROGRESS_KEY)


async def main(port: int) -> None:
    client = aioredis.Redis(host="localhost", port=port, decode_responses=True)
    q = HandoffQueue(client)
    for agent_id in AGENTS:
        await q.upsert_agent(agent_id, display_name=agent_id, languages=["en", "es"],
                             skills=["general"], capacity=3)
    await asyncio.gather(*(worker(q, seed) for seed in range(8)))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))

"""Short ways to connect and to create the tickets and agents the tests talk about."""
from typing import Sequence

import redis.asyncio as aioredis

from bot.translation import NoTranslator
from handoff.agents import AgentDirectory
from handoff.hours import BusinessHours
from handoff.models import Agent, AgentStatus, Ticket
from handoff.notify import Hub
from handoff.queue import HandoffQueue
from handoff.service import HandoffService


def connect(port: int) -> aioredis.Redis:
    return aioredis.Redis(host="localhost", port=port, decode_responses=True)


async def disconnect(client: aioredis.Redis) -> None:
    await client.close()
    await client.connection_pool.disconnect()


def new_service(queue: HandoffQueue) -> HandoffService:
    """The handoff service on the queue's Redis: no translation, always open, no agent file."""
    return HandoffService(queue.redis, queue, Hub(queue.redis), NoTranslator(), AgentDirectory({}),
                          BusinessHours.always_open())


async def new_ticket(q: HandoffQueue, conversation_id: str, priority: str = "normal",
                     language: str = "en", topic: str = "shipping", **fields) -> Ticket:
    return await q.create_ticket(conversation_id, channel="socketio", language=language,
                                 topic=topic, priority=priority, **fields)


async def new_agent(q: HandoffQueue, agent_id: str, languages: Sequence[str] = ("en",),
                    skills: Sequence[str] = ("general",), capacity: int = 3,
                    status: AgentStatus = AgentStatus.ONLINE) -> Agent:
    return await q.upsert_agent(agent_id, display_name=agent_id.title(), languages=languages,
                                skills=skills, capacity=capacity, status=status)


async def drain(q: HandoffQueue, agent_id: str) -> list:
    """Conversation ids in the order the agent serves them (claim, close) until nothing fits."""
    served = []
    while (ticket := await q.claim_next(agent_id)) is not None:
        served.append(ticket.conversation_id)
        await q.close(ticket.id)
    return served

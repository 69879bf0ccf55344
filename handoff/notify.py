"""Live events to agents' consoles, across every handoff process.

Anything that changes what an agent sees is published on one Redis pub/sub channel; every
process delivers it to the WebSockets it holds. Pub/sub is fire-and-forget on purpose: the
durable state is in the queue and the message streams, and a console that reconnects
re-reads it over HTTP. A missed live event costs a refresh, never data.
"""
import asyncio
import json
import logging
from collections import defaultdict
from typing import Any, Dict, Optional, Set

import redis.asyncio as aioredis
from aiohttp import web

logger = logging.getLogger(__name__)
CHANNEL = "handoff:notify"


class Hub:
    def __init__(self, redis: aioredis.Redis):
        self.redis = redis
        self.sockets: Dict[str, Set[web.WebSocketResponse]] = defaultdict(set)

    # -- publishing (any process) ----------------------------------------------------------

    async def to_agent(self, agent_id: str, event: Dict[str, Any]) -> None:
        await self.redis.publish(CHANNEL, json.dumps({"agent_id": agent_id, "event": event}))

    async def to_all(self, event: Dict[str, Any]) -> None:
        await self.redis.publish(CHANNEL, json.dumps({"agent_id": None, "event": event}))

    async def queue_changed(self) -> None:
        await self.to_all({"type": "queue"})

    # -- local sockets -----------------------------------------------------------------------

    def add(self, agent_id: str, socket: web.WebSocketResponse) -> None:
        self.sockets[agent_id].add(socket)

    def remove(self, agent_id: str, socket: web.WebSocketResponse) -> int:
        """Forget a socket; returns how many the agent still has here."""
        self.sockets[agent_id].discard(socket)
        left = len(self.sockets[agent_id])
        if not left:
            self.sockets.pop(agent_id, None)
        return left

    def connected(self, agent_id: str) -> bool:
        return bool(self.sockets.get(agent_id))

    async def _deliver(self, agent_id: Optional[str], event: Dict[str, Any]) -> None:
        targets = ([s for group in self.sockets.values() for s in group] if agent_id is None
                   else list(self.sockets.get(agent_id, ())))
        for socket in targets:
            if not socket.closed:
                try:
                    await socket.send_json(event)
                except (ConnectionError, RuntimeError) as error:
                    logger.info("dropping a closed console socket: %s", error)

    async def listen(self) -> None:
        """Deliver published events to this process's sockets until cancelled."""
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.subscribe(CHANNEL)
                async for item in pubsub.listen():
                    if item.get("type") != "message":
                        continue
                    data = json.loads(item["data"])
                    await self._deliver(data.get("agent_id"), data["event"])
            except asyncio.CancelledError:
                raise
            except Exception as error:  # Redis restarted: resubscribe, consoles re-read state
                logger.warning("notification channel lost (%s); resubscribing", error)
                await asyncio.sleep(1)
            finally:
                try:
                    await pubsub.close()
                except Exception:
                    pass

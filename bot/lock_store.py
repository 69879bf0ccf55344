"""Rasa's Redis lock store, retrying a busy conversation lock every 20 ms instead of every second.

endpoints.yml:

    lock_store:
      type: bot.lock_store.PromptRedisLockStore
      url: ${REDIS_HOST}
      port: ${REDIS_PORT}
      ...
      retry_interval: 0.02     # optional, seconds

Rasa takes a per-conversation lock for every message and every API call that changes a
tracker, and its lock store polls a busy lock once per second. During a handoff the handoff
service runs `/execute` for agent messages while the buyer keeps typing, so two requests for
one conversation often overlap by a few milliseconds: the later one then waited a whole second
(the ~1-2 s tail in the relay benchmark, docs/benchmarks.md). Polling every 20 ms costs one
small Redis GET per waiting request per poll, only while a lock is actually busy.
"""
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

DEFAULT_RETRY_INTERVAL_S = 0.02


class PromptRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        kwargs = dict(endpoint_config.kwargs)
        self.retry_interval = float(kwargs.pop("retry_interval", None) or DEFAULT_RETRY_INTERVAL_S)
        super().__init__(host=endpoint_config.url or "localhost", **kwargs)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: Optional[float] = None) -> AsyncGenerator[TicketLock, None]:
        async with super().lock(conversation_id, lock_lifetime,
                                wait_time_in_seconds or self.retry_interval) as ticket_lock:
            yield ticket_lock

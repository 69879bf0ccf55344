"""A real Redis for the queue tests, emptied before each test.

Each test runs its scenario with `run(scenario)`: a fresh event loop, a fresh Redis client
and a fresh HandoffQueue, the way one process of the handoff service would.
"""
import asyncio
from typing import Awaitable, Callable, TypeVar

import pytest

from handoff.models import QueueConfig
from handoff.queue import HandoffQueue
from tests.handoff.helpers import connect, disconnect
from tests.services import redis_client, redis_service

T = TypeVar("T")


class Clock:
    """A clock the test moves by hand, so timeouts and SLA targets need no sleeping."""

    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def handoff_redis(tmp_path_factory):
    service = redis_service(tmp_path_factory.mktemp("handoff-redis")).start(timeout=30)
    yield service
    service.stop()


@pytest.fixture
def redis_port(handoff_redis) -> int:
    client = redis_client(handoff_redis.port)
    client.flushall()
    client.close()
    return handoff_redis.port


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def run(redis_port, clock):
    def run(scenario: Callable[[HandoffQueue], Awaitable[T]], config: QueueConfig = QueueConfig()) -> T:
        async def main() -> T:
            client = connect(redis_port)
            try:
                return await scenario(HandoffQueue(client, config, clock))
            finally:
                await disconnect(client)

        return asyncio.run(main())

    return run

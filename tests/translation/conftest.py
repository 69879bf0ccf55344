"""Fixtures for the translation tests: the LibreTranslate stand-in over real HTTP and a
private, throw-away redis-server (never the developer's Redis on 6379/6380)."""
import asyncio
from typing import Callable, List, Optional

import pytest
import redis

from bot.translation import CircuitBreaker, ProviderConfig, ProviderTranslator, RedisTranslationCache
from tests.services import free_port, redis_client, redis_service
from tests.standins.libretranslate import LibreTranslateStandIn


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.fixture(scope="package")
def translation_redis(tmp_path_factory):
    service = redis_service(tmp_path_factory.mktemp("translation-redis")).start(timeout=30)
    yield service
    service.stop()


@pytest.fixture
def redis_db(translation_redis) -> redis.Redis:
    client = redis_client(translation_redis.port)
    client.flushall()  # our private server: every test starts with an empty cache
    yield client
    client.close()


@pytest.fixture
def standin():
    server = LibreTranslateStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def unused_port() -> int:
    return free_port()


@pytest.fixture
def make_translator(standin, translation_redis, redis_db) -> Callable[..., ProviderTranslator]:
    """Builds a LibreTranslate-backed translator pointed at the stand-in; closes it afterwards."""
    made: List[ProviderTranslator] = []

    def make(timeout_s: float = 2.0, api_key: Optional[str] = None, redis_port: Optional[int] = None,
             breaker: Optional[CircuitBreaker] = None) -> ProviderTranslator:
        cache = RedisTranslationCache.connect("127.0.0.1", redis_port or translation_redis.port, None, 0,
                                              ttl_s=3600)
        translator = ProviderTranslator(ProviderConfig("libre", api_key=api_key, url=standin.url),
                                        timeout_s=timeout_s, cache=cache, breaker=breaker)
        made.append(translator)
        return translator

    yield make
    for translator in made:
        translator.close()

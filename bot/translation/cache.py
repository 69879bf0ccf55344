"""The translation cache: Redis when available, and never a reason for a translation to fail."""
import hashlib
import json
import logging
from typing import Optional

import redis

from bot.translation.breaker import CircuitBreaker

log = logging.getLogger(__name__)

KEY_PREFIX = "translation:v1:"


def cache_key(provider: str, source: str, target: str, text: str) -> str:
    # JSON of the tuple keeps the fields unambiguous (no separator can appear inside a field).
    fields = json.dumps([provider, source, target, text], ensure_ascii=False)
    return KEY_PREFIX + hashlib.sha256(fields.encode("utf-8")).hexdigest()


class TranslationCache:
    """No cache: every lookup misses. Base class of the Redis cache."""

    def get(self, key: str) -> Optional[str]:
        return None

    def set(self, key: str, translated: str) -> None:
        pass

    def close(self) -> None:
        pass


class RedisTranslationCache(TranslationCache):
    """Translations in Redis with a TTL.

    Redis errors are logged and ignored. After one, Redis is left alone for
    ``retry_after_s`` so that a Redis outage does not cost a socket timeout per message.
    """

    def __init__(self, client: redis.Redis, ttl_s: int, retry_after_s: float = 10.0):
        self._client = client
        self._ttl_s = ttl_s
        self._breaker = CircuitBreaker(failure_threshold=1, reset_after_s=retry_after_s)

    @classmethod
    def connect(cls, host: str, port: int, password: Optional[str], db: int, ttl_s: int,
                socket_timeout_s: float = 0.25) -> "RedisTranslationCache":
        client = redis.Redis(host=host, port=port, password=password or None, db=db,
                             decode_responses=True, socket_timeout=socket_timeout_s,
                             socket_connect_timeout=socket_timeout_s)
        return cls(client, ttl_s)

    def get(self, key: str) -> Optional[str]:
        if not self._breaker.allow():
            return None
        try:
            value = self._client.get(key)
        except redis.RedisError as exc:
            self._on_error("read", exc)
            return None
        self._breaker.record_success()
        return value

    def set(self, key: str, translated: str) -> None:
        if not self._breaker.allow():
            return
        try:
            self._client.set(key, translated, ex=self._ttl_s)
        except redis.RedisError as exc:
            self._on_error("write", exc)
            return
        self._breaker.record_success()

    def close(self) -> None:
        self._client.close()

    def _on_error(self, operation: str, exc: Exception) -> None:
        if not self._breaker.is_open:
            log.warning("translation cache %s failed, continuing without cache: %s", operation, exc)
        self._breaker.record_failure()

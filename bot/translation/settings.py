"""Translation settings, read from the environment (keys only ever come from there)."""
import os
from dataclasses import dataclass, field
from typing import Mapping, Optional

from bot.translation.providers import TranslationConfigError


def _parse_language_map(raw: str) -> Mapping[str, str]:
    """"zh=zh-Hans, pt=pb" -> {"zh": "zh-Hans", "pt": "pb"}."""
    pairs = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        ours, sep, theirs = item.partition("=")
        if not sep or not ours.strip() or not theirs.strip():
            raise TranslationConfigError(f"TRANSLATION_LANGUAGE_MAP: expected code=provider_code, got {item!r}")
        pairs[ours.strip().lower()] = theirs.strip()
    return pairs


@dataclass(frozen=True)
class TranslationSettings:
    provider: str = "none"
    api_key: Optional[str] = field(default=None, repr=False)
    url: Optional[str] = None
    region: Optional[str] = None
    timeout_s: float = 3.0
    language_map: Mapping[str, str] = field(default_factory=dict)
    cache_ttl_s: int = 30 * 24 * 3600
    breaker_failures: int = 3
    breaker_reset_s: float = 30.0
    redis_host: str = "localhost"
    redis_port: int = 6380
    redis_password: Optional[str] = field(default=None, repr=False)
    redis_db: int = 0

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "TranslationSettings":
        def get(name: str) -> Optional[str]:
            value = env.get(name, "").strip()
            return value or None

        try:
            return cls(
                provider=(get("TRANSLATION_PROVIDER") or "none").lower(),
                api_key=get("TRANSLATION_API_KEY"),
                url=get("TRANSLATION_URL"),
                region=get("TRANSLATION_REGION"),
                timeout_s=float(get("TRANSLATION_TIMEOUT_S") or cls.timeout_s),
                language_map=_parse_language_map(get("TRANSLATION_LANGUAGE_MAP") or ""),
                cache_ttl_s=int(get("TRANSLATION_CACHE_TTL_S") or cls.cache_ttl_s),
                breaker_failures=int(get("TRANSLATION_BREAKER_FAILURES") or cls.breaker_failures),
                breaker_reset_s=float(get("TRANSLATION_BREAKER_RESET_S") or cls.breaker_reset_s),
                redis_host=get("REDIS_HOST") or cls.redis_host,
                redis_port=int(get("REDIS_PORT") or cls.redis_port),
                redis_password=get("REDIS_PASSWORD"),
                redis_db=int(get("REDIS_DB") or cls.redis_db),
            )
        except ValueError as exc:
            if isinstance(exc, TranslationConfigError):
                raise
            raise TranslationConfigError(f"translation settings: {exc}") from exc

"""The one place that turns settings into a ready Translator."""
import os
from typing import Mapping

from bot.translation.base import NoTranslator, Translator
from bot.translation.breaker import CircuitBreaker
from bot.translation.cache import RedisTranslationCache, TranslationCache
from bot.translation.provider_translator import ProviderTranslator
from bot.translation.providers import ProviderConfig
from bot.translation.settings import TranslationSettings


def translator_from_settings(settings: TranslationSettings) -> Translator:
    if settings.provider == "none":
        return NoTranslator()
    config = ProviderConfig(name=settings.provider, api_key=settings.api_key, url=settings.url,
                            region=settings.region, language_map=settings.language_map)
    cache = (RedisTranslationCache.connect(settings.redis_host, settings.redis_port, settings.redis_password,
                                           settings.redis_db, settings.cache_ttl_s)
             if settings.cache_ttl_s > 0 else TranslationCache())
    return ProviderTranslator(
        config, timeout_s=settings.timeout_s, cache=cache,
        breaker=CircuitBreaker(settings.breaker_failures, settings.breaker_reset_s))


def translator_from_env(env: Mapping[str, str] = os.environ) -> Translator:
    """The Translator the environment configures (see docs/translation.md).

    Raises TranslationConfigError for a configuration that cannot work (unknown provider,
    missing key), so a mistake shows at start-up rather than as silent untranslated text.
    """
    return translator_from_settings(TranslationSettings.from_env(env))

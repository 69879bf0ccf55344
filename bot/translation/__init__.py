"""Machine translation of chat messages behind one small interface (docs/translation.md).

    translator = translator_from_env()
    result = await translator.translate("¿Dónde está mi pedido?", "es", "en")
    shown = result.text   # the translation, or the original when result.ok is False
"""
from bot.translation.base import NoTranslator, TranslationResult, Translator
from bot.translation.breaker import CircuitBreaker
from bot.translation.cache import RedisTranslationCache, TranslationCache, cache_key
from bot.translation.factory import translator_from_env, translator_from_settings
from bot.translation.provider_translator import ProviderTranslator
from bot.translation.providers import PROVIDERS, ProviderConfig, TranslationConfigError
from bot.translation.settings import TranslationSettings

__all__ = [
    "CircuitBreaker", "NoTranslator", "PROVIDERS", "ProviderConfig", "ProviderTranslator",
    "RedisTranslationCache", "TranslationCache", "TranslationConfigError", "TranslationResult",
    "TranslationSettings", "Translator", "cache_key", "translator_from_env", "translator_from_settings",
]

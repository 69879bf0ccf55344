"""A Translator backed by one deep-translator provider, with timeout, cache and circuit breaker."""
import asyncio
import concurrent.futures
import logging
from typing import Optional

from deep_translator.exceptions import (
    AuthorizationException, InvalidSourceOrTargetLanguage, LanguageNotSupportedException,
    NotValidLength, NotValidPayload, ServerException,
)

from bot.translation.base import (
    TranslationResult, Translator, failure, needs_no_translation, normalize_language,
)
from bot.translation.breaker import CircuitBreaker
from bot.translation.cache import TranslationCache, cache_key
from bot.translation.providers import ProviderConfig, build_client, validate

log = logging.getLogger(__name__)

# Raised by deep-translator before any request: the provider is healthy, the request is not.
_REJECTED_LOCALLY = (LanguageNotSupportedException, InvalidSourceOrTargetLanguage, NotValidPayload, NotValidLength)
# ServerException messages for statuses that blame the request (400, 413, 422, 501).
_REJECTED_BY_SERVER = frozenset(ServerException.errors[status] for status in (400, 413, 422, 501))


def _is_request_problem(exc: Exception) -> bool:
    """True when the request was at fault (say, a language the server lacks), not the provider:
    such failures must not trip the circuit breaker for everyone else."""
    if isinstance(exc, _REJECTED_LOCALLY):
        return True
    return isinstance(exc, ServerException) and bool(exc.args) and exc.args[0] in _REJECTED_BY_SERVER


class ProviderTranslator(Translator):
    """Translates through a deep-translator provider without ever blocking a reply.

    deep-translator is synchronous and sets no HTTP timeout, so each call runs on a worker
    thread and the caller stops waiting after ``timeout_s``. An abandoned call keeps its
    worker until the provider answers; its late answer still goes into the cache. The pool
    size bounds how many threads a hanging provider can hold, and the circuit breaker stops
    sending it new calls.
    """

    def __init__(self, config: ProviderConfig, *, timeout_s: float = 3.0,
                 cache: Optional[TranslationCache] = None, breaker: Optional[CircuitBreaker] = None,
                 max_workers: int = 8):
        validate(config)
        self.provider = config.name
        self.timeout_s = timeout_s
        self._config = config
        self._cache = cache or TranslationCache()
        self._breaker = breaker or CircuitBreaker()
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=max_workers, thread_name_prefix=f"translation-{config.name}")

    async def translate(self, text: str, source: str, target: str) -> TranslationResult:
        source, target = normalize_language(source), normalize_language(target)
        shortcut = needs_no_translation(text, source, target, self.provider)
        if shortcut:
            return shortcut
        key = cache_key(self.provider, source, target, text)
        cached = await asyncio.to_thread(self._cache.get, key)
        if cached is not None:
            return TranslationResult(cached, source, target, self.provider, cached=True)
        if not self._breaker.allow():
            return failure(text, source, target, self.provider, "provider skipped after repeated failures")

        call = self._pool.submit(self._translate_and_store, key, text, source, target)
        try:
            translated = await asyncio.wait_for(asyncio.wrap_future(call), self.timeout_s)
        except asyncio.TimeoutError:
            return self._failed(text, source, target, f"no answer within {self.timeout_s:g} s", count=True)
        except Exception as exc:  # any provider error must become ok=False, never an exception
            return self._failed(text, source, target, self._describe(exc), count=not _is_request_problem(exc))
        self._breaker.record_success()
        return TranslationResult(translated, source, target, self.provider)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._cache.close()

    def _translate_and_store(self, key: str, text: str, source: str, target: str) -> str:
        """Runs on a worker thread."""
        translated = build_client(self._config, source, target).translate(text)
        if not isinstance(translated, str) or not translated.strip():
            raise ValueError("provider returned no translation")
        self._cache.set(key, translated)
        return translated

    def _failed(self, text: str, source: str, target: str, reason: str, count: bool) -> TranslationResult:
        if count:
            self._breaker.record_failure()
        log.warning("translation %s→%s via %s failed: %s", source, target, self.provider, reason)
        return failure(text, source, target, self.provider, reason)

    def _describe(self, exc: Exception) -> str:
        if isinstance(exc, AuthorizationException):
            return "provider refused the API key (check TRANSLATION_API_KEY)"
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        if self._config.api_key:
            message = message.replace(self._config.api_key, "***")
        return f"{type(exc).__name__}: {message}" if message else type(exc).__name__

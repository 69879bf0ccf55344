"""The translation interface every caller depends on, and the provider-less implementation."""
import abc
import asyncio
import concurrent.futures
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class TranslationResult:
    """Outcome of one translation.

    On failure ``ok`` is False and ``text`` is the original text, so a caller can always
    show ``result.text``; ``reason`` says why (never contains a secret).
    """

    text: str
    source: str
    target: str
    provider: str
    cached: bool = False
    ok: bool = True
    reason: Optional[str] = None


def normalize_language(code: str) -> str:
    """Our language codes: ISO 639-1, lower case ("ZH" and " zh " are "zh")."""
    return code.strip().lower().replace("_", "-")


def needs_no_translation(text: str, source: str, target: str, provider: str) -> Optional[TranslationResult]:
    """The result for requests no provider has to see (same language, blank text), else None."""
    if source == target or not text.strip():
        return TranslationResult(text=text, source=source, target=target, provider=provider)
    return None


def failure(text: str, source: str, target: str, provider: str, reason: str) -> TranslationResult:
    return TranslationResult(text=text, source=source, target=target, provider=provider, ok=False, reason=reason)


class Translator(abc.ABC):
    """Translates short chat messages. Never raises for provider problems and never blocks
    longer than its timeout: failures come back as ``ok=False`` with the original text."""

    provider: str

    @abc.abstractmethod
    async def translate(self, text: str, source: str, target: str) -> TranslationResult:
        """Translate ``text`` from ``source`` to ``target`` (ISO 639-1 codes; ``source`` may be "auto")."""

    def translate_sync(self, text: str, source: str, target: str) -> TranslationResult:
        """Blocking variant for synchronous code (scripts, Rasa NLU components).

        Blocks the calling thread at most about the translator's timeout. Inside a thread that
        already runs an event loop it runs on a helper thread, since ``asyncio.run`` cannot nest.
        """
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.translate(text, source, target))
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as helper:
            return helper.submit(asyncio.run, self.translate(text, source, target)).result()

    def close(self) -> None:
        """Release threads and connections; the default has none."""


class NoTranslator(Translator):
    """Used when no provider is configured (``TRANSLATION_PROVIDER=none``)."""

    provider = "none"

    async def translate(self, text: str, source: str, target: str) -> TranslationResult:
        source, target = normalize_language(source), normalize_language(target)
        return needs_no_translation(text, source, target, self.provider) or failure(
            text, source, target, self.provider, "no provider configured")

"""Building deep-translator clients for each supported provider from our configuration."""
from dataclasses import dataclass, field
from typing import Callable, ClassVar, Dict, Mapping, Optional

from deep_translator import (
    DeeplTranslator, GoogleTranslator, LibreTranslator, MicrosoftTranslator, MyMemoryTranslator,
)
from deep_translator.base import BaseTranslator

from bot.translation.languages import provider_code

DEFAULT_LIBRE_URL = "http://localhost:5000/"


class TranslationConfigError(ValueError):
    """The translation configuration cannot work (unknown provider, missing key)."""


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    api_key: Optional[str] = field(default=None, repr=False)
    url: Optional[str] = None          # LibreTranslate's base URL
    region: Optional[str] = None       # Microsoft's resource region
    language_map: Mapping[str, str] = field(default_factory=dict)  # our code -> provider code


def _libre(config: ProviderConfig, source: str, target: str) -> BaseTranslator:
    url = config.url or DEFAULT_LIBRE_URL
    # The client concatenates base URL and "translate" without a separator.
    url = url if url.endswith("/") else url + "/"
    # deep-translator insists on a key even for self-hosted servers that need none.
    client = LibreTranslator(source="auto", target="en", api_key=config.api_key or "unused",
                             custom_url=url)
    client.api_key = config.api_key  # None: no api_key parameter is sent at all
    # deep-translator 1.11.4's LibreTranslate list is a stale subset (no nl, sv, …);
    # the server knows its languages and answers 400 for the ones it lacks.
    client.source, client.target = source, target
    return client


def _google(config: ProviderConfig, source: str, target: str) -> BaseTranslator:
    return GoogleTranslator(source=source, target=target)


def _deepl(config: ProviderConfig, source: str, target: str) -> BaseTranslator:
    # DeepL free-plan keys end in ":fx" and have their own endpoint.
    return DeeplTranslator(source=source, target=target, api_key=config.api_key,
                           use_free_api=config.api_key.endswith(":fx"))


class _MicrosoftTranslator(MicrosoftTranslator):
    """deep-translator downloads Microsoft's language list in every constructor; once is enough."""

    _language_table: ClassVar[Optional[dict]] = None

    def _get_supported_languages(self) -> dict:
        if _MicrosoftTranslator._language_table is None:
            _MicrosoftTranslator._language_table = super()._get_supported_languages()
        return _MicrosoftTranslator._language_table


def _microsoft(config: ProviderConfig, source: str, target: str) -> BaseTranslator:
    return _MicrosoftTranslator(source=source, target=target, api_key=config.api_key,
                                region=config.region)


def _mymemory(config: ProviderConfig, source: str, target: str) -> BaseTranslator:
    return MyMemoryTranslator(source=source, target=target)


_BUILDERS: Dict[str, Callable[[ProviderConfig, str, str], BaseTranslator]] = {
    "libre": _libre, "google": _google, "deepl": _deepl, "microsoft": _microsoft, "mymemory": _mymemory,
}
NEEDS_API_KEY = frozenset({"deepl", "microsoft"})
PROVIDERS = frozenset(_BUILDERS)


def validate(config: ProviderConfig) -> None:
    if config.name not in _BUILDERS:
        raise TranslationConfigError(
            f"unknown translation provider {config.name!r}; use one of none, {', '.join(sorted(PROVIDERS))}")
    if config.name in NEEDS_API_KEY and not config.api_key:
        raise TranslationConfigError(f"provider {config.name!r} needs TRANSLATION_API_KEY")


def build_client(config: ProviderConfig, source: str, target: str) -> BaseTranslator:
    """A new client for one language pair.

    A new one per call because deep-translator's clients keep per-request state on the
    instance (Google, Microsoft, MyMemory), so sharing one between threads mixes requests.
    Construction may do network I/O (Microsoft), so call this on a worker thread.
    """
    def code(language: str) -> str:
        return language if language == "auto" else provider_code(config.name, language, config.language_map)

    return _BUILDERS[config.name](config, code(source), code(target))

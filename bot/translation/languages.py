"""Our language codes (ISO 639-1) to each provider's codes, where they differ."""
from typing import Mapping, Optional

PROVIDER_CODES: Mapping[str, Mapping[str, str]] = {
    # Self-hosted LibreTranslate (and deep-translator's client) use "zh"; newer hosted
    # instances say "zh-Hans". Override with TRANSLATION_LANGUAGE_MAP=zh=zh-Hans if needed.
    "libre": {},
    "google": {"zh": "zh-CN", "he": "iw", "jv": "jw", "nb": "no"},
    "deepl": {},
    # deep-translator lower-cases Microsoft's codes ("zh-Hans" -> "zh-hans").
    "microsoft": {"zh": "zh-hans", "no": "nb", "tl": "fil"},
    # MyMemory wants a locale per language.
    "mymemory": {
        "en": "en-GB", "es": "es-ES", "fr": "fr-FR", "de": "de-DE", "pt": "pt-PT", "it": "it-IT",
        "ru": "ru-RU", "zh": "zh-CN", "ja": "ja-JP", "ar": "ar-SA", "ko": "ko-KR", "pl": "pl-PL",
        "nl": "nl-NL", "tr": "tr-TR", "sv": "sv-SE",
    },
}


def provider_code(provider: str, code: str, overrides: Optional[Mapping[str, str]] = None) -> str:
    """The code ``provider`` expects for our ``code``; configured overrides win."""
    if overrides and code in overrides:
        return overrides[code]
    return PROVIDER_CODES.get(provider, {}).get(code, code)

"""Finding a country named anywhere in a message, in any of our 14 languages.

The NLU's country entity misses names glued to other words ("l'Allemagne", "한국까지",
"トルコまで"); this scans the text for CLDR country names (Babel, offline) in every language
we serve, plus the shop's own aliases. Latin, Cyrillic and Arabic names must stand as words
(an apostrophe before them is fine); CJK and Hangul names may have particles attached.
"""
import re
from functools import lru_cache
from typing import Dict, Iterable, Optional, Tuple

from babel import Locale

LANGUAGES = ("en", "es", "fr", "de", "pt", "it", "ru", "zh", "ja", "ar", "ko", "pl", "nl", "tr")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LETTER = re.compile(r"\w")
# Short and everyday names CLDR does not list as the territory's name.
COMMON_NAMES = {"한국": "KR", "남한": "KR", "الإمارات": "AE", "emirates": "AE", "uae": "AE", "usa": "US",
                "uk": "GB", "holland": "NL", "america": "US", "amerika": "US", "england": "GB"}


@lru_cache(maxsize=1)
def _names() -> Tuple[Tuple[str, str], ...]:
    """(lower-case name, ISO code) pairs, longest names first."""
    pairs: Dict[str, str] = {}
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha() and len(name) >= 2:
                pairs.setdefault(name.lower(), code)
    for name, code in COMMON_NAMES.items():
        pairs.setdefault(name, code)
    return tuple(sorted(pairs.items(), key=lambda p: -len(p[0])))


def _stands_alone(text: str, start: int, end: int, name: str, ending: int = 0) -> bool:
    """A word on its own; with `ending`, up to that many more letters may follow (a case ending)."""
    if _CJK.search(name):
        return True
    before = text[start - 1] if start > 0 else " "
    if _LETTER.match(before) and before not in "'’":
        return False
    extra = 0
    while end + extra < len(text) and _LETTER.match(text[end + extra]):
        extra += 1
    return extra <= ending


def country_in_text(text: str, aliases: Iterable[Tuple[str, str]] = ()) -> Optional[str]:
    """The ISO code of the first country named in `text`, else None."""
    lowered = text.lower()
    extra = [(alias.lower(), code) for alias, code in aliases]
    candidates = sorted(list(_names()) + extra, key=lambda p: -len(p[0])) if extra else _names()
    for name, code in candidates:
        if _find(lowered, name, 0):
            return code
    # Inflected forms ("Polski", "Германию"): the name less its last letter, plus an ending.
    for name, code in candidates:
        if len(name) >= 5 and not _CJK.search(name) and _find(lowered, name[:-1], 2):
            return code
    return None


def english_name(code: str) -> str:
    return Locale.parse("en").territories.get(code, code)


def _find(text: str, name: str, ending: int) -> bool:
    start = text.find(name)
    while start != -1:
        if _stands_alone(text, start, start + len(name), name, ending):
            return True
        start = text.find(name, start + 1)
    return False


_ADDRESS_PARTS = re.compile(r"[,，、\n;]+")


def country_of_address(address: str) -> Optional[str]:
    """The ISO code of the country an address ends with (begins with, in Chinese, Japanese and
    Korean), else None. Only that part is read: street and city names may be country names
    ("10 Georgia Ave", "Jordan Road")."""
    text = (address or "").strip()
    if _CJK.search(text):
        return country_in_text(text[:6])
    parts = [p.strip() for p in _ADDRESS_PARTS.split(text) if p.strip()]
    if len(parts) < 2:
        return None  # one line: no telling its country from its street
    return country_in_text(parts[-1])

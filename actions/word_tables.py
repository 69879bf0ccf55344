"""Ordered word tables that read a typed answer in any of our 14 languages.

A table is a sequence of (label, stems); the first row with a stem in the text gives the
label. Rows with negated forms come before the plain words they contain ("not good" before
"good"). A stem must start a word ("used" is not inside "confused"), except in Chinese and
Japanese, which have no spaces. Arabic writes some particles and the article joined to the
word ("والجديد" is "and the new"), so an Arabic stem may follow و ف ب ل ك and ال.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional, Pattern, Sequence, Tuple

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_PREFIXES = r"(?:[وفبلك]?(?:ال)?)"


def _stem_pattern(stem: str) -> str:
    if _CJK.match(stem):
        return re.escape(stem)
    if _ARABIC.match(stem):
        return rf"(?<!\w){_ARABIC_PREFIXES}{re.escape(stem)}"
    return rf"(?<!\w){re.escape(stem)}"


def stems_pattern(stems: Iterable[str]) -> Pattern:
    return re.compile("|".join(_stem_pattern(stem) for stem in stems))


class WordTable:
    def __init__(self, rows: Sequence[Tuple[str, Sequence[str]]]):
        self._rows = tuple((label, stems_pattern(stems)) for label, stems in rows)

    def first_in(self, text: Optional[str]) -> Optional[str]:
        """The label of the first row with a stem in `text`, else None."""
        lowered = (text or "").lower()
        return next((label for label, pattern in self._rows if pattern.search(lowered)), None)

"""Word-by-word English glosses of buyer messages, from one glossary file per language.

"quanto costa la spedizione in Germania?" -> "how much cost shipping". The gloss is rough
on purpose: it only has to carry a message's intent words to the English sentence encoder
(bot/sentence_encoder.py), the one offline encoder we have, so that what the classifier learnt
from English examples also helps the other 13 languages.

Glossaries: bot/language/glossary/<code>.tsv, `source<TAB>english` per line, `#` comments.
Sources are lower-case and, in Latin script, without accents (ł and ı are l and i). How a message is matched:
- Chinese and Japanese (no spaces): the longest source starting at each position. The Chinese
  glossary is in Simplified characters; Traditional text is converted first (OpenCC's t2s
  tables, opencc-python-reimplemented), so "有沒有貨" reads like "有没有货".
- Other languages: each word; an exact source first, else the longest stem (a source ending in
  `*` matches words that start with it). Arabic words are also tried without a leading
  article or conjunction (ال, و, ب, ...).
- Korean buyers often leave out spaces ("주문확인메일이안왔어요"): a word of 6+ letters (longer
  than most words written with spaces) is read from each position, taking the longest stem of
  2+ letters that starts there ("주문확인메일이..." -> order, confirm, email). Exact sources
  are whole words ("됐어요": never mind) and only count as the whole run.
- In Chinese, Japanese, Korean, Arabic and Russian messages, Latin words that are not in the
  glossary are kept as they are ("paypal", "tracking"): buyers mix in English.
Unknown words are dropped; a message with no known word has an empty gloss.
"""
import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

from bot.language.scripts import fold_accents, load_chinese_tables, to_simplified

GLOSSARY_DIR = Path(__file__).resolve().parent / "glossary"
UNSPACED = {"zh", "ja"}
RUN_TOGETHER = {"ko"}  # long words may be several words without spaces
RUN_TOGETHER_LENGTH = 6
KEEPS_LATIN = {"zh", "ja", "ko", "ar", "ru"}
_ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")
_WORD = re.compile(r"\w+")
_LATIN_WORD = re.compile(r"[a-z]{3,}")


# Letters that are not a base letter plus an accent, so fold_accents keeps them, but that
# buyers type without their mark just as often ("nosilam", "kullandim").
_PLAIN_LETTERS = str.maketrans({"ł": "l", "ı": "i", "ø": "o", "đ": "d"})


def _normalize(text: str) -> str:
    return fold_accents(text.casefold()).translate(_PLAIN_LETTERS)


def _scan(text: str, sources: Dict[str, str], longest: int, shortest: int, keep_latin: bool) -> List[str]:
    """Left to right, the English of the longest source (`shortest`+ letters) at each position;
    letters that start none are skipped. With keep_latin, a Latin word is taken whole."""
    out, i = [], 0
    while i < len(text):
        latin = _LATIN_WORD.match(text, i) if keep_latin else None
        if latin:
            out.append(sources.get(latin.group(), latin.group()))
            i = latin.end()
            continue
        for end in range(min(len(text), i + longest), i + shortest - 1, -1):
            if text[i:end] in sources:
                out.append(sources[text[i:end]])
                i = end
                break
        else:
            i += 1
    return out


class Glossary:
    def __init__(self, language: str, exact: Dict[str, str], stems: Dict[str, str]):
        self.language = language
        self.exact = exact
        self.stems = stems
        self.longest = max((len(k) for k in exact), default=0)
        self.longest_stem = max((len(k) for k in stems), default=0)

    @classmethod
    def parse(cls, language: str, text: str) -> "Glossary":
        exact: Dict[str, str] = {}
        stems: Dict[str, str] = {}
        for line in text.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            source, _, english = line.partition("\t")
            source, english = _normalize(source.strip()), english.strip().lower()
            if not source or not english:
                continue
            if source.endswith("*") and len(source) > 1:
                stems.setdefault(source[:-1], english)
            else:
                exact.setdefault(source, english)
        return cls(language, exact, stems)

    def _word(self, word: str) -> Optional[str]:
        if word in self.exact:
            return self.exact[word]
        for end in range(len(word), 0, -1):
            if word[:end] in self.stems:
                return self.stems[word[:end]]
        return None

    def _spaced(self, text: str) -> List[str]:
        out = []
        for word in _WORD.findall(text):
            if self.language in RUN_TOGETHER and len(word) >= RUN_TOGETHER_LENGTH \
                    and word not in self.exact and not _LATIN_WORD.fullmatch(word):
                out.extend(_scan(word, self.stems, self.longest_stem, shortest=2, keep_latin=False))
                continue
            english = self._word(word)
            if english is None and self.language == "ar":
                english = next(filter(None, (self._word(word[len(p):]) for p in _ARABIC_PREFIXES
                                             if word.startswith(p) and len(word) > len(p) + 1)), None)
            if english is None and self.language in KEEPS_LATIN and _LATIN_WORD.fullmatch(word):
                english = word
            if english:
                out.append(english)
        return out

    def _unspaced(self, text: str) -> List[str]:
        return _scan(text, self.exact, self.longest, shortest=1, keep_latin=True)

    def gloss(self, text: str) -> str:
        text = _normalize(text or "")
        if self.language == "zh":
            text = to_simplified(text)
        words = self._unspaced(text) if self.language in UNSPACED else self._spaced(text)
        deduped = [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]]
        return " ".join(deduped)


@lru_cache(maxsize=None)
def glossary(language: Optional[str]) -> Optional[Glossary]:
    """The language's glossary, or None when it has none."""
    if not language or not re.fullmatch(r"[a-z]{2}", language):
        return None
    path = GLOSSARY_DIR / f"{language}.tsv"
    if language == "zh":
        load_chinese_tables()  # with the glossary, not on a buyer's message
    return Glossary.parse(language, path.read_text(encoding="utf-8")) if path.exists() else None


def gloss(text: str, language: Optional[str]) -> str:
    found = glossary(language)
    return found.gloss(text) if found else ""

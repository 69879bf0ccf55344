"""Unicode scripts of letters, the cleaning that leaves only the words of a message, and Chinese
in Simplified or Traditional characters (OpenCC tables, length-preserving both ways)."""
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Dict, Optional

HAN = "han"
KANA = "kana"
HANGUL = "hangul"
LATIN = "latin"
CYRILLIC = "cyrillic"
ARABIC = "arabic"
OTHER = "other"

# Ideographs, kana and Hangul syllables are counted as this many letters: one of them carries
# about as much language evidence as a short alphabetic word.
CJK_LETTER_WEIGHT = 3

_RANGES = (
    (0x3040, 0x30FF, KANA),  # Hiragana, Katakana (incl. the prolonged sound mark ー)
    (0x31F0, 0x31FF, KANA),
    (0xFF66, 0xFF9F, KANA),  # half-width Katakana
    (0x3400, 0x4DBF, HAN),
    (0x4E00, 0x9FFF, HAN),
    (0xF900, 0xFAFF, HAN),
    (0x20000, 0x3FFFF, HAN),
    (0x3005, 0x3007, HAN),  # 々 〆 〇
    (0x1100, 0x11FF, HANGUL),
    (0x3130, 0x318F, HANGUL),
    (0xAC00, 0xD7AF, HANGUL),
)

# ASCII classes on purpose: \w would swallow the ideographs around "我的订单A1003还没发货".
_NOT_LANGUAGE = re.compile(
    r"https?://\S+|www\.\S+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"  # emails
    r"|[@#][A-Za-z0-9_]+"  # handles and hashtags
    r"|[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*"  # order and tracking numbers, amounts, sizes
)


def script_of(char: str) -> str:
    """The script of one letter, as far as language identification cares."""
    code = ord(char)
    for low, high, script in _RANGES:
        if low <= code <= high:
            return script
    name = unicodedata.name(char, "")
    for script in (LATIN, CYRILLIC, ARABIC):
        if name.startswith(script.upper()):
            return script
    return OTHER


def language_text(text: str) -> str:
    """`text` without what says nothing about its language: URLs, emails, order numbers, numbers."""
    return _NOT_LANGUAGE.sub(" ", text)


def letter_scripts(text: str) -> Dict[str, int]:
    """How many letters of each script `text` has (emoji, digits, punctuation are no letters).

    Combining marks count as letters: Devanagari vowel signs, Arabic harakat.
    """
    return dict(Counter(script_of(c) for c in text
                        if c.isalpha() or unicodedata.category(c).startswith("M")))


def weighted_letters(scripts: Dict[str, int]) -> int:
    return sum(n * (CJK_LETTER_WEIGHT if s in (HAN, KANA, HANGUL) else 1) for s, n in scripts.items())


def fold_accents(text: str) -> str:
    """Latin letters without their accents ("dónde está" -> "donde esta"); other scripts as
    they are (Japanese dakuten and Hangul are not accents)."""
    out = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and out and out[-1].isascii() and out[-1].isalpha():
            continue
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out))


# OpenCC configurations (opencc-python-reimplemented). Both map every phrase to one of the
# same length, so offsets into a converted text are offsets into the original. Replies use the
# Taiwan standard forms (為, 裡), which Hong Kong readers also write, not OpenCC's s2t (爲, 裏).
TO_SIMPLIFIED = "t2s"
TO_TRADITIONAL = "s2tw"


@lru_cache(maxsize=None)
def _opencc(config: str):
    from opencc import OpenCC

    return OpenCC(config)


def load_chinese_tables() -> None:
    """Load both OpenCC tables now (about 0.5 s), not on the first Chinese buyer's message."""
    _opencc(TO_SIMPLIFIED)
    _opencc(TO_TRADITIONAL)


def convert_chinese(text: str, config: str) -> str:
    """`text` with its Chinese characters converted by OpenCC `config`; other text unchanged."""
    if not any(script_of(char) == HAN for char in text):
        return text
    return _opencc(config).convert(text)


def to_simplified(text: str) -> str:
    """"我的訂單" -> "我的订单": what the classifier, the tokenizer and the gloss read."""
    return convert_chinese(text, TO_SIMPLIFIED)


def to_traditional(text: str) -> str:
    """"您的订单已发货" -> "您的訂單已發貨": replies to buyers who write Traditional."""
    return convert_chinese(text, TO_TRADITIONAL)


TRADITIONAL = "traditional"
SIMPLIFIED = "simplified"


def chinese_script(text: str) -> Optional[str]:
    """TRADITIONAL or SIMPLIFIED when the text's Chinese characters say which ("訂單" / "订单"),
    else None: no Chinese, or only characters both write alike ("你好", "A1003")."""
    if not any(script_of(char) == HAN for char in text):
        return None
    simplified, traditional = to_simplified(text), to_traditional(text)
    votes = Counter()
    for char, as_simplified, as_traditional in zip(text, simplified, traditional):
        if as_simplified != char:
            votes[TRADITIONAL] += 1
        elif as_traditional != char:
            votes[SIMPLIFIED] += 1
    if votes[TRADITIONAL] == votes[SIMPLIFIED]:
        return None
    return TRADITIONAL if votes[TRADITIONAL] > votes[SIMPLIFIED] else SIMPLIFIED

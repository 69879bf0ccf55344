"""Formats the shop knows in advance: order numbers, emails, tracking numbers, money, case ids,
and a size named with its word ("a size 39", "talla M", "39码").

Boundaries are ASCII-aware look-arounds instead of \\b, because in unsegmented scripts
("我的订单A1003还没发货") a CJK character counts as a word character and \\b never matches.
"""
import re
from typing import Dict, List, Pattern

_NOT_ALNUM_BEFORE = r"(?<![A-Za-z0-9])"
_NOT_ALNUM_AFTER = r"(?![A-Za-z0-9])"

ENTITY_PATTERNS: Dict[str, Pattern[str]] = {
    "email": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    "case_id": re.compile(_NOT_ALNUM_BEFORE + r"C-[A-Z0-9]{6}" + _NOT_ALNUM_AFTER, re.IGNORECASE),
    "order_id": re.compile(_NOT_ALNUM_BEFORE + r"A\d{4}" + _NOT_ALNUM_AFTER, re.IGNORECASE),
    # Carrier formats: UPU S10 (RR123456789CN), UPS 1Z…, and long digit runs (DHL, FedEx).
    "tracking_number": re.compile(
        _NOT_ALNUM_BEFORE
        + r"(?:[A-Z]{2}\d{9}[A-Z]{2}|1Z[A-Z0-9]{16}|\d{12,22})"
        + _NOT_ALNUM_AFTER,
        re.IGNORECASE,
    ),
    "amount": re.compile(
        r"(?:[€$£¥₩₺₽]|R\$|US\$|zł)\s?\d+(?:[.,]\d{3})*(?:[.,]\d{1,2})?"
        r"|\d+(?:[.,]\d{3})*(?:[.,]\d{1,2})?\s?(?:€|\$|£|¥|円|元|₩|원|₺|₽|zł|eur|euros?|usd|dollars?|gbp|pounds?|yen|reais|real|brl)"
        + _NOT_ALNUM_AFTER,
        re.IGNORECASE,
    ),
    # The CRF misses a size inside a long message ("exchange the sneakers from A1001 for a size
    # 39"); named with the word for size it is unambiguous. Only the value is the entity.
    "size": re.compile(
        r"(?:(?<![A-Za-z])(?:size|sz|talla|taille|gr(?:ö|oe)(?:ß|ss)e|taglia|tamanho"
        r"|размер[а-я]*|rozmiar[a-z]*|maat|beden|مقاس)(?:\s*:\s*|\s+)|(?:尺码|码数|サイズ|사이즈)\s*)"
        r"(?P<value>XXXL|XXL|XL|XXS|XS|S|M|L|\d{1,2}(?:[.,]5)?)(?![A-Za-z0-9]|\s?(?:cm|mm|in(?:ch)?)\b)"
        # Not 号/호: "12号" is also the 12th of a month, "12호" a flat number.
        r"|(?<![A-Za-z0-9.,])(?P<value2>\d{2}(?:[.,]5)?)\s?(?:码|碼|サイズ|numara|beden)",
        re.IGNORECASE,
    ),
}

_UPPERCASE = {"order_id", "case_id", "tracking_number", "size"}


def find_entities(text: str) -> List[dict]:
    """All pattern entities in `text`, as Rasa entity dicts, earliest first, no overlaps."""
    found: List[dict] = []
    taken: List[range] = []
    for name, pattern in ENTITY_PATTERNS.items():
        for match in pattern.finditer(text):
            group = next((g for g in ("value", "value2") if match.groupdict().get(g)), 0)
            span = range(match.start(group), match.end(group))
            if any(span.start < t.stop and t.start < span.stop for t in taken):
                continue
            value = match.group(group)
            if name in _UPPERCASE:
                value = value.upper()
            elif name == "email":
                value = value.lower()
            found.append({"entity": name, "start": span.start, "end": span.stop, "value": value})
            taken.append(span)
    return sorted(found, key=lambda e: e["start"])

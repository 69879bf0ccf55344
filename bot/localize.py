"""Formats the plain values actions send (ISO dates, decimal strings, codes) for a locale.

Actions never format for people: they pass `delivered_on="2026-11-20"`, `total="59.90"`,
`currency="EUR"`, `country="ES"`, `case_type="return"`. This module turns them into what a
buyer of that language reads: "20 de noviembre de 2026", "59,90 €", "España", "devolución".
Catalogue values (product names, colours, materials) are named by the locale's `product`,
`colour` and `material` tables, keyed by the shop's English value; a value a locale does not
name (a product added to the shop later) is shown as the shop wrote it.
"""
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Dict, Mapping, Optional

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency, format_decimal

from bot.language.detect import NATIVE_LANGUAGES

# Argument names that carry money; their currency is in the `currency` argument.
MONEY_KEYS = frozenset({
    "total", "amount", "partial_amount", "cost", "price", "refund_amount", "threshold",
    "free_over", "fee",
})
# Arguments named by a label table of another name (others use the table of their own name).
LABEL_TABLES = {"order_product": "product"}
# Arguments that hold a comma-separated list of codes, and the label table that names them.
LIST_LABELS = {
    "non_returnable": "category", "products": "product", "items": "product",
    "colours": "colour", "materials": "material",
}
# How a list of names is written where it is not ", " ("黑色、白色").
LIST_SEPARATORS = {"zh": "、", "ja": "、", "ar": "، "}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


@lru_cache(maxsize=1)
def _country_codes_by_name() -> Dict[str, str]:
    codes: Dict[str, str] = {}
    for language in NATIVE_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                codes.setdefault(name.casefold(), code)
    return codes


def country_code(name: str) -> Optional[str]:
    """The ISO code of a country written out in full in one of our 14 languages ("Austria",
    "Österreich"), else None."""
    return _country_codes_by_name().get(name.strip().casefold())


def babel_locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _label(names: Mapping[str, str], value: str) -> Optional[str]:
    """The name of `value` in a label table; catalogue values match whatever their case
    ("trail-running sneakers" from the NLU, "Trail-running sneakers" from the shop)."""
    if value in names:
        return names[value]
    folded = value.casefold()
    return next((name for code, name in names.items() if str(code).casefold() == folded), None)


def _format_one(key: str, value: Any, locale: Locale, currency: Optional[str],
                labels: Mapping[str, Mapping[str, str]]) -> Any:
    if not isinstance(value, str):
        return value
    table = labels.get(LABEL_TABLES.get(key, key))
    if table:
        name = _label(table, value.strip())
        if name is not None:
            return name
    if key in LIST_LABELS:
        names = labels.get(LIST_LABELS[key], {})
        separator = LIST_SEPARATORS.get(locale.language, ", ")
        return separator.join(_label(names, code.strip()) or code.strip() for code in value.split(","))
    if _ISO_DATE.match(value):
        try:
            return format_date(dt.date.fromisoformat(value), format="long", locale=locale)
        except ValueError:
            return value
    if _ISO_DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            offset = moment.strftime("%z")
            zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
            return (f"{format_skeleton('MMMMEd', moment, locale=locale)} "
                    f"{format_time(moment, 'short', tzinfo=moment.tzinfo, locale=locale)}{zone}")
        except (ValueError, LookupError):
            return value
    if key in MONEY_KEYS:
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        if currency:
            return format_currency(number, currency, locale=locale)
        return format_decimal(number, locale=locale)
    if key == "country" and _COUNTRY_CODE.match(value):
        return locale.territories.get(value, value)
    return value


def localize_values(values: Dict[str, Any], language: str,
                    labels: Optional[Mapping[str, Mapping[str, str]]] = None) -> Dict[str, Any]:
    """A copy of `values` with dates, money, countries and coded labels written for `language`."""
    locale = babel_locale(language)
    labels = labels or {}
    currency = values.get("currency") if isinstance(values.get("currency"), str) else None
    localized = {key: _format_one(key, value, locale, currency, labels) for key, value in values.items()}
    if isinstance(values.get("country"), str) and _COUNTRY_CODE.match(values["country"]):
        # Actions send the English name too; the buyer reads it in their language.
        localized["country_name"] = localized["country"]
    elif isinstance(values.get("country_name"), str):
        # Only a name (e.g. a country we don't serve, as the NLU wrote it): when it is a
        # country's full name in one of our languages, name it in the buyer's language.
        code = country_code(values["country_name"])
        if code:
            localized["country_name"] = locale.territories.get(code, values["country_name"])
    return localized

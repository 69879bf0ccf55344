"""Every response exists in every native language, with the same placeholders and buttons."""
import re
from pathlib import Path

import pytest
import yaml

from actions.shop.seed import PRODUCTS
from bot.language.detect import NATIVE_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
ENGLISH_LABELS = yaml.safe_load((ROOT / "locales" / "en.yml").read_text(encoding="utf-8"))["labels"]
TRANSLATED = [code for code in NATIVE_LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"{(\w+)}")


def locale(code: str) -> dict:
    path = ROOT / "locales" / f"{code}.yml"
    assert path.exists(), f"locales/{code}.yml is missing"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def shape(variations: list) -> list:
    """What must match English: placeholders per variation, button payloads, fixed fields."""
    return [
        (sorted(PLACEHOLDER.findall(v.get("text", ""))),
         [b.get("payload") for b in v.get("buttons") or []],
         [sorted(PLACEHOLDER.findall(b.get("title", ""))) for b in v.get("buttons") or []],
         v.get("channel"), v.get("condition"), v.get("image"))
        for v in variations
    ]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_response_exists_with_the_same_placeholders(code):
    responses = locale(code)["responses"]
    assert sorted(set(ENGLISH) - set(responses)) == [], "responses missing"
    assert sorted(set(responses) - set(ENGLISH)) == [], "responses English does not have"
    mismatched = {name: (shape(ENGLISH[name]), shape(responses[name]))
                  for name in ENGLISH if shape(ENGLISH[name]) != shape(responses[name])}
    assert mismatched == {}


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_response_is_written_in_the_language(code):
    untranslated = [name for name, variations in locale(code)["responses"].items()
                    if any(v.get("text") and v.get("text") == e.get("text")
                           for v, e in zip(variations, ENGLISH[name]))]
    assert untranslated == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_label_exists(code):
    labels = locale(code)["labels"]
    assert {k: sorted(labels.get(k) or {}) for k in ENGLISH_LABELS} \
        == {k: sorted(v) for k, v in ENGLISH_LABELS.items()}


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalogue_value_is_named(code):
    """The demo catalogue's product names, colours and materials (English in the shop) are
    named in every language; a buyer would otherwise read English inside their reply."""
    labels = locale(code)["labels"]
    catalogue = {
        "product": {name for _, name, *_ in PRODUCTS},
        "colour": {colour for *_, colours, _ in PRODUCTS for colour in colours},
        "material": {part.strip() for _, _, _, materials, *_ in PRODUCTS
                     for part in materials.split(",")},
    }
    missing = {table: sorted(values - set(labels.get(table) or {}))
               for table, values in catalogue.items()}
    assert missing == {"product": [], "colour": [], "material": []}

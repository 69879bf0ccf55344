"""Sizes named with the word for size are found in any of our languages (bot/patterns.py)."""
import pytest

from bot.patterns import find_entities


def sizes(text):
    return [e["value"] for e in find_entities(text) if e["entity"] == "size"]


@pytest.mark.parametrize("text, size", [
    ("I'd like to exchange the sneakers from A1001 for a size 39", "39"),
    ("size m please", "M"),
    ("Size: xl", "XL"),
    ("in size L and black", "L"),
    ("could I have a 39.5, size 39.5 I mean", "39.5"),
    ("Quisiera cambiarlas por la talla 39", "39"),
    ("Je voudrais la taille M", "M"),
    ("Ich brauche Größe 40", "40"),
    ("Ich brauche Groesse 40", "40"),
    ("la taglia S per favore", "S"),
    ("quero o tamanho 40", "40"),
    ("нужен размер 40", "40"),
    ("我要换39码", "39"),
    ("サイズMに交換したい", "M"),
    ("사이즈 39로 교환하고 싶어요", "39"),
    ("poproszę rozmiar 39", "39"),
    ("graag maat 40", "40"),
    ("39 numara istiyorum", "39"),
    ("أريد مقاس 40", "40"),
])
def test_a_size_named_with_its_word_is_found(text, size):
    assert sizes(text) == [size]


@pytest.mark.parametrize("text", [
    "what size should I get",
    "do you have a size chart",
    "which sizes do you have",
    "sizes 38 and 39",          # a question about the range, not one size
    "my foot is size 25 cm",    # a measurement, for the size advice
    "the size should fit",
    "我12号下的单",              # the 12th of the month
    "배송지는 12호입니다",         # a flat number
])
def test_size_words_without_a_size_give_none(text):
    assert sizes(text) == []


def test_the_entity_spans_only_the_value():
    text = "order A1001, size 39 please"
    entity = next(e for e in find_entities(text) if e["entity"] == "size")
    assert text[entity["start"]:entity["end"]] == "39"
    assert [e["entity"] for e in find_entities(text)] == ["order_id", "size"]


@pytest.mark.parametrize("text, amount", [
    ("where is my refund of $1,500", "$1,500"),
    ("I was charged 1.234,56 € twice", "1.234,56 €"),
    ("a fee of $1,50 appeared", "$1,50"),
    ("it was 2,000 dollars", "2,000 dollars"),
    ("3000円を返金してください", "3000円"),
])
def test_an_amount_keeps_its_thousands(text, amount):
    assert [e["value"] for e in find_entities(text) if e["entity"] == "amount"] == [amount]

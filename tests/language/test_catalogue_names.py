"""A buyer who types a product's name as the bot wrote it in their language is understood."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.entities import PatternEntityExtractor
from bot.language.detect import NATIVE_LANGUAGES
from bot.language.scripts import to_traditional
from bot.locales import load_locales


def product_names(code: str) -> dict:
    return load_locales()[code]["labels"].get("product") or {}


@pytest.fixture(scope="module")
def extractor():
    return PatternEntityExtractor()


def products_in(extractor, text: str) -> list:
    [message] = extractor.process([Message.build(text)])
    return [(text[e["start"]:e["end"]], e["value"]) for e in message.get("entities", [])
            if e["entity"] == "product"]


@pytest.mark.parametrize("code", [c for c in NATIVE_LANGUAGES if c != "en"])
def test_every_localized_product_name_is_recognised(extractor, code):
    names = product_names(code)
    assert names
    for shop_name, local_name in names.items():
        # as typed back from the bot's list, in lower case, inside a sentence
        text = f"{local_name.lower()}?" if code != "ko" else f"{local_name}을 원해요"
        assert products_in(extractor, text) == [(local_name.lower() if code != "ko" else local_name,
                                                 shop_name)], text


def test_a_name_inside_a_longer_message_keeps_its_position(extractor):
    assert products_in(extractor, "¿El Bolso de piel es de cuero de verdad? Pedido A1006") \
        == [("Bolso de piel", "Leather handbag")]
    assert products_in(extractor, "我想问一下无线耳机的颜色") == [("无线耳机", "Wireless headphones")]


def test_traditional_chinese_is_matched_like_simplified(extractor):
    name = product_names("zh")["Wireless headphones"]
    text = to_traditional(f"{name}多少錢")
    assert products_in(extractor, text) == [(to_traditional(name), "Wireless headphones")]


def test_a_name_typed_in_capitals_is_recognised_in_every_script(extractor):
    # Turkish dotless ı upper-cases to I, which folds back to a dotted i: this once crashed.
    for code in [c for c in NATIVE_LANGUAGES if c != "en"]:
        for shop_name, local_name in product_names(code).items():
            assert [value for _, value in products_in(extractor, local_name.upper())] == [shop_name]


def test_part_of_a_longer_word_is_not_a_product(extractor):
    assert products_in(extractor, "Smartwatches and Handyhüllen") == []
    assert products_in(extractor, "where is my order A1002") == []


def test_a_hyphen_or_a_space_in_a_name_may_be_either(extractor):
    # The CRF missed "trail running sneakers" and the size question asked "Which product?".
    assert products_in(extractor, "which size of the trail running sneakers for a 24.5 cm foot?") \
        == [("trail running sneakers", "Trail-running sneakers")]
    assert [v for _, v in products_in(extractor, "zapatillas de trail-running")] == ["Trail-running sneakers"]

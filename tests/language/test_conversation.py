import pytest

from bot.language.conversation import (chinese_script_from_hint, explicit_language_request, language_from_hint,
                                       next_chinese_script, next_language)
from bot.language.detect import detect


def talk(messages, current=None, hint=None):
    languages = []
    for text in messages:
        current = next_language(current, detect(text), hint, explicit_language_request(text))
        languages.append(current)
    return languages


def test_a_conversation_that_starts_in_spanish_stays_spanish_through_order_numbers_and_ok():
    messages = ["Hola, ¿dónde está mi pedido?", "A1003", "ok", "jonas.weber@example.com", "👍",
                "si", "RR123456789CN", "gracias"]
    assert talk(messages) == ["es"] * len(messages)


def test_a_clear_message_in_another_language_switches():
    assert talk(["Hola, ¿dónde está mi pedido?", "Sorry, I would prefer to continue in English, where is my parcel?"]) == ["es", "en"]


def test_a_chinese_message_switches_a_spanish_conversation():
    assert talk(["Hola, ¿dónde está mi pedido?", "我的订单A1003还没发货"]) == ["es", "zh"]


@pytest.mark.parametrize("text,code", [
    ("can you speak German?", "de"), ("English please", "en"), ("¿hablas inglés?", "en"),
    ("en français svp", "fr"), ("auf Deutsch bitte", "de"), ("说中文", "zh"),
    ("日本語でお願いします", "ja"), ("한국어로 해주세요", "ko"), ("czy mówisz po polsku?", "pl"),
    ("вы говорите по-русски?", "ru"), ("Türkçe lütfen", "tr"), ("spreek je Nederlands?", "nl"),
    ("parli italiano?", "it"), ("falas português?", "pt"), ("هل تتحدث العربية؟", "ar"),
    ("english only please", "en"), ("español por favor", "es"), ("Deutsch bitte", "de"),
    ("polski proszę", "pl"), ("em português, por favor", "pt"), ("Nederlands graag", "nl"),
])
def test_explicit_requests_are_recognised(text, code):
    assert explicit_language_request(text) == code


@pytest.mark.parametrize("text", [
    "I don't speak Spanish", "Ich spreche kein Deutsch", "I bought a German product",
    "the German shoes in my order are broken", "English or Spanish?", "where is my order A1003",
    "the German shoes please", "I'd like the Italian leather bag please", "el bolso italiano por favor",
    "French press coffee maker, thanks",
])
def test_mentions_of_a_language_are_not_requests(text):
    assert explicit_language_request(text) is None


def test_an_explicit_request_switches_even_in_a_short_message():
    assert talk(["Hola, ¿dónde está mi pedido?", "English please"]) == ["es", "en"]


def test_the_channel_hint_decides_when_the_first_message_says_nothing():
    assert talk(["A1003", "ok"], hint="es-ES") == ["es", "es"]
    assert talk(["👍"], hint="pt-br") == ["pt"]
    assert talk(["👍"]) == ["en"]


def test_a_clear_first_message_beats_the_hint():
    assert talk(["Wo ist meine Bestellung? Ich warte seit zwei Wochen."], hint="en-US") == ["de"]


def test_an_unsupported_language_is_returned_so_the_bot_can_translate():
    assert talk(["Hej, var är mitt paket? Jag beställde det för två veckor sedan."]) == ["sv"]
    assert talk(["Hola, ¿dónde está mi pedido?",
                 "Xin chào, đơn hàng của tôi đang ở đâu vậy?"]) == ["es", "vi"]


def test_similar_languages_on_a_short_message_do_not_flip_the_conversation():
    # Short Romance sentences are where n-gram models confuse es/pt/it: keep the current one
    # unless the other language is far ahead.
    assert talk(["Obrigado", "Muito obrigado pela ajuda"], current="pt")[-1] == "pt"


@pytest.mark.parametrize("hint,code", [("es-ES", "es"), ("pt-br", "pt"), ("zh-Hant-TW", "zh"),
                                       ("EN", "en"), ("", None), (None, None), ("x", None)])
def test_language_from_hint(hint, code):
    assert language_from_hint(hint) == code


def test_a_weak_guess_on_a_first_greeting_does_not_set_the_language():
    assert next_language(None, detect("hello"), None, None) == "en"
    assert next_language(None, detect("hello"), "es-ES", None) == "es"


@pytest.mark.parametrize("hint, script", [
    ("zh-TW", "traditional"), ("zh_HK", "traditional"), ("zh-Hant", "traditional"),
    ("zh-Hans-HK", "simplified"), ("zh-CN", "simplified"), ("zh", None), ("ja-JP", None), (None, None),
])
def test_chinese_script_from_hint(hint, script):
    assert chinese_script_from_hint(hint) == script


def test_a_chinese_conversation_keeps_the_script_its_buyer_writes():
    script = next_chinese_script(None, "我的訂單什麼時候到？", None)
    assert script == "traditional"
    for message in ("A1003", "好的", "li.wei@example.com", "👍"):  # both scripts write these alike
        script = next_chinese_script(script, message, "zh-CN")
        assert script == "traditional", message
    assert next_chinese_script(script, "我想退货", None) == "simplified"
    assert next_chinese_script(None, "你好", "zh-TW") == "traditional"  # the locale decides only when the text cannot
    assert next_chinese_script(None, "你好", None) is None

"""Messages in a language outside the 14 reach the NLU in English (real client, stand-in server)."""
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.component import LANGUAGE
from bot.language.detect import detect
from bot.language.input_translation import TRANSLATION, InputTranslator
from bot.translation import NoTranslator


def message(text: str) -> Message:
    m = Message(data={TEXT: text})
    m.set(LANGUAGE, detect(text).as_output())
    return m


def test_a_swedish_message_is_understood_in_english(make_translator):
    m = message("Var är min beställning?")
    assert m.get(LANGUAGE)["code"] == "sv"
    InputTranslator(make_translator()).process([m])
    assert m.get(TEXT) == "Where is my order?"
    assert m.get(TRANSLATION) == {"from": "sv", "text": "Where is my order?"}


def test_native_languages_and_short_texts_are_left_alone(make_translator, standin):
    messages = [message("¿Dónde está mi pedido?"), message("ok"), message("A1003")]
    InputTranslator(make_translator()).process(messages)
    assert [m.get(TEXT) for m in messages] == ["¿Dónde está mi pedido?", "ok", "A1003"]
    assert standin.translate_requests == 0


def test_a_failing_provider_leaves_the_original_text(make_translator, standin):
    standin.mode = "fail"
    m = message("Var är min beställning?")
    InputTranslator(make_translator()).process([m])
    assert m.get(TEXT) == "Var är min beställning?" and m.get(TRANSLATION) is None


def test_without_a_provider_nothing_is_translated():
    m = message("Var är min beställning?")
    InputTranslator(NoTranslator()).process([m])
    assert m.get(TEXT) == "Var är min beställning?"

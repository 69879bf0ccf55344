"""actions/language.py: the conversation's language and, for Chinese, its script, message by message."""
import pytest

from actions.language import ValidateSlotMappings

from .conftest import make_tracker, run, slot_events


def chinese_turn(text, slots=None, metadata=None, code="zh"):
    tracker = make_tracker(text=text, slots={"language": None, **(slots or {})}, metadata=metadata)
    tracker.latest_message["language"] = {"code": code, "confidence": 0.99}
    return tracker


@pytest.mark.parametrize("text, script", [("我的訂單什麼時候到？", "traditional"), ("我的订单什么时候到？", "simplified")])
def test_a_chinese_buyer_is_answered_in_the_script_they_write(dispatcher, domain, text, script):
    events = run(ValidateSlotMappings(), chinese_turn(text), dispatcher, domain)
    assert slot_events(events) == {"language": "zh", "chinese_script": script}


def test_an_order_number_keeps_the_script_and_a_taiwanese_locale_sets_it(dispatcher, domain):
    kept = run(ValidateSlotMappings(), chinese_turn("A1003", {"language": "zh", "chinese_script": "traditional"},
                                                    code="und"), dispatcher, domain)
    assert "chinese_script" not in slot_events(kept)
    hinted = run(ValidateSlotMappings(), chinese_turn("你好", metadata={"locale": "zh-TW"}), dispatcher, domain)
    assert slot_events(hinted).get("chinese_script") == "traditional"


def test_japanese_kanji_do_not_set_a_chinese_script(dispatcher, domain):
    events = run(ValidateSlotMappings(), chinese_turn("注文した商品はいつ届きますか", code="ja"), dispatcher, domain)
    assert slot_events(events) == {"language": "ja"}  # and no chinese_script


def address_turn(text, code, asking):
    tracker = make_tracker(text=text, slots={"language": "en", "requested_slot": asking},
                           active_loop="address_form" if asking else None)
    tracker.latest_message["language"] = {"code": code, "confidence": 0.99, "native": True,
                                          "letters": len(text), "scores": {code: 0.99}}
    return tracker


def test_an_address_in_another_language_does_not_switch_the_conversation(dispatcher, domain):
    # The answer to "What is the new delivery address?" is written as the destination writes it.
    events = run(ValidateSlotMappings(), address_turn("Hauptstraße 5, 10115 Berlin", "de", "new_address"),
                 dispatcher, domain)
    assert "language" not in slot_events(events)
    # The same German text at any other moment does switch.
    events = run(ValidateSlotMappings(), address_turn("Wo ist meine Bestellung?", "de", None), dispatcher, domain)
    assert slot_events(events)["language"] == "de"


def mashing_turn(text, code, language, unfamiliar):
    tracker = make_tracker(text=text, slots={"language": language})
    tracker.latest_message["language"] = {"code": code, "confidence": 0.66, "native": True,
                                          "letters": len(text), "scores": {code: 0.66}}
    tracker.latest_message["unfamiliar_text"] = unfamiliar
    return tracker


@pytest.mark.parametrize("language", [None, "en"])
def test_keyboard_mashing_does_not_set_the_language(dispatcher, domain, language):
    # "fjfjfjfj dkdkdk" is detected as Dutch; the classifier knows almost none of its letters.
    events = run(ValidateSlotMappings(), mashing_turn("fjfjfjfj dkdkdk ghgh", "nl", language, True),
                 dispatcher, domain)
    assert "language" not in slot_events(events)
    # Dutch the classifier knows does set it.
    events = run(ValidateSlotMappings(), mashing_turn("waar is mijn bestelling nou", "nl", language, False),
                 dispatcher, domain)
    assert slot_events(events)["language"] == "nl"

"""A buyer writing in a language outside the 14 (Swedish), over REST on the running stack.

The stack's translation provider is the LibreTranslate STAND-IN (tests/standins/): it knows
"Var är min beställning?" and marks everything else it translates, e.g. "[en→sv] …".
"""
import uuid


def test_swedish_is_understood_through_english_and_answered_translated(rasa):
    parse = rasa.parse("Var är min beställning?")
    assert parse["language"]["code"] == "sv"
    assert parse["translation"] == {"from": "sv", "text": "Where is my order?"}
    assert parse["intent"]["name"] == "check_order_status"

    reply = rasa.texts(f"sv-{uuid.uuid4().hex[:8]}", "Var är min beställning?")
    # The bot asked for the order number (it understood), in Swedish (through the provider).
    assert reply.startswith("[en→sv]") and "order number" in reply


def test_when_the_provider_fails_the_buyer_still_gets_a_clear_english_answer(rasa, translation_standin):
    translation_standin.mode = "fail"
    try:
        reply = rasa.texts(f"sv-down-{uuid.uuid4().hex[:8]}", "Hej, jag vill returnera mina skor tack")
    finally:
        translation_standin.mode = "normal"
    assert reply and "[" not in reply
    assert not set("åäöÅÄÖ") & set(reply)  # English text, not a half-translated one

"""What the buyer reads: actions run on trackers, their responses rendered in every language.

Each test is about a reply that once showed wrong text: "Sizes: ." and "size None" for
products without sizes, a refund promised for an order never paid, a country named in
English in a German reply, and "plus 0.00% tax" for a destination without import tax.
"""
from __future__ import annotations

import asyncio
import re
from typing import List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from actions.orders import ActionChangeOrderItems, ActionConfirmCancellation, ActionOfferCancellation
from actions.presale import ActionCustomsDuties, ActionProductInfo, ActionShippingOptions
from actions.shop import schema
from bot.language.detect import NATIVE_LANGUAGES
from bot.nlg import LocalizedResponseGenerator
from bot.translation import NoTranslator

from .conftest import EMAILS, PROJECT_ROOT, make_tracker, responses, run


RASA_DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


@pytest.fixture(scope="module")
def generator() -> LocalizedResponseGenerator:
    return LocalizedResponseGenerator(domain=RASA_DOMAIN, translator=NoTranslator())


def shown(generator, dispatcher, language: str = "en") -> List[str]:
    """The texts of the dispatcher's messages as a buyer of `language` reads them."""
    tracker = DialogueStateTracker.from_events("buyer", [], slots=RASA_DOMAIN.slots)
    tracker.update(SlotSet("language", language))
    texts = []
    for message in dispatcher.messages:
        params = dict(message)
        name = params.pop("response")
        texts.append(asyncio.run(generator.generate(name, tracker, "rest", **params))["text"])
    return texts


def verified_with(order_id: str, entities=(), intent: str = "inform"):
    slots = {"order_id": order_id, "email": EMAILS[order_id], "verified_order": order_id}
    return make_tracker(slots=slots, intent=intent, entities=[
        {"entity": entity, "value": value} for entity, value in entities])


def no_empty_values(texts: List[str]) -> None:
    for text in texts:
        assert "None" not in text, text
        assert not re.search(r"[:：]\s*[.。]", text), text  # "Sizes: ." / "尺码：。"
        assert "{" not in text, text


# --- 1. products without sizes ----------------------------------------------------------

def test_headphones_in_black_name_only_the_colour(backend, dispatcher, domain, generator):
    tracker = make_tracker(text="is the wireless headphones in black available?",
                           entities=[{"entity": "product", "value": "wireless headphones"},
                                     {"entity": "colour", "value": "black"}])
    run(ActionProductInfo(), tracker, dispatcher, domain)
    assert shown(generator, dispatcher) == [
        "Wireless headphones: €129.00. Materials: aluminium, protein-leather cushions. "
        "Colours: black, white.",
        "Good news: the Wireless headphones is in stock in that option (colour black).",
    ]
    for language in NATIVE_LANGUAGES:
        no_empty_values(shown(generator, dispatcher, language))


def test_phone_case_info_has_no_empty_size_list(backend, dispatcher, domain, generator):
    tracker = make_tracker(entities=[{"entity": "product", "value": "phone case"}])
    run(ActionProductInfo(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_product_info_colour_only", "utter_product_in_stock"]
    assert shown(generator, dispatcher)[0] == (
        "Phone case: €19.90. Materials: recycled TPU. Colours: black, clear, green.")
    # The catalogue's name, materials and colours in the buyer's language (locales' labels).
    assert shown(generator, dispatcher, "de")[0] == (
        "Handyhülle: 19,90\xa0€. Material: recyceltes TPU. Farben: Schwarz, Transparent, Grün.")
    for language in NATIVE_LANGUAGES:
        no_empty_values(shown(generator, dispatcher, language))


def test_product_with_sizes_and_colours_still_names_both(backend, dispatcher, domain, generator):
    tracker = make_tracker(entities=[{"entity": "product", "value": "trail-running sneakers"},
                                     {"entity": "size", "value": "38"},
                                     {"entity": "colour", "value": "blue"}])
    run(ActionProductInfo(), tracker, dispatcher, domain)
    texts = shown(generator, dispatcher)
    assert "Sizes: 36, 37, 38" in texts[0] and texts[0].endswith("Colours: black, blue.")
    assert texts[1] == ("Good news: the Trail-running sneakers is in stock in that option "
                        "(size 38, colour blue).")


def test_product_info_says_whether_it_can_be_ordered_now(backend, dispatcher, domain, generator):
    run(ActionProductInfo(), make_tracker(entities=[{"entity": "product", "value": "smartwatch"}]),
        dispatcher, domain)
    assert shown(generator, dispatcher)[-1] == "It's in stock in every option right now."
    dispatcher.messages.clear()
    # The seeded dress is sold out in XL red only.
    run(ActionProductInfo(), make_tracker(entities=[{"entity": "product", "value": "linen summer dress"}]),
        dispatcher, domain)
    assert shown(generator, dispatcher)[-1].startswith("Some options are sold out right now")
    assert shown(generator, dispatcher, "es")[-1].startswith("Algunas opciones están agotadas")
    dispatcher.messages.clear()
    with backend.engine.begin() as conn:
        conn.execute(schema.variants.update().where(schema.variants.c.product_sku == "SW-FIT").values(stock=0))
    run(ActionProductInfo(), make_tracker(entities=[{"entity": "product", "value": "smartwatch"}]),
        dispatcher, domain)
    assert shown(generator, dispatcher)[-1] == "The Smartwatch is sold out right now."


def test_a_follow_up_naming_only_a_colour_answers_only_for_that_colour(backend, dispatcher, domain, generator):
    tracker = make_tracker(slots={"product": "Organic cotton T-shirt", "product_topic": "product_info"},
                           text="and in green?", entities=[{"entity": "colour", "value": "green"}])
    run(ActionProductInfo(), tracker, dispatcher, domain)
    assert shown(generator, dispatcher) == [
        "Good news: the Organic cotton T-shirt is in stock in that option (colour green)."]


def test_letter_sizes_are_listed_smallest_first(backend, dispatcher, domain, generator):
    run(ActionProductInfo(), make_tracker(entities=[{"entity": "product", "value": "organic cotton t-shirt"}]),
        dispatcher, domain)
    assert "Sizes: XS, S, M, L, XL." in shown(generator, dispatcher)[0]  # not "L, M, S, XL, XS"


def test_size_asked_alone_is_not_paired_with_none(backend, dispatcher, domain, generator):
    tracker = make_tracker(entities=[{"entity": "product", "value": "linen summer dress"},
                                     {"entity": "size", "value": "M"}])
    run(ActionProductInfo(), tracker, dispatcher, domain)
    assert shown(generator, dispatcher)[1] == (
        "Good news: the Linen summer dress is in stock in that option (size M).")


def test_changing_the_sizeless_phone_case_talks_only_about_colour(backend, dispatcher, domain,
                                                                  generator):
    run(ActionChangeOrderItems(), verified_with("A1003"), dispatcher, domain)
    run(ActionChangeOrderItems(), verified_with("A1003", [("colour", "blue")]), dispatcher, domain)
    run(ActionChangeOrderItems(), verified_with("A1003", [("colour", "black")]), dispatcher, domain)
    assert shown(generator, dispatcher) == [
        "Order A1003 hasn't shipped yet, so I can still change the Phone case "
        "(currently colour green). Which colour would you like instead?",
        "Sorry, the Phone case isn't available in that option (colour blue) right now.",
        "Done: order A1003 now has the Phone case in colour black.",
    ]
    for language in NATIVE_LANGUAGES:
        no_empty_values(shown(generator, dispatcher, language))


def test_every_option_variant_of_a_response_exists_in_every_language(generator):
    bases = {"utter_product_info": ("", "_size_only", "_colour_only", "_no_options")}
    for base in ("utter_ask_item_change", "utter_order_item_changed", "utter_variant_unavailable",
                 "utter_variant_in_stock"):
        bases[base] = ("", "_size_only", "_colour_only")
    names = [base + suffix for base, suffixes in bases.items() for suffix in suffixes]
    assert [n for n in names if n not in generator.responses] == []
    for language, native in generator.by_language.items():
        assert [n for n in names if n not in native.responses] == [], language


# --- 2. cancelling an order that was never paid ------------------------------------------

def test_cancel_prompt_for_an_unpaid_order_promises_no_refund(backend, dispatcher, domain,
                                                             generator):
    run(ActionOfferCancellation(), verified_with("A1007"), dispatcher, domain)
    assert shown(generator, dispatcher) == [
        "Order A1007 hasn't shipped yet, so I can cancel it. It hasn't been paid, so nothing "
        "will be charged or refunded. Shall I cancel it?"]
    assert [b["payload"] for b in generator.responses["utter_ask_confirm_cancel_unpaid"][0]["buttons"]] \
        == ["/affirm", "/deny"]
    for language in NATIVE_LANGUAGES:
        (text,) = shown(generator, dispatcher, language)
        assert "64" not in text, (language, text)  # no amount "goes back"

    dispatcher.messages.clear()
    run(ActionConfirmCancellation(), verified_with("A1007", intent="affirm"), dispatcher, domain)
    assert shown(generator, dispatcher) == ["Done: order A1007 is cancelled. Nothing was charged."]


def test_cancel_prompt_for_a_paid_order_still_names_the_refund(backend, dispatcher, domain,
                                                              generator):
    run(ActionOfferCancellation(), verified_with("A1003"), dispatcher, domain)
    assert shown(generator, dispatcher) == [
        "Order A1003 hasn't shipped yet, so I can cancel it. The full amount of €34.80 goes "
        "back to your payment method. Shall I cancel it?"]


# --- 3. a country we don't serve, named in the buyer's language ---------------------------

def test_unserved_country_is_named_in_the_buyers_language(backend, dispatcher, domain, generator):
    # The German NLU maps "Österreich" to the synonym "Austria".
    tracker = make_tracker(slots={"language": "de", "country": "Austria"},
                           text="Wie hoch sind die Versandkosten nach Österreich?")
    run(ActionShippingOptions(), tracker, dispatcher, domain)
    assert shown(generator, dispatcher, "de") == [
        "Das tut mir leid, in das Lieferland Österreich liefern wir derzeit nicht."]
    assert shown(generator, dispatcher, "fr") == [
        "Désolé, nous ne livrons pas dans ce pays pour le moment : Autriche."]
    assert shown(generator, dispatcher) == ["Sorry, we don't deliver to Austria at the moment."]


def test_unknown_place_is_repeated_as_written(backend, dispatcher, domain, generator):
    run(ActionShippingOptions(), make_tracker(slots={"country": "Atlantis"}), dispatcher, domain)
    assert shown(generator, dispatcher, "de") == [
        "Das tut mir leid, in das Lieferland Atlantis liefern wir derzeit nicht."]


# --- 4. no "plus 0.00% tax" ---------------------------------------------------------------

def test_us_duties_say_nothing_about_a_zero_tax(backend, dispatcher, domain, generator):
    run(ActionCustomsDuties(), make_tracker(slots={"country": "United States"}), dispatcher, domain)
    assert shown(generator, dispatcher) == [
        "For deliveries to United States, import taxes are not included: orders above €800.00 "
        "may be charged duties by customs, paid to the carrier on delivery."]
    for language in NATIVE_LANGUAGES:
        (text,) = shown(generator, dispatcher, language)
        assert "%" not in text, (language, text)  # the rate is only ever written with "%"


def test_duties_with_a_tax_rate_still_name_it(backend, dispatcher, domain, generator):
    run(ActionCustomsDuties(), make_tracker(slots={"country": "Brazil"}), dispatcher, domain)
    assert "plus 17.00% tax" in shown(generator, dispatcher)[0]

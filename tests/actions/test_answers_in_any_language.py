"""Typed answers the NLU labels loosely: countries glued to other words, "I'd prefer a refund",
"ok" to a question for an email, "yes, cancel it"."""
import pytest

from actions.countries import country_in_text
from actions.resolutions import resolution_in_text
from actions.orders import ActionConfirmCancellation
from actions.verification import ValidateVerifyOrderForm

from .conftest import make_tracker, responses, run, verified


@pytest.mark.parametrize("text, code", [
    ("Combien coûte la livraison vers l'Allemagne ?", "DE"), ("spedizione per l'Italia?", "IT"),
    ("한국까지 배송비 얼마예요?", "KR"), ("トルコまで何日かかりますか", "TR"), ("wysyłka do Polski?", "PL"),
    ("сколько стоит доставка в Германию", "DE"), ("Almanya'ya kargo ne kadar", "DE"),
    ("الشحن إلى الإمارات", "AE"), ("envío a Brasil", "BR"), ("发到新加坡要多久", "SG"),
])
def test_a_country_is_found_in_any_language(text, code):
    assert country_in_text(text) == code


@pytest.mark.parametrize("text", ["I want to cancel my order", "do you ship internationally",
                                  "where is my parcel", "my email is ana@example.com"])
def test_no_country_where_none_is_named(text):
    assert country_in_text(text) is None


@pytest.mark.parametrize("text, resolution", [
    ("I'd prefer a refund", "refund"), ("prefiro o reembolso", "refund"), ("返金でお願いします", "refund"),
    ("wolę zwrot pieniędzy", "refund"), ("je préfère un échange", "exchange"), ("lieber umtauschen", "exchange"),
    ("교환하고 싶어요", "exchange"), ("refund or exchange, whatever", None), ("hmm not sure", None),
])
def test_a_typed_preference_answers_refund_or_exchange(text, resolution):
    assert resolution_in_text(text) == resolution


def form_tracker(requested_slot, text, intent, entities=()):
    tracker = make_tracker(intent=intent, text=text, entities=list(entities))
    tracker.slots["requested_slot"] = requested_slot
    return tracker


def test_ok_to_the_email_question_is_answered_not_ignored(dispatcher, domain):
    import asyncio

    form = ValidateVerifyOrderForm()
    tracker = form_tracker("email", "ok", "affirm")
    extracted = asyncio.run(form.extract_email(dispatcher, tracker, domain))
    assert extracted == {"email": "ok"}
    assert form.validate_email("ok", dispatcher, tracker, domain) == {"email": None}
    assert responses(dispatcher) == ["utter_email_invalid"]


def test_a_question_during_the_form_still_interrupts_it(dispatcher, domain):
    import asyncio

    tracker = form_tracker("email", "what is your return policy?", "ask_return_policy")
    assert asyncio.run(ValidateVerifyOrderForm().extract_email(dispatcher, tracker, domain)) == {}


def test_a_slot_cleared_by_an_action_is_not_an_invalid_answer(dispatcher, domain):
    form = ValidateVerifyOrderForm()
    tracker = form_tracker("order_id", "", "check_order_status")
    assert form.validate_email(None, dispatcher, tracker, domain) == {"email": None}
    assert form.validate_order_id(None, dispatcher, tracker, domain) == {"order_id": None}
    assert dispatcher.messages == []


def test_yes_cancel_it_confirms_the_cancellation(backend, dispatcher, domain):
    tracker = verified("A1003", awaiting_reply="cancel_order")
    tracker.latest_message["intent"] = {"name": "cancel_order", "confidence": 0.9}
    run(ActionConfirmCancellation(), tracker, dispatcher, domain)
    assert responses(dispatcher)[0].startswith("utter_order_cancelled")
    assert backend.get_order("A1003").status == "cancelled"

"""Country-dependent answers remember their topic, so "and for Germany?" asks the same again
(rules in data/rules/presale.yml re-run the action named by `country_topic`)."""
import pytest

from actions.presale import (
    ActionCustomsDuties,
    ActionPaymentMethods,
    ActionReturnPolicy,
    ActionShippingOptions,
)
from actions.requests import ActionCancelRequest

from .conftest import followups, make_tracker, message, responses, run, slot_events


@pytest.mark.parametrize("action, topic", [
    (ActionShippingOptions(), "shipping_options"),
    (ActionCustomsDuties(), "customs_duties"),
    (ActionReturnPolicy(), "return_policy"),
    (ActionPaymentMethods(), "payment_methods"),
])
def test_a_country_answer_remembers_its_topic(backend, dispatcher, domain, action, topic):
    events = run(action, make_tracker(slots={"country": "Spain"}), dispatcher, domain)
    assert slot_events(events)["country_topic"] == topic
    assert topic in domain["slots"]["country_topic"]["values"]


def test_the_follow_up_answers_the_same_question_for_the_new_country(backend, dispatcher, domain):
    """"return policy for Spain?" then "and for Poland?": the return policy, not customs."""
    run(ActionReturnPolicy(), make_tracker(slots={"country": "Spain"}), dispatcher, domain)
    follow_up = make_tracker(
        slots={"country": "Poland", "country_topic": "return_policy"}, intent="inform",
        entities=[{"entity": "country", "value": "Poland"}], text="and for Poland?",
    )
    events = run(ActionReturnPolicy(), follow_up, dispatcher, domain)
    policies = [m for m in dispatcher.messages if m["response"] == "utter_return_policy"]
    assert [m["country_name"] for m in policies] == ["Spain", "Poland"]
    assert policies[1]["window_days"] == 14
    assert "utter_duties_included" not in responses(dispatcher)
    assert slot_events(events) == {"country_topic": "return_policy"}


def test_a_country_found_in_the_words_is_kept_for_the_next_question(backend, dispatcher, domain):
    # "How long is delivery? To Korea" with no country entity: found in the text ...
    asked = make_tracker(intent="ask_shipping_options", text="배송 얼마나 걸려요? 한국으로요")
    events = run(ActionShippingOptions(), asked, dispatcher, domain)
    country = slot_events(events)["country"]
    assert message(dispatcher, "utter_shipping_option_standard")["country"] == "KR"
    # ... and "within how many days can I return?" is answered for it, not "which country?".
    dispatcher.messages.clear()
    run(ActionReturnPolicy(), make_tracker(slots={"country": country}, intent="ask_return_policy",
                                           text="반품은 며칠 안에 해야 돼요?"), dispatcher, domain)
    assert message(dispatcher, "utter_return_policy")["country"] == "KR"


def test_an_unserved_country_keeps_the_topic_for_the_next_follow_up(backend, dispatcher, domain):
    events = run(ActionShippingOptions(), make_tracker(slots={"country": "Atlantis"}), dispatcher, domain)
    assert responses(dispatcher) == ["utter_country_not_served"]
    assert slot_events(events) == {"country": None, "country_topic": "shipping_options"}


@pytest.mark.parametrize("text", ["do you ship to australia?", "how much is shipping to canada",
                                  "¿hacéis envíos a Argentina?"])
def test_an_unserved_country_found_in_the_words_is_refused_not_asked_for(backend, dispatcher, domain, text):
    events = run(ActionShippingOptions(), make_tracker(intent="ask_shipping_options", text=text),
                 dispatcher, domain)
    assert responses(dispatcher) == ["utter_country_not_served"]
    assert followups(events) == []  # not "Which country should it be delivered to?"


def test_no_topic_until_the_question_is_answered(backend, dispatcher, domain):
    """Without a country the action asks for one (country_form); the resumed run sets the topic."""
    events = run(ActionCustomsDuties(), make_tracker(), dispatcher, domain)
    assert followups(events) == ["country_form"]
    assert "country_topic" not in slot_events(events)


def test_payment_methods_follow_up_lists_the_local_methods(backend, dispatcher, domain):
    run(ActionPaymentMethods(), make_tracker(), dispatcher, domain)
    follow_up = make_tracker(slots={"country": "Netherlands", "country_topic": "payment_methods"},
                             entities=[{"entity": "country", "value": "Netherlands"}])
    events = run(ActionPaymentMethods(), follow_up, dispatcher, domain)
    assert responses(dispatcher)[0] == "utter_payment_methods"
    assert "iDEAL" in message(dispatcher, "utter_payment_methods_country")["methods"]
    assert slot_events(events) == {"country_topic": "payment_methods"}


def test_a_bare_cancel_in_a_form_stops_the_request(dispatcher, domain):
    """The form-stop rules (data/rules/general.yml) run action_cancel_request for a bare
    "cancel" (cancel_order) too: the request is stopped and what the form collected cleared."""
    tracker = make_tracker(
        slots={"pending_action": "action_request_return", "return_reason": "too small",
               "requested_slot": "item_condition", "verified_order": "A1001"},
        intent="cancel_order", text="cancel", active_loop="return_form",
    )
    events = run(ActionCancelRequest(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_request_cancelled"]
    slots = slot_events(events)
    assert slots["pending_action"] is None and slots["return_reason"] is None
    assert slots["awaiting_reply"] is None and "verified_order" not in slots
    assert followups(events) == []


def test_cancel_naming_an_order_in_a_form_stops_it_and_offers_that_cancellation(dispatcher, domain):
    tracker = make_tracker(
        slots={"pending_action": "action_request_return", "requested_slot": "return_reason",
               "verified_order": "A1001", "order_id": "A1003"},
        intent="cancel_order", text="actually, cancel my order A1003",
        entities=[{"entity": "order_id", "value": "A1003"}], active_loop="return_form",
    )
    events = run(ActionCancelRequest(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_request_cancelled"]
    assert followups(events) == ["action_offer_cancellation"]

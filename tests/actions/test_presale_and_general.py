
from actions import handoff
from actions.fallback import ActionHandleFallback
from actions.presale import (
    ActionCustomsDuties,
    ActionPaymentMethods,
    ActionReturnPolicy,
    ActionShippingOptions,
    ActionSizeRecommendation,
)

from .conftest import followups, make_tracker, message, responses, run, slot_events, verified


def test_size_recommendation_from_chart(backend, dispatcher, domain):
    tracker = make_tracker(slots={"product": "trail-running sneakers", "measurement": "24.5 cm"})
    run(ActionSizeRecommendation(), tracker, dispatcher, domain)
    assert message(dispatcher, "utter_size_fits")["size"] == "38"


def test_size_question_without_measurement_asks_for_it(backend, dispatcher, domain):
    events = run(ActionSizeRecommendation(), make_tracker(slots={"product": "dress"}), dispatcher, domain)
    assert followups(events) == ["size_form"] and dispatcher.messages == []


def test_shipping_to_a_named_country(backend, dispatcher, domain):
    run(ActionShippingOptions(), make_tracker(slots={"country": "España"}), dispatcher, domain)
    standard = message(dispatcher, "utter_shipping_option_standard")
    assert (standard["cost"], standard["min_days"], standard["max_days"]) == ("4.90", 2, 5)
    assert responses(dispatcher) == ["utter_shipping_option_standard", "utter_shipping_option_express"]


def test_shipping_without_country_asks_or_uses_the_verified_order(backend, dispatcher, domain):
    events = run(ActionShippingOptions(), make_tracker(), dispatcher, domain)
    assert followups(events) == ["country_form"]
    run(ActionShippingOptions(), verified("A1005"), dispatcher, domain)
    assert message(dispatcher, "utter_shipping_option_standard")["country_name"] == "Brazil"


def test_unserved_country_is_said_plainly(backend, dispatcher, domain):
    run(ActionShippingOptions(), make_tracker(slots={"country": "Atlantis"}), dispatcher, domain)
    assert responses(dispatcher) == ["utter_country_not_served"]


def test_duties_depend_on_destination(backend, dispatcher, domain):
    run(ActionCustomsDuties(), make_tracker(slots={"country": "Brazil"}), dispatcher, domain)
    run(ActionCustomsDuties(), make_tracker(slots={"country": "Germany"}), dispatcher, domain)
    assert responses(dispatcher) == ["utter_duties_buyer_pays", "utter_duties_included"]
    assert message(dispatcher, "utter_duties_buyer_pays")["vat_percent"] == "17.00"


def test_payment_methods_and_return_policy_per_country(backend, dispatcher, domain):
    run(ActionPaymentMethods(), make_tracker(slots={"country": "Netherlands"}), dispatcher, domain)
    assert "iDEAL" in message(dispatcher, "utter_payment_methods_country")["methods"]
    run(ActionReturnPolicy(), make_tracker(slots={"country": "Poland"}), dispatcher, domain)
    assert message(dispatcher, "utter_return_policy")["window_days"] == 14
    assert "utter_return_shipping_policy_buyer" in responses(dispatcher)


def fallback_events(count):
    parse = {"intent": {"name": "nlu_fallback"}}
    return [{"event": "user", "text": "??", "parse_data": parse}] * count


def test_fallback_rephrase_then_offer_a_person(dispatcher, domain):
    tracker = make_tracker(intent="nlu_fallback")
    run(ActionHandleFallback(), tracker, dispatcher, domain)
    tracker = make_tracker(intent="nlu_fallback", events=fallback_events(1))
    events = run(ActionHandleFallback(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_ask_rephrase", "utter_offer_human"]
    assert slot_events(events) == {"awaiting_reply": "human"}


def test_handoff_sends_a_ticket_closes_the_form_and_pauses(monkeypatch, dispatcher, domain):
    tickets = []

    async def accept(**ticket):
        tickets.append(ticket)
        return True

    monkeypatch.setattr(handoff, "request_handoff", accept)
    tracker = make_tracker(intent="request_human", text="a person please",
                           slots={"verified_order": "A1002", "case_id": "C-ABC123"},
                           active_loop="return_form")
    events = run(handoff.ActionHandoff(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_handoff_started"]
    assert [e["event"] for e in events if e["event"] in ("active_loop", "pause")] == ["active_loop", "pause"]
    assert tickets[0]["order_id"] == "A1002" and tickets[0]["case_ids"] == ["C-ABC123"]
    assert tickets[0]["transcript"][-1]["text"] == "a person please"


def test_handoff_service_down_gets_a_polite_reply(monkeypatch, dispatcher, domain):
    monkeypatch.setenv("HANDOFF_URL", "http://127.0.0.1:9")  # nothing listens there
    events = run(handoff.ActionHandoff(), make_tracker(intent="request_human"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_handoff_unavailable"]
    assert "pause" not in [e["event"] for e in events]


def test_every_response_an_action_sends_exists_in_the_domain(domain):
    import re
    from pathlib import Path

    sent = set()
    for path in Path("actions").rglob("*.py"):
        sent |= set(re.findall(r'response="(utter_\w+)"', path.read_text()))
    assert sent - set(domain["responses"]) == set()

import pytest

from actions import handoff
from actions.fallback import ActionHandleFallback
from actions.forms import ValidateSizeForm
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


def test_a_delivery_time_question_naming_an_order_gets_that_orders_status(backend, dispatcher, domain):
    tracker = make_tracker(intent="ask_shipping_options", text="when will A1002 get here?",
                           entities=[{"entity": "order_id", "value": "A1002"}])
    events = run(ActionShippingOptions(), tracker, dispatcher, domain)
    assert dispatcher.messages == []  # no generic delivery times
    assert followups(events) == ["action_order_status"]


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


def fake_handoff_service(monkeypatch, open_=True, position=3, wait_s=600):
    from actions import handoff_client
    tickets = []

    async def availability(topic):
        return {"open": open_, "team": "europe",
                "next_open": None if open_ else "2026-11-30T09:00:00+01:00"}

    async def create_ticket(ticket):
        tickets.append(ticket)
        return {"ticket": {"id": "t1"}, "created": True, "position": position, "estimated_wait_s": wait_s}

    monkeypatch.setattr(handoff_client, "availability", availability)
    monkeypatch.setattr(handoff_client, "create_ticket", create_ticket)
    return tickets


def test_handoff_sends_a_ticket_with_context_closes_the_form_and_pauses(monkeypatch, backend, dispatcher, domain):
    tickets = fake_handoff_service(monkeypatch)
    tracker = make_tracker(intent="request_human", text="a person please",
                           slots={"verified_order": "A1002", "case_id": "C-ABC123"},
                           active_loop="return_form")
    events = run(handoff.ActionHandoff(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_handoff_started", "utter_handoff_queued"]
    assert dispatcher.messages[1]["queue_position"] == 3 and dispatcher.messages[1]["wait_minutes"] == 10
    assert [e["event"] for e in events if e["event"] in ("active_loop", "pause")] == ["active_loop", "pause"]
    ticket = tickets[0]
    assert ticket["order_id"] == "A1002" and ticket["context"]["order"]["id"] == "A1002"
    assert ticket["context"]["order"]["status"] == "in_transit"
    assert ticket["transcript"][-1]["text"] == "a person please"
    assert "A1002" in ticket["summary"]


def test_handoff_priority_follows_topic_mood_and_order_value():
    assert handoff.priority_for("file_complaint", False, None) == "urgent"
    assert handoff.priority_for("ask_size_fit", True, None) == "high"
    assert handoff.priority_for("report_damaged_item", False, None) == "high"
    assert handoff.priority_for("ask_size_fit", False, None) == "normal"


def test_an_angry_buyer_is_noticed_in_any_script():
    assert handoff.sounds_angry(make_tracker(intent="file_complaint", text="WHERE IS MY PARCEL, THIS IS A SCAM"))
    assert handoff.sounds_angry(make_tracker(intent="file_complaint", text="还没到！！"))
    assert not handoff.sounds_angry(make_tracker(intent="check_order_status", text="where is my order A1002?"))


def test_after_hours_the_buyer_is_offered_to_leave_a_message(monkeypatch, backend, dispatcher, domain):
    tickets = fake_handoff_service(monkeypatch, open_=False)
    events = run(handoff.ActionHandoff(), make_tracker(intent="request_human"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_handoff_after_hours"]
    assert dispatcher.messages[0]["next_open"] == "2026-11-30T09:00:00+01:00"
    assert {"event": "followup", "name": "offline_message_form"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events]
    assert "pause" not in [e["event"] for e in events] and tickets == []


def test_an_offline_message_becomes_a_ticket(monkeypatch, backend, dispatcher, domain):
    tickets = fake_handoff_service(monkeypatch, open_=False)
    tracker = make_tracker(intent="inform", text="please call me back about my refund",
                           slots={"offline_message": "please call me back about my refund"})
    run(handoff.ActionLeaveOfflineMessage(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_offline_message_saved"]
    assert tickets[0]["offline_message"] == "please call me back about my refund"


def test_handoff_service_down_gets_a_polite_reply(monkeypatch, dispatcher, domain):
    monkeypatch.setenv("HANDOFF_URL", "http://127.0.0.1:9")  # nothing listens there
    events = run(handoff.ActionHandoff(), make_tracker(intent="request_human"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_handoff_unavailable"]
    assert "pause" not in [e["event"] for e in events]


@pytest.mark.parametrize("text, score", [("5", 5), ("4/5", 4), ("★★★", 3), ("I'd say 2 stars", 2),
                                         ("great", None), ("10", None), ("1 or 5", None)])
def test_rating_answers_are_understood(text, score):
    assert handoff.parse_score(text) == score


def test_readme_counts_the_seeded_destinations():
    import re
    from pathlib import Path

    from actions.shop.seed import DESTINATIONS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    claimed = re.search(r"shipping to (\d+) countries", readme)
    assert claimed and int(claimed.group(1)) == len(DESTINATIONS) == 15


def test_every_response_an_action_sends_exists_in_the_domain(domain):
    import re
    from pathlib import Path

    sent = set()
    for path in Path("actions").rglob("*.py"):
        sent |= set(re.findall(r'response="(utter_\w+)"', path.read_text()))
    assert sent - set(domain["responses"]) == set()


def test_rating_form_starting_with_reset_slots_asks_nothing_extra(dispatcher, domain):
    validator = handoff.ValidateRatingForm()
    tracker = make_tracker(slots={"rating_score": None, "rating_comment": None})
    assert validator.validate_rating_score(None, dispatcher, tracker, domain) == {"rating_score": None}
    assert validator.validate_rating_comment(None, dispatcher, tracker, domain) == {"rating_comment": None}
    assert dispatcher.messages == []


def test_a_second_non_rating_answer_ends_the_question(dispatcher, domain):
    validator = handoff.ValidateRatingForm()
    first = make_tracker(events=[{"event": "active_loop", "name": "rating_form"}])
    assert validator.validate_rating_score("great", dispatcher, first, domain) == {"rating_score": None}
    assert responses(dispatcher) == ["utter_rating_invalid"]
    second = make_tracker(events=[{"event": "active_loop", "name": "rating_form"},
                                  {"event": "bot", "text": "…", "metadata": {"utter_action": "utter_rating_invalid"}}])
    assert validator.validate_rating_score("where is my order", dispatcher, second, domain)["rating_score"] == "skipped"


@pytest.mark.parametrize("kind, said", [
    ("joined", ["utter_agent_joined"]),
    ("queued", ["utter_handoff_queued"]), ("resumed", ["utter_handoff_resumed"]), ("closed", ["utter_handoff_closed", "utter_ask_rating_score"]),
])
def test_relay_speaks_for_the_agent_and_ends_listening(kind, said, dispatcher, domain):
    tracker = make_tracker(slots={"relay_kind": kind, "agent_name": "Li Na"})
    events = run(handoff.ActionRelayToBuyer(), tracker, dispatcher, domain)
    assert responses(dispatcher) == said
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    if kind == "closed":
        assert {"event": "active_loop", "name": "rating_form", "timestamp": None} in events


def test_a_new_country_question_inside_the_country_form_is_the_one_answered(backend, dispatcher, domain):
    from actions.forms import ValidateCountryForm

    form = ValidateCountryForm()
    tracker = make_tracker(slots={"pending_action": "action_shipping_options", "requested_slot": "country"},
                           intent="ask_customs_duties", text="custms fees for the UK?",
                           entities=[{"entity": "country", "value": "United Kingdom"}], active_loop="country_form")
    assert form.validate_country("United Kingdom", dispatcher, tracker, domain) == {
        "country": "United Kingdom", "pending_action": "action_customs_duties"}
    # A plain answer keeps the question that was asked.
    tracker = make_tracker(slots={"pending_action": "action_shipping_options", "requested_slot": "country"},
                           intent="inform", text="the UK", active_loop="country_form")
    assert form.validate_country("United Kingdom", dispatcher, tracker, domain) == {"country": "United Kingdom"}


def size_form_answer(product_text: str):
    tracker = make_tracker(slots={"requested_slot": "product"}, text=product_text,
                           entities=[{"entity": "product", "value": product_text}], active_loop="size_form")
    tracker.slots["product"] = product_text
    tracker.events.append({"event": "slot", "name": "product", "value": product_text})
    return tracker


def test_a_one_size_product_ends_the_size_question_without_asking_a_measurement(backend, dispatcher, domain):
    events = run(ValidateSizeForm(), size_form_answer("leather handbag"), dispatcher, domain)
    slots = slot_events(events)
    assert slots["product"] == "Leather handbag"
    assert slots["requested_slot"] is None
    assert "utter_ask_measurement" not in responses(dispatcher)


def test_a_product_with_a_size_chart_is_measured(backend, dispatcher, domain):
    events = run(ValidateSizeForm(), size_form_answer("trail-running sneakers"), dispatcher, domain)
    # No requested_slot of its own: Rasa's form asks the domain's next slot, the measurement.
    assert slot_events(events) == {"product": "Trail-running sneakers"}

import pytest

from actions.forms import ValidateAddressForm
from actions.resolutions import dispute_resolution_in_text
from actions.orders import (
    ActionChangeAddress,
    ActionChangeOrderItems,
    ActionConfirmCancellation,
    ActionDeliveryProblem,
    ActionOfferCancellation,
    ActionOrderStatus,
    ActionPaymentProblem,
    ActionRecordCaseResolution,
    preferred_resolution,
)

from .conftest import followups, make_tracker, message, responses, run, slot_events, verified


def test_status_with_tracking_timeline(backend, dispatcher, domain):
    run(ActionOrderStatus(), verified("A1002"), dispatcher, domain)
    assert responses(dispatcher) == [
        "utter_order_status_in_transit", "utter_tracking_picked_up", "utter_tracking_in_transit",
        "utter_tracking_in_transit",
    ]
    status = message(dispatcher, "utter_order_status_in_transit")
    order = backend.get_order("A1002")
    assert status["eta_latest"] == order.eta_latest.isoformat()
    assert status["tracking_number"] == order.tracking_number
    assert message(dispatcher, "utter_tracking_picked_up")["location"] == "Barcelona, ES"


def test_a_late_or_lost_order_status_goes_on_to_the_delivery_problem(backend, dispatcher, domain):
    events = run(ActionOrderStatus(), verified("A1005"), dispatcher, domain)
    assert responses(dispatcher)[0] == "utter_order_status_in_transit"
    assert followups(events) == ["action_delivery_problem"]  # 12 days late: the dispute
    dispatcher.messages.clear()
    events = run(ActionOrderStatus(), verified("A1008"), dispatcher, domain)
    # "Lost" is said once, by the delivery problem's answer with its case; the timeline first.
    assert all(r.startswith("utter_tracking_") for r in responses(dispatcher))
    assert followups(events) == ["action_delivery_problem"]
    dispatcher.messages.clear()
    assert followups(run(ActionOrderStatus(), verified("A1002"), dispatcher, domain)) == []  # on time


def test_cancel_before_shipment_after_confirmation(backend, dispatcher, domain):
    events = run(ActionOfferCancellation(), verified("A1003"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_ask_confirm_cancel"]
    assert slot_events(events) == {"awaiting_reply": "cancel_order"}
    assert backend.get_order("A1003").status == "paid"  # nothing happens before the yes

    tracker = verified("A1003", awaiting_reply="cancel_order")
    tracker.latest_message["intent"]["name"] = "affirm"
    run(ActionConfirmCancellation(), tracker, dispatcher, domain)
    assert message(dispatcher, "utter_order_cancelled_refund")["total"] == "34.80"
    assert backend.get_order("A1003").status == "cancelled"


def test_no_keeps_the_order(backend, dispatcher, domain):
    tracker = verified("A1003", awaiting_reply="cancel_order")
    tracker.latest_message["intent"]["name"] = "deny"
    events = run(ActionConfirmCancellation(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_cancel_kept"]
    assert slot_events(events) == {"awaiting_reply": None}
    assert backend.get_order("A1003").status == "paid"


def test_cancel_after_shipment_is_explained_and_changes_nothing(backend, dispatcher, domain):
    events = run(ActionOfferCancellation(), verified("A1002"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_cancel_too_late"]
    assert events == []
    assert backend.get_order("A1002").status == "in_transit"


def test_address_change_collects_the_address_then_applies_it(backend, dispatcher, domain):
    events = run(ActionChangeAddress(), verified("A1003"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_current_address"]
    assert followups(events) == ["address_form"]
    new = "20 Orchard Rd, Singapore 238830"
    events = run(ActionChangeAddress(), verified("A1003", new_address=new), dispatcher, domain)
    assert message(dispatcher, "utter_address_changed")["address"] == new
    assert backend.get_order("A1003").shipping_address == new
    assert slot_events(events)["new_address"] is None


@pytest.mark.parametrize("address, accepted", [
    ("Hauptstraße 5, 10115 Berlin, Germany", False),       # A1003 ships to Singapore
    ("Hauptstraße 5, 10115 Berlin, Deutschland", False),
    ("中国上海市浦东新区世纪大道100号", False),
    ("12 Jordan Road, Singapore 123456", True),            # a street named after a country
    ("20 Orchard Rd, #03-01, Singapore 238830", True),
    ("20 Orchard Road 238830", True),                      # no country named: taken as given
])
def test_an_address_in_another_country_is_refused_with_the_rule(backend, dispatcher, domain, address, accepted):
    tracker = verified("A1003", requested_slot="new_address")
    result = ValidateAddressForm().validate_new_address(address, dispatcher, tracker, domain)
    if accepted:
        assert result == {"new_address": address} and dispatcher.messages == []
    else:
        assert result == {"new_address": None}
        said = message(dispatcher, "utter_address_other_country")
        assert (said["order_id"], said["country"]) == ("A1003", "SG")
    assert backend.get_order("A1003").shipping_address.startswith("8 Marina Blvd")


def test_address_change_after_shipment_offers_the_carrier(backend, dispatcher, domain):
    run(ActionChangeAddress(), verified("A1002", new_address="Elsewhere 1, 10115 Berlin"),
        dispatcher, domain)
    reply = message(dispatcher, "utter_address_change_too_late")
    assert reply["carrier"] == "DHL Parcel" and reply["tracking_number"]
    assert backend.get_order("A1002").shipping_address.startswith("Schönhauser")


def test_payment_problems(backend, dispatcher, domain):
    run(ActionPaymentProblem(), verified("A1007"), dispatcher, domain)
    assert "Konbini" in message(dispatcher, "utter_payment_declined")["methods"]
    dispatcher.messages.clear()
    events = run(ActionPaymentProblem(), verified("A1009"), dispatcher, domain)
    case = backend.get_case(slot_events(events)["case_id"])
    assert case.type == "payment" and case.order_id == "A1009"
    assert responses(dispatcher) == ["utter_payment_duplicate_refund"]
    dispatcher.messages.clear()
    run(ActionPaymentProblem(), verified("A1001"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_payment_single_charge", "utter_payment_pending_hold",
                                     "utter_bank_fees_note"]
    assert backend.cases_for_order("A1001") == []


def explained(order_id: str) -> list:
    """The events of a conversation where the bot already said it charged `order_id` once."""
    return [{"event": "user", "text": "I was charged twice", "parse_data": {"intent": {"name": "report_payment_problem"}}},
            {"event": "bot", "text": f"We charged order {order_id} once, 94.80.",
             "metadata": {"utter_action": "utter_payment_single_charge"}}]


def test_a_second_charge_the_buyer_still_sees_goes_to_a_person_with_a_case(backend, dispatcher, domain):
    tracker = make_tracker(slots=dict(verified("A1001").slots), intent="report_payment_problem",
                           text="but my statement shows two payments", events=explained("A1001"))
    events = run(ActionPaymentProblem(), tracker, dispatcher, domain)
    case = backend.get_case(slot_events(events)["case_id"])
    assert (case.type, case.order_id) == ("payment", "A1001")
    assert "two payments" in case.reason
    assert message(dispatcher, "utter_payment_case_for_team")["case_id"] == case.id
    assert followups(events) == ["action_handoff"]
    dispatcher.messages.clear()
    events = run(ActionPaymentProblem(), tracker, dispatcher, domain)
    assert slot_events(events)["case_id"] == case.id  # asking again opens no second case
    assert len(backend.cases_for_order("A1001")) == 1


def test_an_explanation_about_another_order_does_not_count(backend, dispatcher, domain):
    tracker = make_tracker(slots=dict(verified("A1001").slots), intent="report_payment_problem",
                           events=explained("A1002"))
    run(ActionPaymentProblem(), tracker, dispatcher, domain)
    assert responses(dispatcher)[0] == "utter_payment_single_charge"
    assert backend.cases_for_order("A1001") == []


def test_parcel_past_the_threshold_opens_one_dispute(backend, dispatcher, domain):
    first = slot_events(run(ActionDeliveryProblem(), verified("A1005"), dispatcher, domain))
    reply = message(dispatcher, "utter_delivery_dispute")
    assert (reply["days_late"], reply["threshold_days"]) == (12, 7)
    dispatcher.messages.clear()
    again = slot_events(run(ActionDeliveryProblem(), verified("A1005"), dispatcher, domain))
    assert first["case_id"] == again["case_id"]
    assert [c.type for c in backend.cases_for_order("A1005")] == ["delivery_dispute"]
    # Asked again, the bot does not claim to have just opened it: it says since when it is open.
    assert responses(dispatcher) == ["utter_delivery_dispute_case_open", "utter_ask_case_resolution"]
    reply = message(dispatcher, "utter_delivery_dispute_case_open")
    case = backend.get_case(first["case_id"])
    assert (reply["case_id"], reply["case_status"], reply["days_late"]) == (case.id, "open", 12)
    assert reply["opened_on"] == case.created_at.date().isoformat()


def test_an_overdue_parcel_s_refund_is_noted_as_depending_on_the_search(backend, dispatcher, domain):
    # A1005 is overdue, not reported lost: it may still turn up.
    case_id = slot_events(run(ActionDeliveryProblem(), verified("A1005"), dispatcher, domain))["case_id"]
    dispatcher.messages.clear()
    run(ActionRecordCaseResolution(), answer_to_resolution(case_id, "a refund please"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_case_resolution_refund_if_not_found"]
    assert preferred_resolution(backend.get_case(case_id)) == "refund"


def answer_to_resolution(case_id: str, text: str, intent: str = "inform", entities=None):
    return make_tracker(slots={"case_id": case_id, "awaiting_reply": "case_resolution"},
                        intent=intent, text=text, entities=entities)


@pytest.mark.parametrize("text, intent, entities, resolution", [
    ("", "inform", [{"entity": "resolution", "value": "refund"}], "refund"),  # the button
    ("send me a new one please", "inform", None, "replacement"),
    ("prefiero el reembolso", "inform", None, "refund"),
    ("I just want my money back", "request_return", None, "refund"),
    ("换新的吧", "inform", None, "replacement"),
    ("prefiero que me lo envíen de nuevo", "change_shipping_address", None, "replacement"),
    ("bitte noch einmal schicken", "inform", None, "replacement"),
])
def test_a_lost_parcel_asks_replacement_or_refund_and_notes_the_answer_in_its_case(
        backend, dispatcher, domain, text, intent, entities, resolution):
    events = run(ActionDeliveryProblem(), verified("A1008"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_delivery_lost", "utter_ask_case_resolution"]
    assert slot_events(events)["awaiting_reply"] == "case_resolution"
    case_id = slot_events(events)["case_id"]
    dispatcher.messages.clear()
    events = run(ActionRecordCaseResolution(), answer_to_resolution(case_id, text, intent, entities),
                 dispatcher, domain)
    assert responses(dispatcher) == [f"utter_case_resolution_{resolution}"]
    assert slot_events(events)["awaiting_reply"] is None
    assert preferred_resolution(backend.get_case(case_id)) == resolution
    # Asking about the parcel again does not ask the question again: it says what is noted.
    dispatcher.messages.clear()
    run(ActionDeliveryProblem(), verified("A1008"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_delivery_lost_case_open", f"utter_case_resolution_{resolution}"]


def test_a_message_that_is_no_answer_to_replacement_or_refund_is_handled_as_usual(backend, dispatcher, domain):
    events = run(ActionDeliveryProblem(), verified("A1008"), dispatcher, domain)
    case_id = slot_events(events)["case_id"]
    dispatcher.messages.clear()
    events = run(ActionRecordCaseResolution(),
                 answer_to_resolution(case_id, "how much is shipping to Italy?", "ask_shipping_options"),
                 dispatcher, domain)
    assert [e["event"] for e in events] == ["undo", "slot"] and dispatcher.messages == []
    # A refund asked for another order is about that order, not this parcel.
    other = answer_to_resolution(case_id, "I want a refund for order A1001", "request_return",
                                 [{"entity": "order_id", "value": "A1001"}])
    assert [e["event"] for e in run(ActionRecordCaseResolution(), other, dispatcher, domain)] == ["undo", "slot"]
    assert preferred_resolution(backend.get_case(case_id)) is None


def test_late_parcel_within_threshold_is_explained_without_a_case(backend, dispatcher, domain):
    events = run(ActionDeliveryProblem(), verified("A1010"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_delivery_late"]
    assert events == [] and backend.cases_for_order("A1010") == []


def test_changing_the_size_of_a_delivered_item_becomes_an_exchange(backend, dispatcher, domain):
    events = run(ActionChangeOrderItems(), verified("A1001", size="39"), dispatcher, domain)
    assert followups(events) == ["action_request_return"]
    assert slot_events(events)["resolution"] == "exchange"
    assert responses(dispatcher) == []  # the return flow speaks: window, then the reason question
    assert backend.get_order("A1001").items[0].size == "38"


def test_changing_items_in_transit_is_explained_and_changes_nothing(backend, dispatcher, domain):
    events = run(ActionChangeOrderItems(), verified("A1002", size="L"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_items_too_late"] and followups(events) == []


@pytest.mark.parametrize("text, resolution", [
    ("prefiero que me lo envíen de nuevo", "replacement"),
    ("bitte noch einmal schicken", "replacement"),
    ("please resend it", "replacement"),
    ("could you ship it again", "replacement"),
    ("再发一次吧", "replacement"),
    ("just send the money back again", "refund"),  # the refund words decide
    ("it's late again", None),                     # "again" alone says nothing about sending
    ("снова опоздание", None),
])
def test_send_it_again_means_a_replacement_for_a_parcel_that_never_came(text, resolution):
    assert dispute_resolution_in_text(text) == resolution

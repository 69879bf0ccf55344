import pytest

from actions.claims import ActionFileComplaint, ActionReportItemProblem
from actions.feedback import ActionAnswerReviewRevision, ActionApplyCompensation, ActionHandleFeedback
from actions.forms import ValidateClaimForm
from actions.handoff import order_context
from actions.returns import ActionRefundStatus, ActionRequestReturn

from .conftest import followups, make_tracker, message, responses, run, slot_events, verified

RETURN_ANSWERS = {"return_reason": "too small", "item_condition": "unused", "resolution": "refund"}


def test_return_request_checks_eligibility_then_collects_details(backend, dispatcher, domain):
    events = run(ActionRequestReturn(), verified("A1001"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_return_eligible"]
    assert followups(events) == ["return_form"]
    assert backend.cases_for_order("A1001") == []


def return_request(text: str) -> dict:
    """The buyer's request_return message; the latest message is then their e-mail."""
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": "request_return"}}}


def test_a_return_request_naming_an_exchange_skips_refund_or_exchange(backend, dispatcher, domain):
    tracker = make_tracker(slots=dict(verified("A1001").slots),
                           events=[return_request("I'd like to exchange the sneakers from A1001 for a size 39")])
    events = run(ActionRequestReturn(), tracker, dispatcher, domain)
    assert slot_events(events)["resolution"] == "exchange"
    assert followups(events) == ["return_form"]


def test_a_return_request_naming_money_back_is_a_refund(backend, dispatcher, domain):
    tracker = make_tracker(slots=dict(verified("A1001").slots),
                           events=[return_request("how can I get my money back for order A1001")])
    assert slot_events(run(ActionRequestReturn(), tracker, dispatcher, domain))["resolution"] == "refund"


def test_a_return_request_naming_no_or_both_resolutions_leaves_the_question(backend, dispatcher, domain):
    for text in ("I want to send back my new shoes", "refund or exchange, whichever is faster",
                 "can I get a partial refund"):
        tracker = make_tracker(slots=dict(verified("A1001").slots), events=[return_request(text)])
        assert slot_events(run(ActionRequestReturn(), tracker, dispatcher, domain))["resolution"] is None, text


@pytest.mark.parametrize("text", [
    "I want to return the sneakers from A1001, they're too small",
    "quiero devolver las zapatillas, me quedan pequeñas",
    "Ich möchte die Schuhe zurückschicken, sie sind zu klein",
    "运动鞋偏小，我想退货",
    "신발이 작아서 반품하고 싶어요",
    "I want to return them, I changed my mind",
])
def test_a_return_request_that_says_why_is_not_asked_why_again(backend, dispatcher, domain, text):
    tracker = make_tracker(slots=dict(verified("A1001").slots), events=[return_request(text)])
    assert slot_events(run(ActionRequestReturn(), tracker, dispatcher, domain))["return_reason"] == text


@pytest.mark.parametrize("text", ["I want to return order A1001", "quiero devolver mi pedido",
                                  "how do I send back the sneakers?"])
def test_a_return_request_that_does_not_say_why_is_asked_why(backend, dispatcher, domain, text):
    tracker = make_tracker(slots=dict(verified("A1001").slots), events=[return_request(text)])
    assert slot_events(run(ActionRequestReturn(), tracker, dispatcher, domain))["return_reason"] is None


def test_a_refund_asked_as_a_return_of_a_lost_parcel_goes_to_its_case(backend, dispatcher, domain):
    tracker = make_tracker(slots=dict(verified("A1008").slots), events=[return_request("a full refund please")])
    events = run(ActionRequestReturn(), tracker, dispatcher, domain)
    assert dispatcher.messages == []  # not "hasn't been delivered yet, so a return isn't possible"
    assert followups(events) == ["action_delivery_problem"]


def test_return_case_with_instructions(backend, dispatcher, domain):
    events = run(ActionRequestReturn(), verified("A1001", **RETURN_ANSWERS), dispatcher, domain)
    case = backend.get_case(slot_events(events)["case_id"])
    assert (case.type, case.reason, case.order_id) == ("return", "too small", "A1001")
    reply = message(dispatcher, "utter_return_case_opened")
    assert reply["case_id"] == case.id and reply["return_label"] == case.return_label
    assert "Madrid" in reply["return_address"]
    assert responses(dispatcher)[-1] == "utter_return_shipping_paid_by_shop"
    assert slot_events(events)["return_reason"] is None  # the next request starts fresh


def test_exchange_for_another_size(backend, dispatcher, domain):
    answers = {**RETURN_ANSWERS, "resolution": "exchange", "size": "39"}
    events = run(ActionRequestReturn(), verified("A1001", **answers), dispatcher, domain)
    assert backend.get_case(slot_events(events)["case_id"]).type == "exchange"
    assert message(dispatcher, "utter_exchange_case_opened")["size"] == "39"


def test_refusal_outside_the_window_explains_the_rule(backend, dispatcher, domain):
    run(ActionRequestReturn(), verified("A1004"), dispatcher, domain)
    reply = message(dispatcher, "utter_return_refused_window_expired")
    assert (reply["country_name"], reply["window_days"], reply["days_since_delivery"]) == (
        "United States", 30, 45)
    assert backend.cases_for_order("A1004") == []


def test_used_item_is_refused(backend, dispatcher, domain):
    answers = {**RETURN_ANSWERS, "item_condition": "used"}
    run(ActionRequestReturn(), verified("A1001", **answers), dispatcher, domain)
    assert responses(dispatcher) == ["utter_return_refused_item_used"]


def test_refund_status_from_the_order(backend, dispatcher, domain):
    run(ActionRefundStatus(), verified("A1006"), dispatcher, domain)
    reply = message(dispatcher, "utter_refund_completed")
    assert reply["amount"] == "253.90" and reply["currency"] == "EUR"
    dispatcher.messages.clear()
    run(ActionRefundStatus(), verified("A1002"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_no_refund"]


def test_photo_comes_from_metadata_or_a_link(domain, dispatcher):
    tracker = make_tracker(slots={"requested_slot": "photo_url"}, text="here",
                           metadata={"attachment_url": "https://img.example.com/1.jpg"})
    assert asyncio_run(ValidateClaimForm().extract_photo_url(dispatcher, tracker, domain)) == {
        "photo_url": "https://img.example.com/1.jpg"}
    tracker = make_tracker(slots={"requested_slot": "photo_url"}, text="see https://x.io/p.png")
    assert asyncio_run(ValidateClaimForm().extract_photo_url(dispatcher, tracker, domain)) == {
        "photo_url": "https://x.io/p.png"}
    tracker = make_tracker(slots={"requested_slot": "photo_url"}, intent="deny", text="no")
    assert asyncio_run(ValidateClaimForm().extract_photo_url(dispatcher, tracker, domain)) == {
        "photo_url": "none"}


def asyncio_run(coroutine):
    import asyncio

    return asyncio.run(coroutine)


def test_damaged_item_claim(backend, dispatcher, domain):
    events = run(ActionReportItemProblem(), verified("A1001", claim_type="damaged"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_claim_apology_damaged"]
    assert followups(events) == ["claim_form"]
    answers = {"claim_type": "damaged", "claim_description": "sole came off",
               "photo_url": "https://img.example.com/1.jpg", "resolution": "partial_refund"}
    events = run(ActionReportItemProblem(), verified("A1001", **answers), dispatcher, domain)
    case = backend.get_case(slot_events(events)["case_id"])
    assert (case.type, case.evidence_url, case.requested_resolution) == (
        "damaged", "https://img.example.com/1.jpg", "partial_refund")
    reply = message(dispatcher, "utter_claim_opened_partial_refund")
    assert (reply["partial_amount"], reply["percent"]) == ("18.96", 20)  # 20 % of 94.80


def test_a_replacement_for_a_wrong_item_is_the_item_ordered(backend, dispatcher, domain):
    answers = {"claim_type": "wrong_item", "claim_description": "got blue instead of black",
               "photo_url": "none", "resolution": "replacement"}
    run(ActionReportItemProblem(), verified("A1001", **answers), dispatcher, domain)
    assert responses(dispatcher) == ["utter_claim_opened_replacement_wrong_item"]
    assert message(dispatcher, "utter_claim_opened_replacement_wrong_item")["product"] == "Trail-running sneakers"


def test_claim_on_an_order_not_shipped_yet_is_refused(backend, dispatcher, domain):
    events = run(ActionReportItemProblem(), verified("A1003", claim_type="damaged"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_claim_not_shipped"]
    assert followups(events) == []
    assert backend.cases_for_order("A1003") == []
    assert slot_events(events)["awaiting_reply"] == "claim_order"  # "which order, then?"


def test_the_number_of_the_other_order_continues_the_claim_on_it(backend, dispatcher, domain):
    tracker = verified("A1001", claim_type="damaged", awaiting_reply="claim_order")
    events = run(ActionReportItemProblem(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_claim_apology_damaged"]
    assert followups(events) == ["claim_form"]
    assert slot_events(events)["awaiting_reply"] is None


def test_claim_on_a_parcel_tracking_shows_in_transit_goes_ahead_and_tells_the_team(backend, dispatcher, domain):
    events = run(ActionReportItemProblem(), verified("A1002", claim_type="damaged"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_claim_tracking_behind", "utter_claim_apology_damaged"]
    assert followups(events) == ["claim_form"]
    dispatcher.messages.clear()
    answers = {"claim_type": "damaged", "claim_description": "screen cracked", "photo_url": "none",
               "resolution": "replacement"}
    events = run(ActionReportItemProblem(), verified("A1002", **answers), dispatcher, domain)
    assert responses(dispatcher) == ["utter_claim_opened_replacement"]
    case = backend.get_case(slot_events(events)["case_id"])
    assert (case.type, case.reason) == ("damaged", "screen cracked")
    # The agent who takes the conversation over sees it with the case.
    context = order_context(backend.get_order("A1002"), backend.cases_for_order("A1002"))
    assert "tracking still shows in_transit" in context["cases"][0]["notes"]


def test_complaint_opens_a_case_and_hands_over_to_a_person(backend, dispatcher, domain):
    events = run(ActionFileComplaint(), verified("A1002"), dispatcher, domain)
    assert responses(dispatcher) == ["utter_complaint_registered"]
    assert followups(events) == ["action_handoff"]
    assert backend.get_case(slot_events(events)["case_id"]).type == "complaint"


def test_negative_feedback_to_coupon_to_review_question(backend, dispatcher, domain):
    events = run(ActionHandleFeedback(), verified("A1001"), dispatcher, domain)
    assert followups(events) == ["feedback_form"]
    events = run(ActionHandleFeedback(), verified("A1001", feedback_reason="slow"), dispatcher, domain)
    case_id = slot_events(events)["case_id"]
    assert message(dispatcher, "utter_offer_compensation")["coupon_percent"] == 10
    dispatcher.messages.clear()
    events = run(ActionApplyCompensation(), verified("A1001", case_id=case_id, resolution="coupon"),
                 dispatcher, domain)
    assert responses(dispatcher) == ["utter_coupon_issued", "utter_ask_revise_review"]
    assert backend.get_case(case_id).status == "resolved"
    assert slot_events(events)["awaiting_reply"] == "review_revision"
    dispatcher.messages.clear()
    tracker = verified("A1001", awaiting_reply="review_revision")
    tracker.latest_message["intent"]["name"] = "deny"
    run(ActionAnswerReviewRevision(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_review_left_as_is"]

"""Compensation for bad feedback: once per case, and only for delivered orders."""
from decimal import Decimal

import yaml

from actions.feedback import NO_COMPENSATION, ActionApplyCompensation, ActionHandleFeedback
from actions.shop import policies
from actions.shop.backend import PARTIAL_REFUND, Compensation

from .conftest import PROJECT_ROOT, message, responses, run, slot_events, verified


def feedback(order_id, reason, dispatcher, domain):
    dispatcher.messages.clear()
    return run(ActionHandleFeedback(), verified(order_id, feedback_reason=reason), dispatcher, domain)


def choose(order_id, case_id, resolution, dispatcher, domain):
    dispatcher.messages.clear()
    tracker = verified(order_id, case_id=case_id, resolution=resolution, awaiting_reply="compensation")
    return run(ActionApplyCompensation(), tracker, dispatcher, domain)


def resolved_events(backend, case_id):
    """The compensations written into the case history."""
    return [(h.status, h.note) for h in backend.get_case(case_id).history
            if h.note.startswith(("partial refund", "coupon"))]


def test_a_compensated_case_is_not_compensated_again(backend, dispatcher, domain):
    events = feedback("A1001", "the box was dirty", dispatcher, domain)
    case_id = slot_events(events)["case_id"]
    assert "utter_offer_compensation" in responses(dispatcher)
    choose("A1001", case_id, "partial_refund", dispatcher, domain)
    assert responses(dispatcher) == ["utter_partial_refund_issued", "utter_ask_revise_review"]
    paid = message(dispatcher, "utter_partial_refund_issued")["amount"]

    # "I want to change my review" -> deny -> a new reason: the same case, not a second payment.
    events = feedback("A1001", "still unhappy, the box was dirty", dispatcher, domain)
    assert responses(dispatcher) == ["utter_compensation_already_given_partial_refund"]
    told = message(dispatcher, "utter_compensation_already_given_partial_refund")
    assert (told["case_id"], told["order_id"], told["amount"], told["currency"]) == (
        case_id, "A1001", paid, "EUR")
    assert slot_events(events)["awaiting_reply"] is None  # no offer to answer
    # A repeated answer (an old button) pays nothing either.
    choose("A1001", case_id, "partial_refund", dispatcher, domain)
    assert responses(dispatcher) == ["utter_compensation_already_given_partial_refund"]

    assert resolved_events(backend, case_id) == [("resolved", f"partial refund {paid} EUR")]
    notes = [h.note for h in backend.get_case(case_id).history]
    assert "feedback: still unhappy, the box was dirty" in notes  # the new reason is kept


def test_a_coupon_is_not_followed_by_a_partial_refund(backend, dispatcher, domain):
    case_id = slot_events(feedback("A1001", "slow", dispatcher, domain))["case_id"]
    choose("A1001", case_id, "coupon", dispatcher, domain)
    code = message(dispatcher, "utter_coupon_issued")["coupon_code"]
    feedback("A1001", "still slow", dispatcher, domain)
    told = message(dispatcher, "utter_compensation_already_given_coupon")
    assert (told["case_id"], told["coupon_code"], told["coupon_percent"]) == (case_id, code, 10)
    choose("A1001", case_id, "partial_refund", dispatcher, domain)
    assert "utter_partial_refund_issued" not in responses(dispatcher)
    assert len(resolved_events(backend, case_id)) == 1


def test_an_order_on_its_way_gets_its_status_not_compensation(backend, dispatcher, domain):
    events = feedback("A1002", "the box was dirty", dispatcher, domain)
    said = responses(dispatcher)
    assert said[:2] == ["utter_feedback_not_delivered", "utter_order_status_in_transit"]
    assert "utter_offer_compensation" not in said
    case_id = slot_events(events)["case_id"]
    assert message(dispatcher, "utter_feedback_not_delivered")["case_id"] == case_id
    assert slot_events(events)["awaiting_reply"] is None
    assert backend.get_case(case_id).type == "complaint"  # the feedback is recorded
    # Even when asked for (a stale button), nothing is paid for an undelivered order.
    choose("A1002", case_id, "partial_refund", dispatcher, domain)
    assert "utter_partial_refund_issued" not in responses(dispatcher)
    assert responses(dispatcher)[0] == "utter_feedback_not_delivered"
    assert resolved_events(backend, case_id) == []


def test_a_refunded_order_gets_no_extra_compensation(backend, dispatcher, domain):
    feedback("A1006", "the handbag was scratched", dispatcher, domain)
    said = responses(dispatcher)
    assert said[:2] == ["utter_feedback_already_refunded", "utter_order_status_refunded"]
    assert "utter_offer_compensation" not in said


def test_a_case_of_another_order_in_the_slot_is_not_touched(backend, dispatcher, domain):
    other, _ = backend.open_case("A1004", "complaint", reason="feedback: other buyer")
    feedback("A1001", "slow", dispatcher, domain)
    choose("A1001", other.id, "coupon", dispatcher, domain)  # a case id typed by the buyer
    assert resolved_events(backend, other.id) == []
    own = [c for c in backend.cases_for_order("A1001") if c.type == "complaint"][0]
    assert len(resolved_events(backend, own.id)) == 1


def test_two_conversations_answering_the_same_offer_pay_once(backend, dispatcher, domain,
                                                              monkeypatch):
    case_id = slot_events(feedback("A1001", "slow", dispatcher, domain))["case_id"]
    # Both conversations read the case before either has paid.
    before_any = backend.cases_for_order("A1001")
    monkeypatch.setattr(backend, "cases_for_order", lambda order_id: before_any)
    choose("A1001", case_id, "coupon", dispatcher, domain)
    code = message(dispatcher, "utter_coupon_issued")["coupon_code"]
    events = choose("A1001", case_id, "coupon", dispatcher, domain)
    assert responses(dispatcher) == ["utter_compensation_already_given_coupon"]
    assert message(dispatcher, "utter_compensation_already_given_coupon")["coupon_code"] == code
    assert slot_events(events)["awaiting_reply"] is None
    assert resolved_events(backend, case_id) == [("resolved", f"coupon {code} 10%")]
    assert backend.get_case(case_id).compensation.coupon_code == code


def test_eligibility_follows_the_case_compensation_record(backend):
    order = backend.get_order("A1001")
    case, _ = backend.open_case("A1001", "complaint", reason="feedback: slow")
    assert policies.compensation_eligibility(order, case).code == "eligible"
    # A note that only looks like a compensation (typed by an agent, say) does not count.
    noted = backend.add_case_event(case.id, "open", "partial refund 26.78 EUR")
    assert noted.compensation is None
    assert policies.compensation_eligibility(order, noted).code == "eligible"
    paid, granted = backend.grant_compensation(
        case.id, Compensation(PARTIAL_REFUND, amount=Decimal("17.98"), currency="EUR"))
    decision = policies.compensation_eligibility(order, paid)
    assert granted and (decision.code, decision.allowed) == ("already_compensated", False)
    given = decision.facts["compensation"]
    assert (given.kind, given.amount, given.currency) == (PARTIAL_REFUND, Decimal("17.98"), "EUR")


def test_every_no_compensation_reply_exists_in_every_language():
    names = set(NO_COMPENSATION.values()) | {"utter_compensation_already_given_coupon",
                                             "utter_compensation_already_given_partial_refund"}
    for path in [PROJECT_ROOT / "domain.yml", *sorted((PROJECT_ROOT / "locales").glob("*.yml"))]:
        if path.name == "en.yml":
            continue
        assert names <= set(yaml.safe_load(path.read_text(encoding="utf-8"))["responses"]), path.name

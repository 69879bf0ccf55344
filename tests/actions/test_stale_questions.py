"""A short answer ("yes", an order number) only answers the question the bot has just asked.

Rules send "yes" to the cancellation and a bare order number to the claim while
`awaiting_reply` says a question is open. When the buyer wrote about something else in between,
the action is undone and the question forgotten, so the message is handled as usual.
"""
from rasa_sdk import Tracker

from actions import handoff_client
from actions.claims import ActionReportItemProblem
from actions.feedback import ActionAnswerReviewRevision, ActionApplyCompensation, ActionHandleFeedback
from actions.handoff import ActionHandoff
from actions.orders import ActionConfirmCancellation, ActionOfferCancellation
from actions.requests import stale_answer

from .conftest import EMAILS, make_tracker, responses, run, slot_events, verified


def asked(awaiting: str):
    return [{"event": "bot", "text": "…"}, {"event": "slot", "name": "awaiting_reply", "value": awaiting},
            {"event": "action", "name": "action_listen"}]


DIGRESSION = [
    {"event": "user", "text": "how long does shipping to Singapore take?",
     "parse_data": {"intent": {"name": "ask_shipping_options"}}},
    {"event": "action", "name": "action_shipping_options"},
    {"event": "bot", "text": "5 to 9 business days."},
    {"event": "action", "name": "action_listen"},
]


def answer(order_id: str, awaiting: str, intent: str, events, text: str = "yes") -> Tracker:
    slots = {"order_id": order_id, "email": EMAILS[order_id], "verified_order": order_id,
             "awaiting_reply": awaiting}
    return make_tracker(slots=slots, intent=intent, text=text, events=events)


def test_yes_right_after_the_question_cancels(backend, dispatcher, domain):
    run(ActionOfferCancellation(), make_tracker(slots={"order_id": "A1003", "email": EMAILS["A1003"],
                                                        "verified_order": "A1003"}), dispatcher, domain)
    run(ActionConfirmCancellation(), answer("A1003", "cancel_order", "affirm", asked("cancel_order")),
        dispatcher, domain)
    assert "utter_order_cancelled_refund" in responses(dispatcher)
    assert backend.get_order("A1003").status == "cancelled"


def test_yes_after_another_question_does_not_cancel_the_order(backend, dispatcher, domain):
    tracker = answer("A1003", "cancel_order", "affirm", asked("cancel_order") + DIGRESSION)
    events = run(ActionConfirmCancellation(), tracker, dispatcher, domain)
    assert [e["event"] for e in events] == ["undo", "slot"]
    assert slot_events(events) == {"awaiting_reply": None}
    assert dispatcher.messages == []
    assert backend.get_order("A1003").status == "paid"


def test_an_order_number_after_another_question_opens_no_claim(backend, dispatcher, domain):
    tracker = answer("A1001", "claim_order", "inform", asked("claim_order") + DIGRESSION, text="A1001")
    tracker.slots["claim_type"] = "damaged"
    events = run(ActionReportItemProblem(), tracker, dispatcher, domain)
    assert [e["event"] for e in events] == ["undo", "slot"]
    assert dispatcher.messages == [] and backend.cases_for_order("A1001") == []


def test_a_new_request_is_not_taken_for_a_stale_answer():
    # "my headphones arrived broken" two turns after "which order?" is a claim of its own.
    tracker = answer("A1001", "claim_order", "report_damaged_item", asked("claim_order") + DIGRESSION)
    assert not stale_answer(tracker)


def test_a_request_resumed_after_verification_is_not_stale():
    tracker = answer("A1003", "cancel_order", "affirm", asked("cancel_order") + DIGRESSION)
    tracker.latest_action_name = "action_resume_pending"
    assert not stale_answer(tracker)


def test_a_question_asked_again_is_fresh_again():
    events = asked("cancel_order") + DIGRESSION + asked("cancel_order")
    assert not stale_answer(answer("A1003", "cancel_order", "affirm", events))


def test_a_stale_yes_that_the_fallback_rewound_leaves_the_next_yes_stale(backend, dispatcher, domain):
    # "yes" after a digression was undone, then rewound by action_not_understood (which also
    # rewinds the clearing of the question): "ok" next must not cancel either.
    rewound_yes = [
        {"event": "user", "text": "yes", "parse_data": {"intent": {"name": "affirm"}}},
        {"event": "action", "name": "action_confirm_cancellation"},
        {"event": "undo"},
        {"event": "slot", "name": "awaiting_reply", "value": None},
        {"event": "action", "name": "action_not_understood"},
        {"event": "bot", "text": "All right. Is there anything else I can help you with?"},
        {"event": "rewind"},
        {"event": "action", "name": "action_listen"},
    ]
    tracker = answer("A1003", "cancel_order", "affirm", asked("cancel_order") + DIGRESSION + rewound_yes, "ok")
    events = run(ActionConfirmCancellation(), tracker, dispatcher, domain)
    assert [e["event"] for e in events] == ["undo", "slot"]
    assert backend.get_order("A1003").status == "paid"


def test_a_late_yes_to_the_compensation_offer_grants_nothing(backend, dispatcher, domain):
    run(ActionHandleFeedback(), verified("A1001", feedback_reason="the box was dirty"), dispatcher, domain)
    case_id = backend.cases_for_order("A1001")[0].id
    dispatcher.messages.clear()
    tracker = answer("A1001", "compensation", "affirm", asked("compensation") + DIGRESSION)
    tracker.slots["case_id"] = case_id
    events = run(ActionApplyCompensation(), tracker, dispatcher, domain)
    assert [e["event"] for e in events] == ["undo", "slot"]
    assert dispatcher.messages == []
    assert backend.get_case(case_id).compensation is None


def test_a_late_yes_to_revising_the_review_sends_no_link(dispatcher, domain):
    tracker = answer("A1001", "review_revision", "affirm", asked("review_revision") + DIGRESSION)
    events = run(ActionAnswerReviewRevision(), tracker, dispatcher, domain)
    assert [e["event"] for e in events] == ["undo", "slot"]
    assert dispatcher.messages == []


def test_a_late_yes_to_the_offer_of_a_person_starts_no_handoff(dispatcher, domain, monkeypatch):
    asked_for_hours = []

    async def availability(topic):
        asked_for_hours.append(topic)
        return {"open": True}

    monkeypatch.setattr(handoff_client, "availability", availability)
    tracker = make_tracker(slots={"awaiting_reply": "human"}, intent="affirm", text="ok",
                           events=asked("human") + DIGRESSION)
    events = run(ActionHandoff(), tracker, dispatcher, domain)
    assert [e["event"] for e in events] == ["undo", "slot"]
    assert dispatcher.messages == [] and asked_for_hours == []


def test_yes_right_after_the_offer_of_a_person_asks_for_one(dispatcher, domain, monkeypatch):
    async def availability(topic):
        return None  # the handoff service is down: the buyer is told so

    monkeypatch.setattr(handoff_client, "availability", availability)
    tracker = make_tracker(slots={"awaiting_reply": "human"}, intent="affirm", text="yes", events=asked("human"))
    run(ActionHandoff(), tracker, dispatcher, domain)
    assert responses(dispatcher) == ["utter_handoff_unavailable"]

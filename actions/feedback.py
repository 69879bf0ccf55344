"""Feedback: first how it went. Good: thank the buyer and say where reviews are written. Not
good: learn why, open a case, offer compensation, then ask about the review.

Compensation (a coupon or a partial refund) is given once per case and only for a delivered,
not refunded order (policies.compensation_eligibility); the backend grants it atomically
(grant_compensation), so two conversations answering the same offer cannot both pay. Feedback
again on a compensated case says what was already given; feedback on an order still on its way
records the case and shows where the order is, without compensation."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ShopAction, latest_intent, money
from actions.feedback_mood import BAD, GOOD, mood_in_text
from actions.orders import ActionOrderStatus
from actions.requests import collect_then_resume, forget_question, request_done, stale_answer
from actions.shop import policies
from actions.shop.backend import COUPON, PARTIAL_REFUND, Case, Compensation, Order
from actions.verification import VerifiedOrderAction, verified_order

FEEDBACK_CASE_TYPE = "complaint"
# Why no compensation is offered -> the response that says so.
NO_COMPENSATION = {
    "not_delivered": "utter_feedback_not_delivered",
    "already_refunded": "utter_feedback_already_refunded",
}


def coupon_code(case_id: str) -> str:
    return f"SORRY-{case_id[2:]}"


class ActionAskFeedbackMood(ShopAction):
    """Most buyers who want to leave or change a review are happy: ask before treating it as a
    complaint (buttons: great -> /affirm, something went wrong -> /deny)."""

    def name(self) -> Text:
        return "action_ask_feedback_mood"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(response="utter_ask_feedback_mood")
        return [SlotSet("awaiting_reply", "feedback_mood")]


# Answers to "How was your experience?" by their intent, when the words do not decide.
GOOD_INTENTS = {"affirm", "thank", "leave_feedback"}
BAD_INTENTS = {"deny", "file_complaint", "report_damaged_item", "report_wrong_item",
               "report_not_as_described", "report_payment_problem", "report_delivery_problem"}
# A mood answer is short; in a longer message on another topic ("cancel A1002, the service was
# terrible") the request wins over its mood words.
SHORT_ANSWER_WORDS, SHORT_ANSWER_CHARS = 8, 60


def feedback_mood(text: Optional[str], intent: Optional[str]) -> Optional[str]:
    """good, bad, unclear (not understood), or None: not an answer to the question."""
    text = text or ""
    mood = mood_in_text(text)
    short = len(text.split()) <= SHORT_ANSWER_WORDS and len(text) <= SHORT_ANSWER_CHARS
    if mood and (short or intent in GOOD_INTENTS | BAD_INTENTS | {"nlu_fallback"}):
        return mood
    if intent in GOOD_INTENTS:
        return GOOD
    if intent in BAD_INTENTS:
        return BAD
    return "unclear" if intent == "nlu_fallback" else None


class ActionReadFeedbackMood(ShopAction):
    """Reads the answer to the mood question into the slot feedback_mood; rules then thank the
    buyer (good), ask what went wrong (bad) or ask to rephrase (unclear). A message that is no
    answer ("where is order A1002?") is handled as if the question had not been asked: this
    action is reverted and the policies predict again."""

    def name(self) -> Text:
        return "action_read_feedback_mood"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        mood = feedback_mood((tracker.latest_message or {}).get("text"), latest_intent(tracker))
        if mood is None:
            # Reverted first, so that the cleared question stays cleared.
            return forget_question()
        return [SlotSet("feedback_mood", mood)]


class ActionThankForFeedback(ShopAction):
    def name(self) -> Text:
        return "action_thank_for_feedback"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        dispatcher.utter_message(response="utter_feedback_thanks")
        return [SlotSet("awaiting_reply", None)]


class ActionHandleFeedback(VerifiedOrderAction):
    def name(self) -> Text:
        return "action_handle_feedback"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        reason = tracker.get_slot("feedback_reason")
        if not reason:
            return collect_then_resume(self.name(), "feedback_form")
        case, created = self.backend.open_case(
            order.id, FEEDBACK_CASE_TYPE, reason=f"feedback: {reason}"
        )
        if not created:  # feedback again: the new reason joins the case's history
            case = self.backend.add_case_event(case.id, case.status, f"feedback: {reason}")
        decision = policies.compensation_eligibility(order, case)
        if not decision.allowed:
            await utter_no_compensation(dispatcher, tracker, domain, order, case, decision)
            return [SlotSet("case_id", case.id), SlotSet("awaiting_reply", None), *request_done()]
        policy = self.backend.return_policy(order.country)
        dispatcher.utter_message(
            response="utter_feedback_sorry", case_id=case.id, order_id=order.id
        )
        dispatcher.utter_message(
            response="utter_offer_compensation", coupon_percent=policy.coupon_percent,
            partial_amount=money(policies.partial_refund_limit(order, policy)),
            currency=order.currency,
        )
        return [SlotSet("case_id", case.id), SlotSet("awaiting_reply", "compensation"),
                *request_done()]


class ActionApplyCompensation(VerifiedOrderAction):
    """The buyer's choice of compensation (or none), then the question about the review."""

    def name(self) -> Text:
        return "action_apply_compensation"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        choice = chosen_compensation(tracker)
        if choice:
            # Checked again here, not only when offered: a repeated answer or an old button must
            # not pay twice, nor pay for an order that has not been delivered.
            case = self.feedback_case(order, tracker.get_slot("case_id"))
            decision = policies.compensation_eligibility(order, case)
            if decision.allowed:
                given = self.compensation(choice, order, case)
                case, granted = self.backend.grant_compensation(case.id, given)
                if not granted:  # another conversation compensated the case in the meantime
                    decision = policies.compensation_eligibility(order, case)
            if not decision.allowed:
                await utter_no_compensation(dispatcher, tracker, domain, order, case, decision)
                return [SlotSet("case_id", case.id), SlotSet("awaiting_reply", None),
                        SlotSet("resolution", None)]
            utter_compensation_given(dispatcher, given)
        dispatcher.utter_message(response="utter_ask_revise_review")
        return [SlotSet("awaiting_reply", "review_revision"), SlotSet("resolution", None)]

    def compensation(self, choice: str, order: Order, case: Case) -> Compensation:
        policy = self.backend.return_policy(order.country)
        if choice == COUPON:
            return Compensation(
                COUPON, coupon_code=coupon_code(case.id), coupon_percent=policy.coupon_percent
            )
        return Compensation(
            PARTIAL_REFUND, amount=policies.partial_refund_limit(order, policy),
            currency=order.currency,
        )

    def feedback_case(self, order: Order, case_id: Optional[str]) -> Case:
        """The case the offer was made for: the slot's case if it is one of this order's (the
        slot also takes case ids the buyer types), else the order's feedback case."""
        wanted = (case_id or "").strip().upper()
        case = next((c for c in self.backend.cases_for_order(order.id) if c.id == wanted), None)
        return case or self.backend.open_case(order.id, FEEDBACK_CASE_TYPE)[0]


async def utter_no_compensation(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], order: Order,
    case: Case, decision: policies.Decision,
) -> None:
    """Why there is no compensation on this case, and what there is instead."""
    if decision.code == "already_compensated":
        given = decision.facts["compensation"]
        if given.kind == COUPON:
            dispatcher.utter_message(
                response="utter_compensation_already_given_coupon", case_id=case.id,
                order_id=order.id, coupon_code=given.coupon_code,
                coupon_percent=given.coupon_percent,
            )
        else:
            dispatcher.utter_message(
                response="utter_compensation_already_given_partial_refund", case_id=case.id,
                order_id=order.id, amount=money(given.amount), currency=given.currency,
            )
        return
    dispatcher.utter_message(
        response=NO_COMPENSATION[decision.code], case_id=case.id, order_id=order.id
    )
    # Instead of compensation: where the order stands (tracking, or the refund).
    await ActionOrderStatus().run_verified(dispatcher, tracker, domain, order)


def utter_compensation_given(dispatcher: CollectingDispatcher, given: Compensation) -> None:
    if given.kind == COUPON:
        dispatcher.utter_message(
            response="utter_coupon_issued", coupon_code=given.coupon_code,
            coupon_percent=given.coupon_percent,
        )
    else:
        dispatcher.utter_message(
            response="utter_partial_refund_issued", amount=money(given.amount),
            currency=given.currency,
        )


def chosen_compensation(tracker: Tracker) -> str:
    """coupon, partial_refund, or "" when the buyer declined."""
    choice = tracker.get_slot("resolution")
    if choice in (COUPON, PARTIAL_REFUND):
        return choice
    return COUPON if latest_intent(tracker) == "affirm" else ""


class ActionAnswerReviewRevision(ShopAction):
    def name(self) -> Text:
        return "action_answer_review_revision"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        if stale_answer(tracker):
            return forget_question()
        order = verified_order(tracker)
        if latest_intent(tracker) == "affirm" and order is not None:
            dispatcher.utter_message(response="utter_review_revision_link", order_id=order.id)
        else:
            dispatcher.utter_message(response="utter_review_left_as_is")
        return [SlotSet("awaiting_reply", None)]

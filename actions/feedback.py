"""Feedback: first how it went. Good: thank the buyer and say where reviews are written. Not
good: learn why, open a case, offer compensation, then ask about the review."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.common import ShopAction, latest_intent, money
from actions.requests import collect_then_resume, request_done
from actions.shop import policies
from actions.verification import VerifiedOrderAction, verified_order

COUPON = "coupon"
PARTIAL_REFUND = "partial_refund"


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
        policy = self.backend.return_policy(order.country)
        case, _ = self.backend.open_case(order.id, "complaint", reason=f"feedback: {reason}")
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
        case_id = tracker.get_slot("case_id")
        policy = self.backend.return_policy(order.country)
        if choice == COUPON:
            code = coupon_code(case_id)
            self.backend.add_case_event(case_id, "resolved", f"coupon {code} {policy.coupon_percent}%")
            dispatcher.utter_message(
                response="utter_coupon_issued", coupon_code=code, coupon_percent=policy.coupon_percent
            )
        elif choice == PARTIAL_REFUND:
            amount = money(policies.partial_refund_limit(order, policy))
            self.backend.add_case_event(case_id, "resolved", f"partial refund {amount} {order.currency}")
            dispatcher.utter_message(
                response="utter_partial_refund_issued", amount=amount, currency=order.currency
            )
        dispatcher.utter_message(response="utter_ask_revise_review")
        return [SlotSet("awaiting_reply", "review_revision"), SlotSet("resolution", None)]


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
        order = verified_order(tracker)
        if latest_intent(tracker) == "affirm" and order is not None:
            dispatcher.utter_message(response="utter_review_revision_link", order_id=order.id)
        else:
            dispatcher.utter_message(response="utter_review_left_as_is")
        return [SlotSet("awaiting_reply", None)]

"""Damaged, wrong or not-as-described items, and complaints: apologise, resolve, open a case."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk.events import EventType, FollowupAction, SlotSet

from actions.common import last_text_with_intent, money
from actions.requests import collect_then_resume, request_done
from actions.returns import item_in_question
from actions.shop import policies
from actions.shop.backend import DELIVERED, REFUNDED
from actions.verification import VerifiedOrderAction

CLAIM_FORM_SLOTS = ("claim_description", "photo_url", "resolution")
NO_PHOTO = "none"


class ActionReportItemProblem(VerifiedOrderAction):
    """One flow for the three claim types; `claim_type` comes from the buyer's intent."""

    def name(self) -> Text:
        return "action_report_item_problem"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        claim_type = tracker.get_slot("claim_type") or "damaged"
        if order.status not in (DELIVERED, REFUNDED):
            dispatcher.utter_message(response="utter_claim_not_delivered", order_id=order.id)
            return request_done()
        item = item_in_question(tracker, order)
        if any(tracker.get_slot(s) is None for s in CLAIM_FORM_SLOTS):
            dispatcher.utter_message(
                response=f"utter_claim_apology_{claim_type}", order_id=order.id, product=item.name
            )
            return [SlotSet("product", item.name), *collect_then_resume(self.name(), "claim_form")]

        policy = self.backend.return_policy(order.country)
        resolution = tracker.get_slot("resolution")
        photo = tracker.get_slot("photo_url")
        case, _ = self.backend.open_case(
            order.id, claim_type, item_sku=item.sku,
            reason=tracker.get_slot("claim_description"),
            evidence_url=None if photo == NO_PHOTO else photo,
            requested_resolution=resolution,
        )
        dispatcher.utter_message(
            response=f"utter_claim_opened_{resolution}", case_id=case.id, order_id=order.id,
            product=item.name, amount=money(item.unit_price * item.quantity),
            partial_amount=money(policies.partial_refund_limit(order, policy)),
            percent=policy.partial_refund_max_percent, currency=order.currency,
        )
        return [SlotSet("case_id", case.id), *request_done()]


class ActionFileComplaint(VerifiedOrderAction):
    """A complaint, dispute or chargeback threat: record it, then hand over to a person."""

    def name(self) -> Text:
        return "action_file_complaint"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        reason = last_text_with_intent(tracker, "file_complaint")
        case, _ = self.backend.open_case(order.id, "complaint", reason=reason)
        dispatcher.utter_message(response="utter_complaint_registered", case_id=case.id, order_id=order.id)
        return [SlotSet("case_id", case.id), FollowupAction("action_handoff")]

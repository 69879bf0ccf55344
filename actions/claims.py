"""Damaged, wrong or not-as-described items, and complaints: apologise, resolve, open a case."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk.events import EventType, FollowupAction, SlotSet

from actions.common import iso_date, last_text_with_intent, money
from actions.requests import collect_then_resume, item_request_done
from actions.returns import (
    conflicting_case,
    item_in_question,
    utter_case_already_open,
    utter_item_not_in_order,
)
from actions.shop import policies
from actions.shop.backend import AWAITING_PAYMENT, CANCELLED, DELIVERED, PAID, REFUNDED
from actions.verification import VerifiedOrderAction

CLAIM_FORM_SLOTS = ("claim_description", "photo_url", "resolution")
NO_PHOTO = "none"
NOT_SHIPPED = (AWAITING_PAYMENT, PAID)
OTHER_ORDER = "claim_order"  # awaiting_reply: the number of the order the claim is about


class ActionReportItemProblem(VerifiedOrderAction):
    """One flow for the three claim types; `claim_type` comes from the buyer's intent."""

    def name(self) -> Text:
        return "action_report_item_problem"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        events = self.claim(dispatcher, tracker, order)
        if tracker.get_slot("awaiting_reply") == OTHER_ORDER:
            # This is the other order the buyer was asked for: the question is answered.
            events.insert(0, SlotSet("awaiting_reply", None))
        return events

    def claim(self, dispatcher, tracker, order) -> List[EventType]:
        claim_type = tracker.get_slot("claim_type") or "damaged"
        if order.status == REFUNDED:
            # The money is back already: nothing left to replace or refund.
            if order.refunded_at is not None:
                dispatcher.utter_message(
                    response="utter_order_was_refunded", order_id=order.id,
                    refunded_on=iso_date(order.refunded_at),
                )
            else:
                dispatcher.utter_message(response="utter_return_refused_already_refunded", order_id=order.id)
            return item_request_done()
        if order.status == CANCELLED:
            dispatcher.utter_message(response="utter_order_was_cancelled", order_id=order.id)
            return item_request_done()
        if order.status in NOT_SHIPPED:
            # Most likely the buyer means another order: its number alone continues this claim
            # (data/rules/claims.yml), so claim_type is kept.
            dispatcher.utter_message(response="utter_claim_not_shipped", order_id=order.id)
            return [*item_request_done(), SlotSet("awaiting_reply", OTHER_ORDER)]
        item = item_in_question(tracker, order)
        if item is None and claim_type == "wrong_item":
            # "I got headphones instead": a product that isn't in the order is the complaint.
            item = order.items[0]
        if item is None:
            return utter_item_not_in_order(dispatcher, order, tracker)
        starting = any(tracker.get_slot(s) is None for s in CLAIM_FORM_SLOTS)
        existing = conflicting_case(
            order, item, self.backend.cases_for_order(order.id), ignore_type=None if starting else claim_type
        )
        if existing is not None:
            return utter_case_already_open(dispatcher, order, item, existing)
        if starting:
            if order.status != DELIVERED:
                # Carriers do not always scan the delivery: the buyer has the parcel in hand.
                dispatcher.utter_message(response="utter_claim_tracking_behind", order_id=order.id)
            dispatcher.utter_message(
                response=f"utter_claim_apology_{claim_type}", order_id=order.id, product=item.name
            )
            return [SlotSet("product", item.name), *collect_then_resume(self.name(), "claim_form")]

        policy = self.backend.return_policy(order.country)
        resolution = tracker.get_slot("resolution")
        photo = tracker.get_slot("photo_url")
        case, created = self.backend.open_case(
            order.id, claim_type, item_sku=item.sku,
            reason=tracker.get_slot("claim_description"),
            evidence_url=None if photo == NO_PHOTO else photo,
            requested_resolution=resolution,
        )
        if created and order.status != DELIVERED:
            self.backend.add_case_event(
                case.id, case.status, note=f"buyer has the parcel; carrier tracking still shows {order.status}"
            )
        # A replacement for a wrong item is the item ordered, and what came is no "faulty one".
        wrong = "_wrong_item" if claim_type == "wrong_item" and resolution == "replacement" else ""
        dispatcher.utter_message(
            response=f"utter_claim_opened_{resolution}{wrong}", case_id=case.id, order_id=order.id,
            product=item.name, amount=money(item.unit_price * item.quantity),
            partial_amount=money(policies.partial_refund_limit(order, policy)),
            percent=policy.partial_refund_max_percent, currency=order.currency,
        )
        return [SlotSet("case_id", case.id), *item_request_done()]


class ActionFileComplaint(VerifiedOrderAction):
    """A complaint, dispute or chargeback threat: record it, then hand over to a person."""

    def name(self) -> Text:
        return "action_file_complaint"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        reason = last_text_with_intent(tracker, "file_complaint")
        case, _ = self.backend.open_case(order.id, "complaint", reason=reason)
        dispatcher.utter_message(response="utter_complaint_registered", case_id=case.id, order_id=order.id)
        return [SlotSet("case_id", case.id), FollowupAction("action_handoff")]

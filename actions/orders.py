"""In-order requests on a verified order: status, cancel, changes, payment, delivery."""

from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    ShopAction,
    iso_date,
    last_text_with_intent,
    latest_entity,
    latest_intent,
    money,
    said_about_order,
    today,
)
from actions.presale import utter_duties, variant_response
from actions.resolutions import DISPUTE_RESOLUTIONS, dispute_resolution_in_text
from actions.requests import collect_then_resume, forget_question, request_done
from actions.shop import policies
from actions.shop.backend import (
    AWAITING_PAYMENT,
    CANCELLED,
    Case,
    DELIVERED,
    LOST,
    REFUNDED,
    Order,
    OrderNotChangeable,
    VariantUnavailable,
)
from actions.verification import VerifiedOrderAction, normalise_order_id

CLOSED = (CANCELLED, REFUNDED)


def was_paid(order: Order) -> bool:
    """Whether any payment of the order was captured (a declined one charged nothing)."""
    return any(p.status == "captured" for p in order.payments)


def utter_not_changeable(dispatcher: CollectingDispatcher, order: Order, change: Text) -> None:
    """Explain why `change` (cancel/address/items) is no longer possible and what is."""
    if order.status in CLOSED:
        dispatcher.utter_message(response="utter_order_closed", order_id=order.id)
    elif change == "address":
        dispatcher.utter_message(
            response="utter_address_change_too_late",
            order_id=order.id,
            carrier=order.carrier,
            tracking_number=order.tracking_number,
        )
    else:
        dispatcher.utter_message(response=f"utter_{change}_too_late", order_id=order.id)


class ActionOrderStatus(VerifiedOrderAction):
    """Status in words, then the carrier's tracking timeline."""

    def name(self) -> Text:
        return "action_order_status"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        params = dict(
            order_id=order.id,
            total=money(order.total),
            currency=order.currency,
            carrier=order.carrier,
            tracking_number=order.tracking_number,
            eta_earliest=iso_date(order.eta_earliest),
            eta_latest=iso_date(order.eta_latest),
            delivered_on=iso_date(order.delivered_at),
            refunded_on=iso_date(order.refunded_at),
            refund_amount=money(order.refund_amount) if order.refund_amount else None,
        )
        lost = order.status == LOST
        if not lost:  # the delivery problem's answer says it, with the case it opens
            dispatcher.utter_message(response=f"utter_order_status_{order.status}", **params)
        for event in order.tracking:
            dispatcher.utter_message(
                response=f"utter_tracking_{event.code}",
                date=iso_date(event.at),
                location=event.location,
            )
        if lost or policies.days_late(order, today()):
            # A lost or late parcel is a delivery problem whether or not the buyer calls it one:
            # explain, and past the policy's threshold open the dispute and ask how to resolve it.
            return [FollowupAction("action_delivery_problem")]
        return []


class ActionOfferCancellation(VerifiedOrderAction):
    def name(self) -> Text:
        return "action_offer_cancellation"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        if not policies.can_change_before_shipment(order).allowed:
            utter_not_changeable(dispatcher, order, "cancel")
            return []
        dispatcher.utter_message(
            response="utter_ask_confirm_cancel" if was_paid(order) else "utter_ask_confirm_cancel_unpaid",
            order_id=order.id,
            total=money(order.total),
            currency=order.currency,
        )
        return [SlotSet("awaiting_reply", "cancel_order")]


class ActionConfirmCancellation(VerifiedOrderAction):
    """The buyer's yes/no to utter_ask_confirm_cancel."""

    def name(self) -> Text:
        return "action_confirm_cancellation"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        events: List[EventType] = [SlotSet("awaiting_reply", None)]
        # "Yes, cancel it" is classified as a cancel request; as an answer it means yes.
        if latest_intent(tracker) not in ("affirm", "cancel_order"):
            dispatcher.utter_message(response="utter_cancel_kept", order_id=order.id)
            return events
        try:
            cancelled = self.backend.cancel_order(order.id)
        except OrderNotChangeable:
            utter_not_changeable(dispatcher, self.backend.get_order(order.id), "cancel")
            return events
        dispatcher.utter_message(
            response="utter_order_cancelled_refund" if was_paid(cancelled) else "utter_order_cancelled",
            order_id=cancelled.id,
            total=money(cancelled.total),
            currency=cancelled.currency,
        )
        return events


class ActionChangeAddress(VerifiedOrderAction):
    def name(self) -> Text:
        return "action_change_address"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        if not policies.can_change_before_shipment(order).allowed:
            utter_not_changeable(dispatcher, order, "address")
            return request_done()
        new_address = tracker.get_slot("new_address")
        if not new_address:
            dispatcher.utter_message(
                response="utter_current_address", order_id=order.id, address=order.shipping_address
            )
            return collect_then_resume(self.name(), "address_form")
        try:
            changed = self.backend.change_address(order.id, new_address)
        except OrderNotChangeable:
            utter_not_changeable(dispatcher, self.backend.get_order(order.id), "address")
            return request_done()
        dispatcher.utter_message(
            response="utter_address_changed", order_id=changed.id, address=changed.shipping_address
        )
        return request_done()


class ActionChangeOrderItems(VerifiedOrderAction):
    """Swap an item's size or colour before shipment."""

    def name(self) -> Text:
        return "action_change_order_items"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        events: List[EventType] = [SlotSet("awaiting_reply", None)]
        if order.status == DELIVERED:
            # "Change the sneakers to a 39" once they have arrived is an exchange: the return
            # flow checks the window and keeps the size the buyer named.
            return [*events, SlotSet("resolution", "exchange"), FollowupAction("action_request_return")]
        if not policies.can_change_before_shipment(order).allowed:
            utter_not_changeable(dispatcher, order, "items")
            return events
        size = latest_entity(tracker, "size")
        colour = latest_entity(tracker, "colour")
        item = order.items[0]
        if not size and not colour:
            if not item.size and not item.colour:
                dispatcher.utter_message(response="utter_one_size", product=item.name)
                return events
            dispatcher.utter_message(
                response=variant_response("utter_ask_item_change", item.size, item.colour),
                order_id=order.id, product=item.name, size=item.size, colour=item.colour,
            )
            return [SlotSet("awaiting_reply", "item_change")]
        try:
            changed = self.backend.change_item_variant(order.id, item.sku, size, colour)
        except VariantUnavailable:
            size, colour = size or item.size, colour or item.colour
            dispatcher.utter_message(
                response=variant_response("utter_variant_unavailable", size, colour),
                product=item.name, size=size, colour=colour,
            )
            return events
        except OrderNotChangeable:
            utter_not_changeable(dispatcher, self.backend.get_order(order.id), "items")
            return events
        new_item = changed.items[0]
        dispatcher.utter_message(
            response=variant_response("utter_order_item_changed", new_item.size, new_item.colour),
            order_id=changed.id, product=new_item.name, size=new_item.size, colour=new_item.colour,
        )
        return events


class ActionPaymentProblem(VerifiedOrderAction):
    """Declined payment, a double charge, or a fee the shop did not charge."""

    def name(self) -> Text:
        return "action_payment_problem"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        amount = dict(order_id=order.id, amount=money(order.total), currency=order.currency)
        if order.status == AWAITING_PAYMENT:
            methods = self.backend.payment_methods(order.country)
            dispatcher.utter_message(
                response="utter_payment_declined", **amount,
                methods=", ".join(m.name for m in methods),
            )
            return []
        duplicates = policies.duplicate_charges(order)
        if duplicates:
            case, _ = self.backend.open_case(
                order.id, "payment", reason=f"{duplicates} duplicate capture(s)",
                requested_resolution="refund",
            )
            dispatcher.utter_message(
                response="utter_payment_duplicate_refund", **amount, case_id=case.id
            )
            return [SlotSet("case_id", case.id)]
        if said_about_order(tracker, "utter_payment_single_charge", order.id):
            # The buyer still sees a second charge after our explanation: only the payment
            # provider's records can settle it, so a person takes it over with a case.
            case, _ = self.backend.open_case(
                order.id, "payment",
                reason="buyer still sees a second charge; our records show one capture. Buyer wrote: "
                       + last_text_with_intent(tracker, "report_payment_problem"),
            )
            dispatcher.utter_message(response="utter_payment_case_for_team", order_id=order.id, case_id=case.id)
            return [SlotSet("case_id", case.id), FollowupAction("action_handoff")]
        dispatcher.utter_message(response="utter_payment_single_charge", **amount)
        dispatcher.utter_message(response="utter_payment_pending_hold")
        dispatcher.utter_message(response="utter_bank_fees_note", currency=order.currency)
        return []


class ActionDeliveryProblem(VerifiedOrderAction):
    """Late, lost, stuck in customs, or "delivered" but not received."""

    def name(self) -> Text:
        return "action_delivery_problem"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        policy = self.backend.return_policy(order.country)
        decision = policies.delivery_assessment(order, policy, today())
        params = dict(
            order_id=order.id,
            eta_earliest=iso_date(order.eta_earliest),
            eta_latest=iso_date(order.eta_latest),
            days_late=decision.facts["days_late"],
            threshold_days=decision.facts["threshold_days"],
            carrier=order.carrier,
            tracking_number=order.tracking_number,
            delivered_on=iso_date(order.delivered_at),
        )
        if decision.code in CLOSED:
            dispatcher.utter_message(response="utter_order_closed", order_id=order.id)
            return []
        if not decision.allowed:
            dispatcher.utter_message(response=f"utter_delivery_{decision.code}", **params)
            if decision.code in ("in_customs", "late_in_customs"):
                utter_duties(dispatcher, self.backend.resolve_country(order.country))
            return []
        case, created = self.backend.open_case(
            order.id, "delivery_dispute", reason=decision.code, requested_resolution="investigate"
        )
        # Asked again (maybe in another conversation), the case is not new: say since when it is open.
        dispatcher.utter_message(
            response=f"utter_delivery_{decision.code}" + ("" if created else "_case_open"), **params,
            case_id=case.id, opened_on=iso_date(case.created_at), case_status=case.status,
        )
        if decision.code in ("lost", "dispute"):
            preferred = preferred_resolution(case)
            if preferred is None:
                dispatcher.utter_message(response="utter_ask_case_resolution")
                return [SlotSet("case_id", case.id), SlotSet("awaiting_reply", CASE_RESOLUTION)]
            # Asked before (maybe in another conversation): say what the case already notes.
            utter_noted_resolution(dispatcher, case, order, preferred)
        return [SlotSet("case_id", case.id)]


CASE_RESOLUTION = "case_resolution"  # awaiting_reply: replacement or refund for a lost parcel
PREFERS = "buyer prefers: "


def preferred_resolution(case: Case) -> Optional[str]:
    """The resolution the buyer chose for a delivery dispute, kept in the case's history."""
    return next((change.note[len(PREFERS):] for change in reversed(case.history)
                 if change.note.startswith(PREFERS)), None)


def utter_noted_resolution(dispatcher: CollectingDispatcher, case: Case, order: Order, resolution: str) -> None:
    # An overdue parcel may still turn up: its replacement or refund depends on that.
    overdue = case.reason == "dispute"
    dispatcher.utter_message(
        response=f"utter_case_resolution_{resolution}" + ("_if_not_found" if overdue else ""),
        case_id=case.id, order_id=order.id,
        amount=money(order.total), currency=order.currency,
    )


class ActionRecordCaseResolution(ShopAction):
    """The answer to "a replacement or a full refund?" for a lost or overdue parcel: noted in
    its case for the team. A message that names neither is no answer: reverted, and handled
    as usual (like the feedback mood question)."""

    def name(self) -> Text:
        return "action_record_case_resolution"

    async def run(self, dispatcher, tracker, domain) -> List[EventType]:
        case = self.backend.get_case(tracker.get_slot("case_id") or "")
        text = (tracker.latest_message or {}).get("text") or ""
        resolution = latest_entity(tracker, "resolution") or dispute_resolution_in_text(text)
        if resolution is None and latest_intent(tracker) in ("request_return", "check_refund_status"):
            resolution = "refund"
        named_order = normalise_order_id(latest_entity(tracker, "order_id"))
        if case is None or resolution not in DISPUTE_RESOLUTIONS or named_order not in (None, case.order_id):
            # Not an answer, or one about another order ("I want a refund for A1001").
            return forget_question()
        self.backend.add_case_event(case.id, case.status, PREFERS + resolution)
        utter_noted_resolution(dispatcher, case, self.backend.get_order(case.order_id), resolution)
        return [SlotSet("awaiting_reply", None), SlotSet("resolution", None)]


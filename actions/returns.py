"""Returns and exchanges: eligibility against the destination's policy, case, refund status."""

from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import iso_date, latest_entity, money, today
from actions.requests import collect_then_resume, request_done
from actions.shop import policies
from actions.shop.backend import Order, OrderItem, ReturnPolicy
from actions.verification import VerifiedOrderAction

RETURN_FORM_SLOTS = ("return_reason", "item_condition", "resolution")


def item_in_question(tracker: Tracker, order: Order) -> OrderItem:
    """The item the buyer named (product entity), else the order's first item."""
    named = (latest_entity(tracker, "product") or tracker.get_slot("product") or "").lower()
    for item in order.items:
        if named and any(word in item.name.lower() for word in named.split()):
            return item
    return order.items[0]


def utter_refusal(
    dispatcher: CollectingDispatcher, decision: policies.Decision, order: Order, item: OrderItem,
    policy: ReturnPolicy, country_name: str,
) -> None:
    dispatcher.utter_message(
        response=f"utter_return_refused_{decision.code}",
        order_id=order.id,
        product=item.name,
        category=item.category,
        country=policy.country,
        country_name=country_name,
        window_days=policy.window_days,
        days_since_delivery=decision.facts.get("days_since_delivery"),
    )


class ActionRequestReturn(VerifiedOrderAction):
    """request → eligibility → (return form) → case with return instructions."""

    def name(self) -> Text:
        return "action_request_return"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        item = item_in_question(tracker, order)
        policy = self.backend.return_policy(order.country)
        country_name = self.backend.resolve_country(order.country).name
        condition = tracker.get_slot("item_condition")
        unused: Optional[bool] = None if condition is None else condition == "unused"
        decision = policies.return_eligibility(order, item, policy, today(), unused)
        if not decision.allowed:
            utter_refusal(dispatcher, decision, order, item, policy, country_name)
            return request_done()
        if any(tracker.get_slot(s) is None for s in RETURN_FORM_SLOTS):
            dispatcher.utter_message(
                response="utter_return_eligible", order_id=order.id, product=item.name,
                last_day=iso_date(decision.facts["last_day"]),
            )
            return [SlotSet("product", item.name), *collect_then_resume(self.name(), "return_form")]
        return self._open_case(dispatcher, tracker, order, item, policy)

    def _open_case(self, dispatcher, tracker, order, item, policy) -> List[EventType]:
        exchange = tracker.get_slot("resolution") == "exchange"
        size, colour = tracker.get_slot("size"), tracker.get_slot("colour")
        case, _ = self.backend.open_case(
            order.id,
            "exchange" if exchange else "return",
            item_sku=item.sku,
            reason=tracker.get_slot("return_reason") or "",
            requested_resolution=f"exchange:{size or item.size or ''}/{colour or item.colour or ''}"
            if exchange
            else "refund",
        )
        common = dict(
            case_id=case.id, order_id=order.id, product=item.name,
            return_address=policy.return_address, return_label=case.return_label,
        )
        if exchange:
            dispatcher.utter_message(
                response="utter_exchange_case_opened", **common,
                size=size or item.size, colour=colour or item.colour,
            )
        else:
            dispatcher.utter_message(
                response="utter_return_case_opened", **common,
                amount=money(item.unit_price * item.quantity), currency=order.currency,
            )
        dispatcher.utter_message(
            response=f"utter_return_shipping_paid_by_{policy.return_shipping_paid_by}",
            return_label=case.return_label,
        )
        return [SlotSet("case_id", case.id), *request_done()]


class ActionRefundStatus(VerifiedOrderAction):
    def name(self) -> Text:
        return "action_refund_status"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        if order.refunded_at is not None:
            dispatcher.utter_message(
                response="utter_refund_completed", order_id=order.id,
                amount=money(order.refund_amount), currency=order.currency,
                refunded_on=iso_date(order.refunded_at),
            )
            return []
        open_returns = [
            c for c in self.backend.cases_for_order(order.id) if c.type in ("return", "payment")
        ]
        if open_returns:
            case = open_returns[-1]
            dispatcher.utter_message(
                response="utter_refund_in_progress", order_id=order.id, case_id=case.id,
                case_status=case.status, opened_on=iso_date(case.created_at),
            )
            return [SlotSet("case_id", case.id)]
        dispatcher.utter_message(response="utter_no_refund", order_id=order.id)
        return []

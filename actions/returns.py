"""Returns and exchanges: eligibility against the destination's policy, case, refund status."""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import iso_date, last_text_with_intent, latest_entity, money, today
from actions.requests import collect_then_resume, item_request_done
from actions.return_reasons import reason_in_request
from actions.resolutions import resolution_in_text
from actions.shop import get_backend, policies
from actions.shop.backend import CANCELLED, LOST, REFUNDED, Case, Order, OrderItem, ReturnPolicy
from actions.verification import VerifiedOrderAction

RETURN_FORM_SLOTS = ("return_reason", "item_condition", "resolution")
# Cases about one item that exclude each other while open (one unit cannot be refunded,
# exchanged and replaced at once), and the order-level case that excludes all of them.
ITEM_CASE_TYPES = ("return", "exchange", "damaged", "wrong_item", "not_as_described")
ORDER_CASE_TYPES = ("delivery_dispute",)
FINISHED_CASE_STATES = ("resolved", "closed")
REFUND_RESOLUTIONS = ("refund", "partial_refund")
_FILLER_WORDS = {"the", "my", "your", "and", "for", "with", "from", "order", "item", "items"}


def named_product(tracker: Tracker) -> str:
    """The product the buyer named for this request (this message first), or ""."""
    return (latest_entity(tracker, "product") or tracker.get_slot("product") or "").strip()


def _words(text: str) -> List[str]:
    return [w for w in re.split(r"[\s,.;:!?()]+", text.lower()) if len(w) > 2 and w not in _FILLER_WORDS]


def item_in_question(tracker: Tracker, order: Order) -> Optional[OrderItem]:
    """The item the buyer named (product entity or slot); the first item when none was named.

    None when the buyer named a product the order does not contain: never another item
    in its place (see `utter_item_not_in_order`). A word that names none of our products
    (a surface form the synonyms don't map, "鞋子") is taken for the item of a one-item order.
    """
    named = named_product(tracker)
    if not named:
        return order.items[0]
    words = _words(named)
    scored = [
        (sum(1 for w in words if w in item.name.lower() or w.rstrip("s") in item.name.lower()), item)
        for item in order.items
    ]
    best_score, best = max(scored, key=lambda pair: pair[0])
    if best_score > 0:
        return best
    product = get_backend().find_product(named)  # a catalogue name for a looser mention
    if product is None:
        return order.items[0] if len(order.items) == 1 else None
    return next((i for i in order.items if i.product_sku == product.sku), None)


def utter_item_not_in_order(dispatcher: CollectingDispatcher, order: Order, tracker: Tracker) -> List[EventType]:
    """The buyer named a product this order doesn't contain: say what it contains, ask which."""
    named = named_product(tracker)
    product = get_backend().find_product(named)
    names = [item.name for item in order.items]
    params = dict(order_id=order.id, product=product.name if product else named)
    if len(names) == 1:
        dispatcher.utter_message(response="utter_item_not_in_order_single", order_product=names[0], **params)
    else:
        dispatcher.utter_message(response="utter_item_not_in_order", items=", ".join(names), **params)
    return item_request_done()


def is_open(case: Case) -> bool:
    return case.status not in FINISHED_CASE_STATES


def conflicting_case(
    order: Order, item: OrderItem, cases: Sequence[Case], ignore_type: Optional[str] = None
) -> Optional[Case]:
    """An open case that a new return, exchange or item claim on `item` would contradict.

    `ignore_type`: the type about to be opened (the backend returns that case itself when it
    exists, so asking twice gets the same case).
    """
    open_cases = [c for c in cases if is_open(c) and c.type != ignore_type]
    order_level = [c for c in open_cases if c.type in ORDER_CASE_TYPES]
    if order_level:
        return order_level[-1]
    on_item = [c for c in open_cases if c.type in ITEM_CASE_TYPES and c.item_sku == item.sku]
    # One open case per unit: a second unit of the item can still have its own case.
    return on_item[-1] if on_item and len(on_item) >= item.quantity else None


def utter_case_already_open(
    dispatcher: CollectingDispatcher, order: Order, item: OrderItem, case: Case
) -> List[EventType]:
    dispatcher.utter_message(
        response="utter_item_case_already_open", order_id=order.id, product=item.name,
        case_id=case.id, case_type=case.type, case_status=case.status,
        opened_on=iso_date(case.created_at),
    )
    return [SlotSet("case_id", case.id), *item_request_done()]


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


def same_value(a: Optional[str], b: Optional[str]) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def exchange_target(item: OrderItem, size: Optional[str], colour: Optional[str]) -> Tuple[Optional[str], Optional[str]]:
    """The size and colour to send: what the buyer asked for, the rest as they have it."""
    return size or item.size, colour or item.colour


class ActionRequestReturn(VerifiedOrderAction):
    """request → eligibility → (return form) → case with return instructions."""

    def name(self) -> Text:
        return "action_request_return"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        if order.status == CANCELLED:
            dispatcher.utter_message(response="utter_order_was_cancelled", order_id=order.id)
            return item_request_done()
        if order.status == LOST:
            # Nothing arrived to send back: the refund or replacement is the lost parcel's case.
            return [*item_request_done(), FollowupAction("action_delivery_problem")]
        item = item_in_question(tracker, order)
        if item is None and order.status != REFUNDED:
            return utter_item_not_in_order(dispatcher, order, tracker)
        item = item or order.items[0]  # a refunded order is refused whatever the item
        policy = self.backend.return_policy(order.country)
        country_name = self.backend.resolve_country(order.country).name
        condition = tracker.get_slot("item_condition")
        unused: Optional[bool] = None if condition is None else condition == "unused"
        decision = policies.return_eligibility(order, item, policy, today(), unused)
        if not decision.allowed:
            utter_refusal(dispatcher, decision, order, item, policy, country_name)
            return item_request_done()
        starting = any(tracker.get_slot(s) is None for s in RETURN_FORM_SLOTS)
        wanted = None if starting else ("exchange" if tracker.get_slot("resolution") == "exchange" else "return")
        existing = conflicting_case(order, item, self.backend.cases_for_order(order.id), ignore_type=wanted)
        if existing is not None:
            return utter_case_already_open(dispatcher, order, item, existing)
        if starting:
            dispatcher.utter_message(
                response="utter_return_eligible", order_id=order.id, product=item.name,
                last_day=iso_date(decision.facts["last_day"]),
            )
            # "I'd like to exchange them for a size 39": the form need not ask refund or exchange.
            # A size change of a delivered item comes here too ("can I swap them for a bigger size").
            request = last_text_with_intent(tracker, "request_return") or last_text_with_intent(
                tracker, "change_order")
            named = tracker.get_slot("resolution") or resolution_in_text(request, loose=False)
            # "They're too small": the request is its own reason, in the buyer's words.
            reason = tracker.get_slot("return_reason") or (request if reason_in_request(request) else None)
            return [SlotSet("product", item.name), SlotSet("resolution", named),
                    SlotSet("return_reason", reason), *collect_then_resume(self.name(), "return_form")]
        return self._open_case(dispatcher, tracker, order, item, policy)

    def _open_case(self, dispatcher, tracker, order, item, policy) -> List[EventType]:
        exchange = tracker.get_slot("resolution") == "exchange"
        size, colour = exchange_target(item, tracker.get_slot("size"), tracker.get_slot("colour"))
        case, _ = self.backend.open_case(
            order.id,
            "exchange" if exchange else "return",
            item_sku=item.sku,
            reason=tracker.get_slot("return_reason") or "",
            requested_resolution=f"exchange:{size or ''}/{colour or ''}" if exchange else "refund",
        )
        common = dict(
            case_id=case.id, order_id=order.id, product=item.name,
            return_address=policy.return_address, return_label=case.return_label,
        )
        if exchange:
            # What was stored, not what this turn's slots say (the same request twice gets the
            # case of the first one).
            stored = (case.requested_resolution or "").partition(":")[2]
            if "/" in stored:
                size, _, colour = stored.partition("/")
            dispatcher.utter_message(
                response="utter_exchange_case_opened", **common, size=size or None, colour=colour or None,
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
        return [SlotSet("case_id", case.id), *item_request_done()]


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
        # Every case that promises money back: returns, payment problems, and item claims the
        # buyer chose a (partial) refund for; not one that was closed without it.
        refunds = [
            c for c in self.backend.cases_for_order(order.id)
            if c.status != "closed" and c.requested_resolution in REFUND_RESOLUTIONS
        ]
        for case in refunds:
            dispatcher.utter_message(
                response="utter_refund_in_progress", order_id=order.id, case_id=case.id,
                case_type=case.type, case_status=case.status, opened_on=iso_date(case.created_at),
            )
        if refunds:
            return [SlotSet("case_id", refunds[-1].id)]
        dispatcher.utter_message(response="utter_no_refund", order_id=order.id)
        return []

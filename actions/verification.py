"""Proof of order ownership before any order detail is shown or changed.

The buyer proves ownership with the order number plus the order's email, or with a
verified identity the shop's website puts into the message metadata: `verified_email` signed
with `identity_hash`, HMAC-SHA256 of the lower-cased email under IDENTITY_VERIFICATION_SECRET
(computed by the shop's server for its signed-in customer, as Intercom's identity verification
does). Metadata comes from the client, so an unsigned or wrongly signed email is ignored, and
without the secret no email is trusted. A wrong pair gets exactly the reply an unknown order
gets. Failures are slowed down from the second one on, and counted twice:

- per conversation (slots): after MAX_FAILURES the conversation is locked out of
  verification for a cool-down;
- per order number (the shop backend, `fail_verification`): after MAX_FAILURES
  within the cool-down window that order number cannot be verified, not even with the right
  email, by any conversation (a /restart or a new session does not help) until the window
  has passed since its last failure. Numbers that match no order are counted and locked
  the same way, so a lock tells nothing about whether an order exists. A successful
  verification clears the failures of that order only: its owner has proven it. A buyer
  whose identity the shop has signed is not held by that lock (they type no email to guess),
  so someone who knows an order number cannot lock its signed-in owner out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import logging
import os
import re
import time
from contextvars import ContextVar
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import ShopAction, email_awaiting_its_order, latest_entity, message_metadata
from actions.requests import collect_then_resume, forget_question, stale_answer
from actions.shop import get_backend
from actions.shop.backend import Order
from actions.shop.lockout import MAX_FAILURES

logger = logging.getLogger(__name__)

FORM = "verify_order_form"
ORDER_ID = re.compile(r"^A\d{4}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def cooldown_seconds() -> float:
    return float(os.environ.get("VERIFICATION_COOLDOWN_S", "900"))


def cooldown() -> dt.timedelta:
    return dt.timedelta(seconds=cooldown_seconds())


def failure_delay_seconds() -> float:
    return float(os.environ.get("VERIFICATION_FAILURE_DELAY_S", "1.0"))


def identity_hash(email: str, secret: str) -> str:
    """What the shop's server signs a signed-in customer's email with (hex HMAC-SHA256)."""
    return hmac.new(secret.encode(), email.strip().lower().encode(), hashlib.sha256).hexdigest()


_last_unsigned: Optional[tuple] = None


def _warn_unsigned(tracker: Tracker) -> None:
    """Once per message (trusted_email is asked several times per message)."""
    global _last_unsigned
    key = (tracker.sender_id, (tracker.latest_message or {}).get("message_id"))
    if key != _last_unsigned:
        _last_unsigned = key
        logger.warning("verified_email in message metadata without a valid identity_hash: "
                       "ignored (conversation %s)", tracker.sender_id)


def trusted_email(tracker: Tracker) -> Optional[str]:
    """The email the shop's website vouches for in this message's metadata, else None."""
    metadata = message_metadata(tracker)
    email, signature = metadata.get("verified_email"), metadata.get("identity_hash")
    if not isinstance(email, str) or not email.strip():
        return None
    secret = os.environ.get("IDENTITY_VERIFICATION_SECRET", "")
    # Compared as bytes: compare_digest refuses str with non-ASCII characters.
    if not secret or not isinstance(signature, str) or not hmac.compare_digest(
            signature.strip().lower().encode(), identity_hash(email, secret).encode()):
        _warn_unsigned(tracker)
        return None
    return email.strip().lower()


def now_s() -> float:
    return time.time()


def utc_now() -> dt.datetime:
    """Now in the backend's time: naive UTC."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def locked_for_seconds(tracker: Tracker) -> float:
    """Seconds left in this conversation's cool-down, 0 when verification is allowed."""
    until = tracker.get_slot("verification_locked_until") or 0
    return max(0.0, float(until) - now_s())


# Within one run of the verification form, the lock end of each order number it has looked at
# (None: not locked). required_slots runs three times per run and the validation asks once
# more; one read per order number and message is enough, and a failure recorded in the run
# replaces the entry with the lock end it returned. Context-local: each request has its own.
_form_run_locks: ContextVar[Optional[Dict[str, Optional[dt.datetime]]]] = ContextVar(
    "form_run_locks", default=None
)


def order_locked_for_seconds(order_id: Any) -> float:
    """Seconds left in the cool-down of this order number (known or not) for everyone."""
    order_id = normalise_order_id(order_id)
    if not order_id:
        return 0.0
    now, seen = utc_now(), _form_run_locks.get()
    if seen is not None and order_id in seen:
        end = seen[order_id]
    else:
        end = get_backend().verification_lock_end(order_id, now, cooldown())
        if seen is not None:
            seen[order_id] = end
    return max(0.0, (end - now).total_seconds()) if end else 0.0


def order_lock_seconds(tracker: Tracker, order_id: Any) -> float:
    """The cool-down of `order_id` as it applies to this buyer. A buyer whose identity the shop
    has signed guesses no email, so others' failed guesses on the number do not lock them out;
    their own failures still lock the conversation."""
    return 0.0 if trusted_email(tracker) else order_locked_for_seconds(order_id)


def lock_seconds(tracker: Tracker) -> float:
    """The longer of the conversation's and the requested order number's cool-downs."""
    return max(locked_for_seconds(tracker), order_lock_seconds(tracker, tracker.get_slot("order_id")))


def normalise_order_id(value: Any) -> Optional[str]:
    text = str(value or "").strip().upper().lstrip("#")
    return text if ORDER_ID.match(text) else None


def verified_order(tracker: Tracker) -> Optional[Order]:
    """The order the buyer has proven to own and is talking about, else None."""
    verified_id = tracker.get_slot("verified_order")
    if not verified_id:
        return None
    current = normalise_order_id(tracker.get_slot("order_id")) or verified_id
    if current != verified_id:
        return None
    return get_backend().get_order(verified_id)


# Replies that answer the question with something that is not the value ("ok", "sure", a
# typo'd email): the form says what is wrong and asks again instead of going silent. A real
# question or request (any other intent) interrupts the form as before.
ANSWER_INTENTS = {"affirm", "deny", "inform", "nlu_fallback", "thank", "greet", "out_of_scope"}


# Requests on an order, and the action that serves each (data/rules). One that names an order
# number while the form asks ("actually, cancel order A1002") gives the form that number, so
# no rule runs for it: the form then verifies it for this request, not the parked one.
ORDER_REQUESTS = {
    "check_order_status": "action_order_status",
    "track_package": "action_order_status",
    "cancel_order": "action_offer_cancellation",
    "change_order": "action_change_order_items",
    "change_shipping_address": "action_change_address",
    "report_payment_problem": "action_payment_problem",
    "report_delivery_problem": "action_delivery_problem",
    "request_return": "action_request_return",
    "check_refund_status": "action_refund_status",
    "report_damaged_item": "action_report_item_problem",
    "report_wrong_item": "action_report_item_problem",
    "report_not_as_described": "action_report_item_problem",
    "file_complaint": "action_file_complaint",
}


def switched_request(tracker: Tracker) -> List[EventType]:
    """SlotSet of the request this message makes, when it names an order and is not the parked one."""
    latest = tracker.latest_message or {}
    action = ORDER_REQUESTS.get((latest.get("intent") or {}).get("name"))
    names_order = any(e.get("entity") == "order_id" for e in latest.get("entities") or [])
    if action and names_order and action != tracker.get_slot("pending_action"):
        return [SlotSet("pending_action", action)]
    return []


def typed_answer(tracker: Tracker, slot: Text) -> Dict[Text, Any]:
    """The text of a reply to the question for `slot` when no entity filled it."""
    latest = tracker.latest_message or {}
    intent = (latest.get("intent") or {}).get("name")
    if (tracker.get_slot("requested_slot") != slot or intent not in ANSWER_INTENTS
            or any(e.get("entity") == slot for e in latest.get("entities") or [])):
        return {}
    text = (latest.get("text") or "").strip()
    return {slot: text} if text else {}


class ValidateVerifyOrderForm(FormValidationAction):
    def name(self) -> Text:
        return f"validate_{FORM}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        token = _form_run_locks.set({})
        try:
            return await super().run(dispatcher, tracker, domain)
        finally:
            _form_run_locks.reset(token)

    async def required_slots(
        self,
        domain_slots: List[Text],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> List[Text]:
        verified = tracker.get_slot("verified_order")
        order_id = normalise_order_id(tracker.get_slot("order_id"))
        if (verified and verified == order_id) or lock_seconds(tracker):
            return []  # ends the form; the resumed request explains a lock-out or goes on
        if trusted_email(tracker):
            return [s for s in domain_slots if s != "email"]
        return domain_slots

    async def extract_order_id(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return typed_answer(tracker, "order_id")

    async def extract_email(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return typed_answer(tracker, "email")

    def validate_order_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:  # cleared by an action, not typed by the buyer
            return {"order_id": None}
        order_id = normalise_order_id(value)
        if order_id is None:
            dispatcher.utter_message(response="utter_order_id_invalid")
        return {"order_id": order_id}

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if value is None:  # cleared by an action, not typed by the buyer
            return {"email": None}
        email = str(value).strip().lower()
        if not EMAIL.match(email):
            dispatcher.utter_message(response="utter_email_invalid")
            return {"email": None}
        return {"email": email}

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        events = await super().get_validation_events(dispatcher, tracker, domain) + switched_request(tracker)
        slots = {**tracker.slots, **{e["name"]: e["value"] for e in events if e["event"] == "slot"}}
        order_id = normalise_order_id(slots.get("order_id"))
        email = trusted_email(tracker) or slots.get("email")
        if not order_id or not email or locked_for_seconds(tracker):
            return events
        if slots.get("verified_order") == order_id:
            return events
        if order_lock_seconds(tracker, order_id):
            # Not even checked: the form ends (required_slots) and the resumed request gives
            # the lock-out reply, for a real and an unknown order number alike.
            return events
        backend = get_backend()
        if backend.find_order_for_buyer(order_id, email) is not None:
            backend.clear_verification_failures(order_id)  # the owner has proven it
            dispatcher.utter_message(response="utter_order_verified", order_id=order_id)
            return events + [
                SlotSet("verified_order", order_id),
                SlotSet("verification_failures", 0),
            ]
        return events + await self._failed(dispatcher, tracker, order_id)

    async def _failed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, order_id: Text
    ) -> List[EventType]:
        lock = get_backend().fail_verification(order_id, utc_now(), cooldown())
        seen = _form_run_locks.get()
        if seen is not None:
            seen[order_id] = lock.until
        failures = int(tracker.get_slot("verification_failures") or 0) + 1
        if max(failures, lock.failures) >= 2:
            await asyncio.sleep(failure_delay_seconds())
        dispatcher.utter_message(response="utter_order_not_found")
        order_locked = lock.until is not None
        events: List[EventType] = [
            SlotSet("verification_failures", failures),
            # A number that is now locked stays in the slot: the form ends and the resumed
            # request says so; otherwise the form asks for both again.
            SlotSet("order_id", order_id if order_locked else None),
            SlotSet("email", None),
        ]
        if failures >= MAX_FAILURES:
            events += [
                SlotSet("verification_locked_until", time.time() + cooldown_seconds()),
                SlotSet("verification_failures", 0),
            ]
        return events


def email_kept_with_order(tracker: Tracker) -> bool:
    """True when the email slot was set with the order number or after it ("A1002 jonas@…"
    as a message of its own, kept by action_not_understood), or when this message gives the
    number we asked for after an email on its own (utter_ask_order_of_email), so the two
    belong together."""
    if latest_entity(tracker, "order_id") and email_awaiting_its_order(tracker):
        return True
    for event in reversed(tracker.applied_events()):
        if event.get("event") == "slot" and event.get("name") == "email":
            return bool(event.get("value"))
        if event.get("event") == "slot" and event.get("name") == "order_id":
            return False
    return False


class VerifiedOrderAction(ShopAction):
    """Base class of every action that shows or changes an order.

    `run_verified` is only called with an order the buyer has proven to own. Otherwise
    the request is parked in `pending_action` and the verification form starts; the
    form's submit rule calls `action_resume_pending` (actions/requests.py), which runs
    the request again.
    """

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if stale_answer(tracker):
            return forget_question()
        order = verified_order(tracker)
        if order is not None:
            return await self.run_verified(dispatcher, tracker, domain, order)
        seconds_locked = lock_seconds(tracker)
        if seconds_locked:
            utter_verification_locked(dispatcher, seconds_locked)
            return [SlotSet("pending_action", None)]
        events = collect_then_resume(self.name(), FORM)
        if not trusted_email(tracker) and not latest_entity(tracker, "email") \
                and not email_kept_with_order(tracker):
            # Ask for the email of this order unless this very message gave one: a remembered
            # email belongs to another order or failed, and with both slots already filled the
            # form would check a pair the buyer never gave.
            events.insert(0, SlotSet("email", None))
        return events

    async def run_verified(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
        order: Order,
    ) -> List[EventType]:
        raise NotImplementedError


def utter_verification_locked(dispatcher: CollectingDispatcher, seconds_locked: float) -> None:
    minutes = max(1, round(seconds_locked / 60))
    dispatcher.utter_message(response="utter_verification_locked", minutes=minutes)

"""Escalation to a person: close the form, create a ticket with context, pause the bot.

Outside business hours the buyer is offered to leave a message, which becomes a ticket
too. After an agent closes the chat, the handoff service starts rating_form; the rating is
stored with the ticket.
"""

from __future__ import annotations

import abc
import datetime as dt
import math
import os
import re
import unicodedata
from decimal import Decimal
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecuted, ActiveLoop, ConversationPaused, EventType, FollowupAction, SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import handoff_client
from actions.common import ShopAction, latest_intent
from actions.requests import forget_question, stale_answer
from actions.shop.backend import Order

TRANSCRIPT_SENDERS = {"user": "buyer", "bot": "bot"}
SMALL_TALK = {"greet", "goodbye", "thank", "affirm", "deny", "inform", "stop", "request_human",
              "nlu_fallback", "out_of_scope", "bot_challenge", "switch_language"}
# Topics that cost the buyer money or trust: a person answers them first.
HIGH_PRIORITY_TOPICS = {"report_delivery_problem", "report_payment_problem", "report_damaged_item",
                        "report_wrong_item", "report_not_as_described"}
URGENT_TOPICS = {"file_complaint"}
# Orders worth at least this much (in the order's currency) are served with high priority.
HIGH_VALUE = Decimal(os.environ.get("HANDOFF_HIGH_VALUE", "300"))
RESET_REQUEST = [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("pending_action", None),
                 SlotSet("awaiting_reply", None)]


def transcript(tracker: Tracker) -> List[Dict[str, Any]]:
    return [
        {
            "sender": TRANSCRIPT_SENDERS[e["event"]],
            "text": e.get("text") or "",
            "timestamp": dt.datetime.fromtimestamp(e.get("timestamp") or 0, dt.timezone.utc).isoformat(),
        }
        for e in tracker.events
        if e.get("event") in TRANSCRIPT_SENDERS and e.get("text")
    ]


def conversation_topic(tracker: Tracker) -> str:
    """The last intent that was a request, not small talk or a form answer."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent and intent not in SMALL_TALK:
                return intent
    return "general"


_SHOUTING = re.compile(r"[A-ZÀ-Þ]{4,}")


def sounds_angry(tracker: Tracker) -> bool:
    """Shouting or a pile of exclamation marks in the buyer's recent messages (any language)."""
    texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-3:]
    for text in texts:
        letters = [c for c in text if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        if "!!" in text or "！！" in text or (len(letters) >= 12 and upper / len(letters) > 0.7
                                               and _SHOUTING.search(text)):
            return True
    return False


def priority_for(topic: str, angry: bool, order: Optional[Order]) -> str:
    if topic in URGENT_TOPICS:
        return "urgent"
    if angry or topic in HIGH_PRIORITY_TOPICS or (order is not None and order.total >= HIGH_VALUE):
        return "high"
    return "normal"


def summary(tracker: Tracker, topic: str, order: Optional[Order], angry: bool) -> str:
    """Template-based; agent-facing (not buyer-facing) text."""
    parts = [f"topic: {topic}", f"language: {tracker.get_slot('language') or 'en'}"]
    if order is not None:
        parts.append(f"verified order: {order.id} ({order.status}, {order.total} {order.currency}, "
                     f"to {order.country})")
    else:
        parts.append("buyer not verified")
    if tracker.get_slot("case_id"):
        parts.append(f"case: {tracker.get_slot('case_id')}")
    if tracker.active_loop.get("name"):
        parts.append(f"interrupted form: {tracker.active_loop['name']}")
    if angry:
        parts.append("buyer sounds upset")
    last = next((e.get("text") for e in reversed(tracker.events)
                 if e.get("event") == "user" and e.get("text")), None)
    if last:
        parts.append(f"last message: {last[:200]}")
    return "; ".join(parts)


def order_context(order: Optional[Order], cases: List[Any]) -> Dict[str, Any]:
    return {
        "order": None if order is None else {
            "id": order.id, "status": order.status, "country": order.country, "email": order.email,
            "total": f"{order.total} {order.currency}", "placed_at": order.placed_at.date().isoformat(),
            "items": ", ".join(f"{i.quantity} x {i.name}" + (f" ({i.size})" if i.size else "")
                               for i in order.items),
            "carrier": order.carrier, "tracking_number": order.tracking_number,
            "eta_latest": order.eta_latest.isoformat() if order.eta_latest else None,
            "shipping_address": order.shipping_address,
        },
        "cases": [{"id": c.id, "type": c.type, "status": c.status, "reason": c.reason,
                   "requested_resolution": c.requested_resolution, "evidence_url": c.evidence_url,
                   "notes": "; ".join(change.note for change in c.history[1:] if change.note) or None}
                  for c in cases],
    }


class HandoffAction(ShopAction, abc.ABC):
    """Builds the ticket the handoff service gets from this conversation."""

    def ticket(self, tracker: Tracker, **extra: Any) -> Dict[str, Any]:
        topic = conversation_topic(tracker)
        order_id = tracker.get_slot("verified_order")
        order = self.backend.get_order(order_id) if order_id else None
        cases = self.backend.cases_for_order(order.id) if order else []
        case_ids = [c.id for c in cases]
        angry = sounds_angry(tracker)
        return {
            "conversation_id": tracker.sender_id,
            "channel": tracker.get_latest_input_channel() or "",
            "language": tracker.get_slot("language") or "en",
            "chinese_script": tracker.get_slot("chinese_script"),
            "topic": topic,
            "priority": priority_for(topic, angry, order),
            "order_id": order_id,
            "case_ids": case_ids,
            "summary": summary(tracker, topic, order, angry),
            "transcript": transcript(tracker),
            "context": order_context(order, cases),
            **extra,
        }


class ActionHandoff(HandoffAction):
    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if stale_answer(tracker):  # a late "yes" to the offer of a person is no request for one
            return forget_question()
        hours = await handoff_client.availability(conversation_topic(tracker))
        if hours is None:
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return RESET_REQUEST
        if not hours.get("open"):
            dispatcher.utter_message(response="utter_handoff_after_hours", next_open=hours.get("next_open") or "")
            return RESET_REQUEST + [SlotSet("offline_message", None), FollowupAction("offline_message_form")]
        created = await handoff_client.create_ticket(self.ticket(tracker))
        if created is None:
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return RESET_REQUEST
        dispatcher.utter_message(response="utter_handoff_started")
        if created.get("position"):
            dispatcher.utter_message(
                response="utter_handoff_queued", queue_position=created["position"],
                wait_minutes=max(1, math.ceil((created.get("estimated_wait_s") or 0) / 60)))
        return RESET_REQUEST + [ConversationPaused()]


class ActionLeaveOfflineMessage(HandoffAction):
    def name(self) -> Text:
        return "action_leave_offline_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        message = tracker.get_slot("offline_message") or ""
        created = await handoff_client.create_ticket(self.ticket(tracker, offline_message=message))
        dispatcher.utter_message(response="utter_offline_message_saved" if created else "utter_handoff_unavailable")
        return [SlotSet("offline_message", None)]


class ValidateOfflineMessageForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_offline_message_form"

    def validate_offline_message(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = " ".join(str(value or "").split())
        if len(text) < 2:
            dispatcher.utter_message(response="utter_ask_offline_message")
            return {"offline_message": None}
        return {"offline_message": text[:2000]}


_SCORE = re.compile(r"(?<!\d)([1-5])(?!\d)")
# Filled stars only: "★★★★☆" is 4. (⭐ may carry a variation selector; it is not counted.)
_STARS = re.compile(r"[★⭐🌟]")
# "4/5", "4 of 5", "4 out of 5", "4 von 5", "4 de 5", "4 di 5", "4 sur 5", "4 из 5", "4 van 5",
# "4 op 5", "4 su 5", "4 z 5", "4 na 5", "4 من 5": N first, the scale of 5 second.
_N_OF_FIVE = re.compile(
    r"(?<![\d.,])([1-5])\s*(?:/|⁄|\bof\b|\bout\s+of\b|\bvon\b|\bde\b|\bdi\b|\bsu\b|\bsur\b|"
    r"\bиз\b|\bvan\b|\bop\b|\bz\b|\bna\b|\bна\b|من|\büzerinden\b)\s*5(?![\d]|[.,]\d)",
    re.IGNORECASE,
)
# The scale first: Turkish "5 üzerinden 4", Japanese "5点中4点" / "5段階中4", Chinese "5分中4分" /
# "满分5分，4分", Korean "5점 만점에 4점" / "5점 중 4점".
_FIVE_THEN_N = re.compile(
    r"(?<![\d.,])5\s*(?:üzerinden|点中|點中|分中|段階中|段階で|点満点で|점\s*만점에|점\s*중|"
    r"分满分|分滿分)\s*[,，、:：]?\s*([1-5])(?![\d]|[.,]\d)",
    re.IGNORECASE,
)
_FULL_MARKS_FIVE = re.compile(r"(?:满分|滿分|満点)\s*5\s*(?:分|点|點)?")
# "4 stars", "4 Sterne", "4 étoiles", "4 estrellas", "4 stelle", "4 звезды", "4 gwiazdki",
# "4 sterren", "4 yıldız", "4 نجوم", "4つ星", "4分", "4点", "4점", "별 4개".
_N_UNIT = re.compile(
    r"(?<![\d.,])([1-5])\s*(?:stars?\b|sterne?n?\b|étoiles?\b|etoiles?\b|estrellas?\b|estrelas?\b|"
    r"stell[ae]\b|звезд\w*|звёзд\w*|gwiazd\w*|sterren\b|ster\b|yıldız\w*|نجوم|نجمة|نجمات|"
    r"つ星|個星|颗星|顆星|星|分|点|點|점|개)",
    re.IGNORECASE,
)
_STAR_COUNT_KO = re.compile(r"별\s*([1-5])\s*개?")
NO_COMMENT = "-"
MAX_RATING_ATTEMPTS = 2


def _ascii_digits(text: str) -> str:
    """Any decimal digit (full-width, Arabic-Indic, Devanagari…) as its ASCII digit."""
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and unicodedata.decimal(c, None)
                   is not None else c for c in text)


def parse_score(text: str) -> Optional[int]:
    """The buyer's rating from 1 to 5, None when the answer is not one.

    '4', '4/5', '4 of 5', '4 von 5', '4 de 5', '5 üzerinden 4', '★★★★', '⭐⭐⭐⭐', '4 stars',
    '4 Sterne', '4分', '5点', '4점', '별 4개'. Two different numbers without a scale
    ('1 or 5') are not a rating; nor is a scale of ten ('8/10').
    """
    text = _ascii_digits(unicodedata.normalize("NFKC", text or ""))
    for pattern in (_N_OF_FIVE, _FIVE_THEN_N, _STAR_COUNT_KO):
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    text = _FULL_MARKS_FIVE.sub(" ", text)  # "满分5分，给4分": the 5 is the scale
    units = {int(n) for n in _N_UNIT.findall(text)}
    if len(units) == 1:
        return units.pop()
    stars = len(_STARS.findall(text))
    if 1 <= stars <= 5:
        return stars
    found = _SCORE.findall(text)
    return int(found[0]) if len(set(found)) == 1 else None


class ValidateRatingForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_rating_form"

    def validate_rating_score(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value is None:  # a reset (the form is starting), not an answer
            return {"rating_score": None}
        score = parse_score(str(value or ""))
        if score is not None:
            return {"rating_score": str(score)}
        attempts, answers, earlier = 0, 0, None
        for event in reversed(tracker.events):  # back to the question
            if event.get("event") == "active_loop" and event.get("name") == "rating_form":
                break
            if (event.get("event") == "bot"
                    and (event.get("metadata") or {}).get("utter_action") == "utter_rating_invalid"):
                attempts += 1
            if event.get("event") == "user":
                answers += 1  # the first one met is this answer
                if answers > 1 and earlier is None:
                    earlier = parse_score(event.get("text") or "")
        if attempts + 1 >= MAX_RATING_ATTEMPTS:
            text = " ".join(str(value).split())[:2000]
            if earlier is not None:
                # A score given before (e.g. in a form an earlier version did not read) is not
                # dropped for a second answer that is a remark, not a score: that is the comment.
                comment = NO_COMMENT if latest_intent(tracker) in ("deny", "stop") else text or NO_COMMENT
                return {"rating_score": str(earlier), "rating_comment": comment}
            # Not a rating twice: the buyer has moved on; stop asking.
            return {"rating_score": "skipped", "rating_comment": NO_COMMENT}
        dispatcher.utter_message(response="utter_rating_invalid")
        return {"rating_score": None}

    def validate_rating_comment(self, value, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value is None:
            return {"rating_comment": None}
        text = " ".join(str(value or "").split())
        if latest_intent(tracker) in ("deny", "stop") or not text:
            return {"rating_comment": NO_COMMENT}
        return {"rating_comment": text[:2000]}


class ActionSubmitRating(ShopAction):
    def name(self) -> Text:
        return "action_submit_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        ticket_id, score = tracker.get_slot("rating_ticket"), tracker.get_slot("rating_score")
        comment = tracker.get_slot("rating_comment")
        if ticket_id and score and score.isdigit():
            await handoff_client.rate_ticket(ticket_id, int(score), None if comment in (None, NO_COMMENT) else comment)
            dispatcher.utter_message(response="utter_rating_thanks")
        else:
            dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("rating_ticket", None), SlotSet("rating_score", None), SlotSet("rating_comment", None)]


class ActionRelayToBuyer(Action):
    """Speaks to the buyer for the handoff service (handoff/relay.py), in one atomic step.

    The service sets `relay_kind` (and `agent_name`, `queue_position`, ...) and runs this
    action through Rasa's /execute. (Agents' own messages skip it: the service appends them as
    bot events, handoff/rasa_client.py `say`.) Doing it in one action, not "execute a response, then append
    action_listen", matters: the buyer can answer before a second call lands, and a message
    that does not follow `action_listen` matches no rule and no form.
    """

    def name(self) -> Text:
        return "action_relay_to_buyer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        kind = tracker.get_slot("relay_kind")
        events: List[EventType] = [SlotSet("relay_kind", None)]
        if kind == "joined":
            dispatcher.utter_message(response="utter_agent_joined", agent_name=tracker.get_slot("agent_name") or "")
        elif kind == "queued":
            dispatcher.utter_message(response="utter_handoff_queued",
                                     queue_position=tracker.get_slot("queue_position"),
                                     wait_minutes=tracker.get_slot("wait_minutes"))
        elif kind == "resumed":
            dispatcher.utter_message(response="utter_handoff_resumed")
        elif kind == "closed":
            dispatcher.utter_message(response="utter_handoff_closed")
            dispatcher.utter_message(response="utter_ask_rating_score")
            events += [SlotSet("rating_score", None), SlotSet("rating_comment", None),
                       ActiveLoop("rating_form"), SlotSet("requested_slot", "rating_score")]
        return events + [ActionExecuted("action_listen")]

"""Escalation to a person: close the form, create a ticket, pause the bot."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.handoff_client import request_handoff

TRANSCRIPT_SENDERS = {"user": "buyer", "bot": "bot"}
URGENT_TOPICS = {"file_complaint", "report_delivery_problem", "report_payment_problem"}


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
    small_talk = {"greet", "goodbye", "thank", "affirm", "deny", "inform", "stop", "request_human",
                  "nlu_fallback", "out_of_scope", "bot_challenge"}
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent and intent not in small_talk:
                return intent
    return "general"


def summary(tracker: Tracker, topic: str) -> str:
    """Template-based; agent-facing (not buyer-facing) text."""
    order_id = tracker.get_slot("verified_order")
    parts = [f"topic: {topic}", f"language: {tracker.get_slot('language') or 'en'}"]
    parts.append(f"verified order: {order_id}" if order_id else "buyer not verified")
    if tracker.get_slot("case_id"):
        parts.append(f"case: {tracker.get_slot('case_id')}")
    if tracker.active_loop.get("name"):
        parts.append(f"interrupted form: {tracker.active_loop['name']}")
    return "; ".join(parts)


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        topic = conversation_topic(tracker)
        case_id = tracker.get_slot("case_id")
        created = await request_handoff(
            conversation_id=tracker.sender_id,
            channel=tracker.get_latest_input_channel(),
            language=tracker.get_slot("language") or "en",
            topic=topic,
            priority="high" if topic in URGENT_TOPICS else "normal",
            order_id=tracker.get_slot("verified_order"),
            case_ids=[case_id] if case_id else [],
            summary=summary(tracker, topic),
            transcript=transcript(tracker),
        )
        events: List[EventType] = [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("pending_action", None),
            SlotSet("awaiting_reply", None),
        ]
        if not created:
            dispatcher.utter_message(response="utter_handoff_unavailable")
            return events
        dispatcher.utter_message(response="utter_handoff_started")
        return events + [ConversationPaused()]

"""Not understood: ask to rephrase; the second time in a row, offer a person. And when no
policy knows what to do next, still answer the buyer (ActionNotUnderstood)."""

from __future__ import annotations

from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import email_awaiting_its_order, latest_entity, previous_bot_response


def consecutive_fallbacks(tracker: Tracker) -> int:
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if ((event.get("parse_data") or {}).get("intent") or {}).get("name") != "nlu_fallback":
                break
            count += 1
    return count


class ActionHandleFallback(Action):
    def name(self) -> Text:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        if consecutive_fallbacks(tracker) >= 2:
            dispatcher.utter_message(response="utter_offer_human")
            return [SlotSet("awaiting_reply", "human")]
        dispatcher.utter_message(response="utter_ask_rephrase")
        return []


class ActionDeclineHandoff(Action):
    def name(self) -> Text:
        return "action_decline_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("awaiting_reply", None)]


# A bare "ok", "no", "never mind" or "thanks" with no question of ours pending closes a topic.
ACKNOWLEDGEMENTS = {"affirm", "deny", "stop", "thank"}


def form_question(tracker: Tracker, domain: DomainDict) -> Optional[Text]:
    """The response that asks the active form's current question, if there is one."""
    form = (tracker.active_loop or {}).get("name")
    slot = tracker.get_slot("requested_slot")
    if not form or not slot:
        return None
    responses = domain.get("responses") or {}
    for name in (f"utter_ask_{form}_{slot}", f"utter_ask_{slot}"):
        if name in responses:
            return name
    return None


class ActionNotUnderstood(Action):
    """Rasa's core fallback (config.yml `core_fallback_action_name`): the message was understood
    but no policy is sure what comes next (a form could not use the answer, an "ok" out of the
    blue). The buyer always gets a reply: the form's question again, an offer to help further,
    or a request to rephrase. Like Rasa's own fallback it then reverts the message, so the
    policies continue from the state before it (a form stays active and takes the next answer)."""

    def name(self) -> Text:
        return "action_not_understood"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        said = bot_responses_since_buyer(tracker)
        if said is None:
            return []
        if said:  # the bot has answered this message: wait for the next one
            return [FollowupAction("action_listen")]
        question = form_question(tracker, domain)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if question:
            dispatcher.utter_message(response="utter_ask_rephrase")
            dispatcher.utter_message(response=question)
        elif intent in ACKNOWLEDGEMENTS and previous_bot_response(tracker) == "utter_anything_else":
            dispatcher.utter_message(response="utter_goodbye")  # "anything else?" - "no"
        elif intent in ACKNOWLEDGEMENTS:
            dispatcher.utter_message(response="utter_anything_else")
        elif intent == "inform" and (order_id := latest_entity(tracker, "order_id")):
            # An order number on its own, often a buyer's first message: ask what it is about,
            # and keep the number for the request that follows ("where is it?").
            # With its email ("A1001 maria@…") both are kept, so the buyer is not asked again.
            dispatcher.utter_message(response="utter_ask_about_order", order_id=order_id)
            kept = [SlotSet("order_id", order_id)]
            if email := latest_entity(tracker, "email") or email_awaiting_its_order(tracker):
                kept.append(SlotSet("email", email))
            return [UserUtteranceReverted(), *language_kept(tracker), *kept]
        elif intent == "inform" and (email := latest_entity(tracker, "email")):
            # An email on its own: ask for the order it belongs to, and keep the email so the
            # number that follows is checked against it without asking for it again.
            dispatcher.utter_message(response="utter_ask_order_of_email")
            return [UserUtteranceReverted(), *language_kept(tracker), SlotSet("email", email)]
        else:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return [UserUtteranceReverted(), *language_kept(tracker)]


def language_kept(tracker: Tracker) -> List[EventType]:
    """The conversation's language as this message set it: reverting the message would also
    undo that, and the next reply would come in another language than this one."""
    return [SlotSet(slot, tracker.get_slot(slot)) for slot in ("language", "chinese_script")
            if tracker.get_slot(slot)]


def bot_responses_since_buyer(tracker: Tracker) -> Optional[List[Optional[Text]]]:
    """What the bot has said since the buyer's last message (response names, None for text
    without one), or None when the buyer has not written yet."""
    said: List[Optional[Text]] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return list(reversed(said))
        if event.get("event") == "bot":
            said.append((event.get("metadata") or {}).get("utter_action"))
    return None

"""A new session starts unverified; only the buyer's language (and Chinese script) carries over."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

CARRIED_OVER = ("language", "chinese_script")


class ActionSessionStart(Action):
    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        carried = [
            SlotSet(slot, tracker.get_slot(slot))
            for slot in CARRIED_OVER
            if tracker.get_slot(slot) is not None
        ]
        return [SessionStarted(), *carried, ActionExecuted("action_listen")]

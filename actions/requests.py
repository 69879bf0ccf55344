"""Requests that need more input: park the request, run a form, then run it again.

A request action that misses something (verification, a country, a measurement, an
address…) returns `collect_then_resume(its_name, form)`. Every form's submit rule
calls `action_resume_pending`, which runs the parked action again; it then finds what
it needed in the slots. Stopping a form (`stop`/`deny`) runs `action_cancel_request`.
"""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_entity, latest_intent

# Slots a form fills for a single request; cleared when the request is done or cancelled.
REQUEST_SLOTS = (
    "new_address",
    "return_reason",
    "item_condition",
    "resolution",
    "claim_description",
    "photo_url",
    "feedback_reason",
    "measurement",
)


def collect_then_resume(action_name: Text, form_name: Text) -> List[EventType]:
    return [SlotSet("pending_action", action_name), FollowupAction(form_name)]


def request_done() -> List[EventType]:
    return [SlotSet(slot, None) for slot in REQUEST_SLOTS]


# Slots that describe the item of a return, exchange or claim: a finished or stopped one must
# not hand them on (the size the buyer has is not the size they want in exchange).
ITEM_SLOTS = ("product", "size", "colour")


def item_request_done() -> List[EventType]:
    """request_done() plus the item slots (product, size, colour) of this request."""
    return [*request_done(), *(SlotSet(slot, None) for slot in ITEM_SLOTS)]


class ActionResumePending(Action):
    def name(self) -> Text:
        return "action_resume_pending"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        pending = tracker.get_slot("pending_action")
        if not pending:
            return []
        return [SlotSet("pending_action", None), FollowupAction(pending)]


class ActionCancelRequest(Action):
    def name(self) -> Text:
        return "action_cancel_request"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(response="utter_request_cancelled")
        events = [
            SlotSet("pending_action", None),
            SlotSet("awaiting_reply", None),
            SlotSet("requested_slot", None),
            *item_request_done(),
        ]
        # A bare "cancel" only stops the question; "cancel order A1003" also asks for that.
        if latest_intent(tracker) == "cancel_order" and latest_entity(tracker, "order_id"):
            events.append(FollowupAction("action_offer_cancellation"))
        return events

"""Requests that need more input: park the request, run a form, then run it again.

A request action that misses something (verification, a country, a measurement, an
address…) returns `collect_then_resume(its_name, form)`. Every form's submit rule
calls `action_resume_pending`, which runs the parked action again; it then finds what
it needed in the slots. Stopping a form (`stop`/`deny`) runs `action_cancel_request`.
"""

from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionReverted, EventType, FollowupAction, SlotSet
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


# Questions whose short answer (a bare "yes", an order number) a rule sends to the action that
# asked (data/rules): the `awaiting_reply` value and the intents that can answer it.
SHORT_ANSWERS = {
    "cancel_order": frozenset({"affirm", "deny", "cancel_order"}),
    "claim_order": frozenset({"inform"}),
    "item_change": frozenset({"inform"}),
    "compensation": frozenset({"affirm", "deny", "inform"}),
    "review_revision": frozenset({"affirm", "deny"}),
    # A late "no" to the offer of a person gets "anything else?" either way: only "yes" is checked.
    "human": frozenset({"affirm"}),
}


def stale_answer(tracker: Tracker) -> bool:
    """True when a rule took this message for the answer to `awaiting_reply`, but the buyer
    wrote something else after the question: "yes" two turns later must not cancel an order.
    A request resumed after verification (not straight after the buyer's message) is not one."""
    awaiting = tracker.get_slot("awaiting_reply")
    if latest_intent(tracker) not in SHORT_ANSWERS.get(awaiting, ()) \
            or tracker.latest_action_name != "action_listen":
        return False
    user_turns = 0
    # Applied events: a message the core fallback rewound (an "ok" out of the blue) is no turn,
    # and its undone question-clearing is no answer.
    for event in reversed(tracker.applied_events()):
        if event.get("event") == "user":
            user_turns += 1
        elif event.get("event") == "slot" and event.get("name") == "awaiting_reply":
            return event.get("value") == awaiting and user_turns > 1
    return False


def forget_question() -> List[EventType]:
    """The message is no answer to `awaiting_reply`'s question (or a stale one): undo the action
    and forget the question, so the policies handle the message as if it had never been asked."""
    return [ActionReverted(), SlotSet("awaiting_reply", None)]


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

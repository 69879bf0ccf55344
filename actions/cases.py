"""Case status for a buyer who gives a case id (only for cases of their verified order)."""

from __future__ import annotations

from typing import List, Text

from rasa_sdk.events import EventType, SlotSet

from actions.common import iso_date
from actions.verification import VerifiedOrderAction


class ActionCaseStatus(VerifiedOrderAction):
    def name(self) -> Text:
        return "action_case_status"

    async def run_verified(self, dispatcher, tracker, domain, order) -> List[EventType]:
        cases = self.backend.cases_for_order(order.id)
        wanted = (tracker.get_slot("case_id") or "").upper()
        chosen = [c for c in cases if c.id == wanted] or cases
        if not chosen:
            # Also the answer for a case id of someone else's order: no enumeration.
            dispatcher.utter_message(response="utter_no_cases", order_id=order.id)
            return []
        for case in chosen:
            dispatcher.utter_message(
                response="utter_case_status", case_id=case.id, case_type=case.type,
                case_status=case.status, opened_on=iso_date(case.created_at),
                updated_on=iso_date(case.history[-1].at),
            )
        return [SlotSet("case_id", chosen[-1].id)]

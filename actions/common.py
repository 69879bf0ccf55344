"""Helpers every action module shares: the backend handle, slot access, plain parameters.

Response parameters are plain values a renderer in any language can format: dates as
ISO strings, money as a decimal string plus a separate currency code.
"""

from __future__ import annotations

import abc
import datetime as dt
import os
from decimal import Decimal
from typing import Any, Dict, Optional, Union

from rasa_sdk import Action, Tracker

from actions.shop import get_backend
from actions.shop.backend import ShopBackend

SHOP_CURRENCY = os.environ.get("SHOP_CURRENCY", "EUR")


def money(value: Union[Decimal, float, str]) -> str:
    return f"{Decimal(value):.2f}"


def iso_date(value: Union[dt.date, dt.datetime, None]) -> Optional[str]:
    if value is None:
        return None
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def today() -> dt.date:
    return dt.date.today()


def message_metadata(tracker: Tracker) -> Dict[str, Any]:
    return (tracker.latest_message or {}).get("metadata") or {}


def latest_intent(tracker: Tracker) -> Optional[str]:
    """The intent NLU chose (nlu_fallback included: a guess must not confirm anything)."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def latest_entity(tracker: Tracker, entity: str) -> Optional[str]:
    return next(tracker.get_latest_entity_values(entity), None)


def previous_bot_response(tracker: Tracker) -> Optional[str]:
    """The response the bot ended its turn with before the buyer's last message."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
        elif event.get("event") == "bot" and seen_user:
            return (event.get("metadata") or {}).get("utter_action")
    return None


def email_awaiting_its_order(tracker: Tracker) -> Optional[str]:
    """The email the buyer sent on its own, when this message answers our question which order
    it is for (utter_ask_order_of_email, asked by action_not_understood)."""
    if previous_bot_response(tracker) == "utter_ask_order_of_email":
        return tracker.get_slot("email")
    return None


def last_text_with_intent(tracker: Tracker, intent: str) -> str:
    """What the buyer wrote when they last expressed `intent` (e.g. the complaint itself)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if ((event.get("parse_data") or {}).get("intent") or {}).get("name") == intent:
                return event.get("text") or ""
    return ""


def said_about_order(tracker: Tracker, response: str, order_id: str) -> bool:
    """Whether the bot already sent `response` about `order_id` in this conversation session
    (order ids are written as they are in every language)."""
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            return False
        if (event.get("event") == "bot" and order_id in (event.get("text") or "")
                and (event.get("metadata") or {}).get("utter_action") == response):
            return True
    return False


class ShopAction(Action, abc.ABC):
    """An action that reads or changes shop data."""

    @abc.abstractmethod
    def name(self) -> str:
        ...

    @property
    def backend(self) -> ShopBackend:
        return get_backend()

"""Shared fixtures: a seeded temporary shop per test, trackers, and a way to run actions."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
import yaml

os.environ["SHOP_SEED_ON_START"] = "0"  # tests seed their own database

from rasa_sdk import Action, Tracker  # noqa: E402
from rasa_sdk.executor import CollectingDispatcher  # noqa: E402

from actions.shop import set_backend  # noqa: E402
from actions.shop.seed import seed  # noqa: E402
from actions.shop.sql_backend import SqlShopBackend  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EMAILS = {
    "A1001": "maria.garcia@example.com",
    "A1002": "jonas.weber@example.com",
    "A1003": "li.wei@example.com",
    "A1004": "emma.johnson@example.com",
    "A1005": "ana.souza@example.com",
    "A1006": "pierre.martin@example.com",
    "A1007": "kenji.tanaka@example.com",
    "A1008": "sofia.rossi@example.com",
    "A1009": "olivia.smith@example.com",
    "A1010": "daan.devries@example.com",
    "A1011": "anna.kowalska@example.com",
}


@pytest.fixture
def backend(tmp_path, monkeypatch):
    monkeypatch.setenv("SHOP_DATABASE_URL", f"sqlite:///{tmp_path / 'shop.sqlite'}")
    shop = SqlShopBackend()
    seed(shop.engine)
    set_backend(shop)
    yield shop
    set_backend(None)


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    return yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    """Record the verification slow-down instead of waiting."""
    slept: List[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr("actions.verification.asyncio.sleep", fake_sleep)
    return slept


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    intent: str = "inform",
    entities: Optional[List[Dict[str, Any]]] = None,
    text: str = "",
    metadata: Optional[Dict[str, Any]] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
) -> Tracker:
    latest = {
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "text": text,
        "metadata": metadata or {},
    }
    user_event = {"event": "user", "text": text, "parse_data": latest, "timestamp": 1.0}
    return Tracker(
        sender_id="test-buyer",
        slots={"language": "en", **(slots or {})},
        latest_message=latest,
        events=[*(events or []), user_event],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def verified(order_id: str, **slots: Any) -> Tracker:
    """A tracker of a buyer who has proven to own `order_id`."""
    return make_tracker(
        slots={"order_id": order_id, "email": EMAILS[order_id], "verified_order": order_id, **slots}
    )


def run(action: Action, tracker: Tracker, dispatcher: CollectingDispatcher, domain) -> List[Dict]:
    return asyncio.run(action.run(dispatcher, tracker, domain))


def responses(dispatcher: CollectingDispatcher) -> List[str]:
    return [m["response"] for m in dispatcher.messages]


def message(dispatcher: CollectingDispatcher, response: str) -> Dict[str, Any]:
    return next(m for m in dispatcher.messages if m["response"] == response)


def slot_events(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def followups(events: List[Dict[str, Any]]) -> List[str]:
    return [e["name"] for e in events if e["event"] == "followup"]


def texts_shown(dispatcher: CollectingDispatcher) -> List[Tuple[str, Dict[str, Any]]]:
    return [(m["response"], {k: v for k, v in m.items() if k not in ("text", "buttons", "elements", "custom", "template", "image", "attachment")}) for m in dispatcher.messages]

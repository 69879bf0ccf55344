"""The bot's side of the handoff service's API (docs/handoff-api.md), with the service token.

Every call returns None instead of raising when the service cannot be reached or refuses,
so the caller can answer the buyer politely.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, Optional

import aiohttp

logger = logging.getLogger(__name__)
TIMEOUT_S = float(os.environ.get("HANDOFF_TIMEOUT_S", "5"))


def handoff_url() -> str:
    return os.environ.get("HANDOFF_URL", "http://localhost:8080").rstrip("/")


def _headers() -> Dict[str, str]:
    return {"Authorization": f"Bearer {os.environ.get('HANDOFF_SERVICE_TOKEN', '')}"}


async def _call(method: str, path: str, **kwargs: Any) -> Optional[Dict[str, Any]]:
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as session:
            async with session.request(method, f"{handoff_url()}{path}", headers=_headers(), **kwargs) as response:
                if response.status >= 300:
                    logger.warning("handoff service: %s %s -> HTTP %s %s", method, path, response.status,
                                   (await response.text())[:300])
                    return None
                return await response.json()
    except Exception as error:  # unreachable, timeout, bad answer: the buyer still gets a reply
        logger.warning("handoff service unreachable (%s %s): %s", method, path, error)
        return None


async def availability(topic: str) -> Optional[Dict[str, Any]]:
    """{"open": bool, "team", "next_open": ISO time or None}."""
    return await _call("GET", "/api/hours", params={"topic": topic})


async def create_ticket(ticket: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """{"ticket", "created", "position", "estimated_wait_s", "open", ...}."""
    return await _call("POST", "/api/tickets", json=ticket)


async def rate_ticket(ticket_id: str, rating: int, comment: Optional[str]) -> Optional[Dict[str, Any]]:
    return await _call("POST", f"/api/tickets/{ticket_id}/rating", json={"rating": rating, "comment": comment})

"""HOOK for the human-handoff service (issue 5): create a ticket over HTTP.

`request_handoff` POSTs to `$HANDOFF_URL/api/tickets` (default http://localhost:8080)
with JSON {conversation_id, channel, language, topic, priority, order_id, case_ids,
summary, transcript: [{sender, text, timestamp}]}. It never raises: it returns False
when the service cannot be reached or refuses, so the caller can answer politely.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, List, Optional

import aiohttp

logger = logging.getLogger(__name__)
TIMEOUT_S = float(os.environ.get("HANDOFF_TIMEOUT_S", "5"))


def handoff_url() -> str:
    return os.environ.get("HANDOFF_URL", "http://localhost:8080").rstrip("/")


async def request_handoff(
    conversation_id: str,
    channel: Optional[str],
    language: str,
    topic: Optional[str],
    priority: str,
    order_id: Optional[str],
    case_ids: List[str],
    summary: str,
    transcript: List[Dict[str, Any]],
) -> bool:
    ticket = {
        "conversation_id": conversation_id,
        "channel": channel,
        "language": language,
        "topic": topic,
        "priority": priority,
        "order_id": order_id,
        "case_ids": case_ids,
        "summary": summary,
        "transcript": transcript,
    }
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as session:
            async with session.post(f"{handoff_url()}/api/tickets", json=ticket) as response:
                if response.status >= 300:
                    logger.warning("handoff service refused the ticket: HTTP %s", response.status)
                    return False
                return True
    except Exception as error:  # unreachable, timeout, bad answer: the buyer still gets a reply
        logger.warning("handoff service unreachable: %s", error)
        return False

"""One error shape for every API failure: {"error": code, "message": what to fix}."""
import json
import logging
from typing import Any, Dict, Optional

from aiohttp import web

from handoff.queue import NotFound, Rejected
from handoff.service import Forbidden

logger = logging.getLogger(__name__)

REJECTION_STATUS = {"capacity": 409, "taken": 409, "offered_to_other": 409, "finished": 409,
                    "not_finished": 409, "not_assigned": 403, "language": 409, "skill": 409,
                    "agent_away": 409, "reply_window": 409}


def error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@web.middleware
async def error_middleware(request: web.Request, handler):
    if not request.path.startswith("/api/"):
        return await handler(request)
    try:
        return await handler(request)
    except ApiError as e:
        return error(e.status, e.code, e.message)
    except NotFound as e:
        return error(404, "not_found", str(e))
    except Rejected as e:
        return error(REJECTION_STATUS.get(e.reason, 409), e.reason, _REASONS.get(e.reason, e.reason))
    except Forbidden as e:
        return error(403, "forbidden", str(e))
    except web.HTTPException as e:
        if e.status >= 400:
            return error(e.status, e.reason.lower().replace(" ", "_"), e.text or e.reason)
        raise
    except ValueError as e:
        return error(400, "bad_request", str(e))


_REASONS = {
    "taken": "another agent has already taken this ticket",
    "offered_to_other": "this ticket is offered to another agent",
    "finished": "this conversation is already finished",
    "not_finished": "this conversation is still open",
    "not_assigned": "this chat is not assigned to you",
    "capacity": "you are at your maximum number of chats",
    "language": "this ticket waits for an agent who speaks the buyer's language",
    "skill": "this ticket needs a skill you do not have",
    "agent_away": "set your status to online to take chats",
    "reply_window": "not delivered: the buyer's messaging app (WhatsApp or Messenger) only accepts "
                    "replies within 24 hours of their last message; the buyer has to write again first",
}


async def json_body(request: web.Request, max_bytes: int = 64 * 1024) -> Dict[str, Any]:
    if request.content_length is not None and request.content_length > max_bytes:
        raise ApiError(413, "too_large", f"the body must be at most {max_bytes} bytes")
    raw = await request.read()
    if len(raw) > max_bytes:
        raise ApiError(413, "too_large", f"the body must be at most {max_bytes} bytes")
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_json", "the body must be a JSON object") from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", "the body must be a JSON object")
    return body


def text_field(body: Dict[str, Any], name: str, max_len: int = 4000, required: bool = True) -> Optional[str]:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(400, "bad_field", f"'{name}' must be a non-empty string")
    if len(value) > max_len:
        raise ApiError(400, "bad_field", f"'{name}' must be at most {max_len} characters")
    return value

"""`POST /webhooks/<channel>/typing`: show a buyer on a messaging app that a person is typing.

The handoff service calls it when an agent types in a chat (handoff/relay.py, outbox kind
`typing`); the widget learns the same from the public status endpoint instead. Telegram
(sendChatAction "typing", shown for 5 s or until the next message) and Messenger
(sender_action "typing_on") have such an indicator; Twilio's WhatsApp API has none, so that
channel has no route.

    POST /webhooks/telegram/typing?token=<RASA_API_TOKEN>   {"recipient_id": "<chat id>"}
    -> 204 sent; 401 without the token; 400 for a body without recipient_id;
       502 when the app's API refused; 503 when the channel is not configured
"""
import hmac
import logging
import os
from typing import Awaitable, Callable, Optional

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import status

logger = logging.getLogger(__name__)


def _authorized(request: Request) -> bool:
    expected = os.environ.get("RASA_API_TOKEN") or ""
    given = request.args.get("token") or ""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def add_typing_route(blueprint: Blueprint, channel: str, problem: Callable[[], Optional[str]],
                     send_typing: Callable[[str], Awaitable[None]]) -> None:
    @blueprint.route("/typing", methods=["POST"])
    async def typing(request: Request) -> HTTPResponse:
        if not _authorized(request):
            return response.json({"error": "a valid ?token= (RASA_API_TOKEN) is required"}, status=401)
        if problem():
            return status.not_configured(channel, problem())
        body = request.json if isinstance(request.json, dict) else {}
        recipient = str(body.get("recipient_id") or "").strip()
        if not recipient:
            return response.json({"error": 'body must be {"recipient_id": "<conversation id>"}'}, status=400)
        try:
            await send_typing(recipient)
        except Exception as error:  # the app's API refused or is unreachable: nothing to retry
            logger.warning("%s: typing indicator for %s failed: %s", channel, recipient, error)
            return response.json({"error": f"{channel} refused the typing indicator"}, status=502)
        return response.empty(status=204)

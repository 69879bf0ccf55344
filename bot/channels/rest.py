"""REST channel that rejects malformed requests with a clear 4xx instead of failing inside Rasa.

Same URL and body as Rasa's built-in channel (POST /webhooks/rest/webhook with
{"sender", "message", "metadata"}), registered in credentials.yml as
`bot.channels.rest.ValidatedRestInput`.
"""
import json
import logging
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.receipt import published_first

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
MAX_SENDER_CHARS = 128
# Control characters other than tab and newline carry no meaning in a chat message.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class BadRequest(ValueError):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def parse_body(raw: bytes) -> Tuple[str, str, Optional[Dict[str, Any]]]:
    """(sender, message, metadata) from a webhook body, or BadRequest saying what is wrong."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("body must be UTF-8 JSON: {\"sender\": \"...\", \"message\": \"...\"}")
    if not isinstance(body, dict):
        raise BadRequest("body must be a JSON object with 'sender' and 'message'")
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest("'sender' is required: a non-empty string naming the conversation")
    if len(sender) > MAX_SENDER_CHARS:
        raise BadRequest(f"'sender' is longer than {MAX_SENDER_CHARS} characters")
    if not isinstance(message, str):
        raise BadRequest("'message' is required: the buyer's text as a string")
    if len(message) > MAX_MESSAGE_CHARS:
        raise BadRequest(f"'message' is longer than {MAX_MESSAGE_CHARS} characters", status=413)
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("'metadata' must be a JSON object when given")
    return sender.strip(), _CONTROL_CHARS.sub(" ", message), metadata


class ValidatedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = published_first(on_new_message)
        webhook = Blueprint("validated_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                sender, text, metadata = parse_body(request.body or b"")
            except BadRequest as error:
                return response.json({"error": str(error)}, status=error.status)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
                )
            except Exception:  # logged; the buyer gets what was said so far, the server goes on
                logger.exception("rest: failed to handle a message from %s", sender)
            return response.json(collector.messages)

        return webhook

"""Facebook Messenger: Rasa's connector with SHA-256 signatures, the user's locale from the Graph
API and a configurable Graph API URL.

credentials.yml key `bot.channels.messenger.MessengerInput`, webhook `/webhooks/facebook/webhook`
(the name Rasa uses). docs/channels.md explains the set-up. What differs from Rasa's
`FacebookInput`:

- Signatures: Rasa checks the legacy `X-Hub-Signature` (sha1) header and, when it is wrong,
  still answers 200 "not validated". Meta signs every delivery with `X-Hub-Signature-256:
  sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`; that header is required
  here, compared in constant time, and a bad or missing one gets 403 with nothing processed.
  The GET verification handshake answers 403 to a wrong `hub.verify_token` (Rasa: 200).
- Language: webhook events carry no locale. On a user's first message (then cached per
  process for a day) the channel asks the Graph API User Profile endpoint
  `GET /<version>/<PSID>?fields=locale` and puts the answer in the metadata (`locale: "de_DE"`,
  `language_code: "de"`). Meta only answers it when the app has access to the profile
  (Business Asset User Profile Access / the locale permission); when it refuses or is slow
  (2 s), there is no hint and the message's own language decides, as always.
- Graph API URL and version are `MESSENGER_API_URL` (default https://graph.facebook.com) and
  `MESSENGER_API_VERSION` (default v23.0; fbmessenger's own default, v2.12, no longer exists).
  Tests use tests/standins/messenger_api.py. Every call has a timeout, runs on a worker thread
  (fbmessenger is synchronous; Rasa's blocks the event loop) and sends `appsecret_proof`, so
  "Require App Secret" can stay on.
- Every messaging event of a batched delivery is handled (Rasa's handles only the first).
- An agent's message whose bot event metadata has `message_tag: "HUMAN_AGENT"` (the handoff
  service adds it after the 24-hour window when MESSENGER_HUMAN_AGENT_TAG is on) is sent with
  `"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"`; everything else as `RESPONSE`.
- Without page token, app secret and verify token the channel answers 503 "not configured".
"""
import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

import requests
from fbmessenger import MessengerClient
from fbmessenger.elements import Text as FBText
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import status
from bot.channels.receipt import published_first
from bot.channels.typing import add_typing_route

logger = logging.getLogger(__name__)

GRAPH_API_URL = "https://graph.facebook.com"
GRAPH_API_VERSION = "v23.0"
SIGNATURE_HEADER = "X-Hub-Signature-256"
REQUEST_TIMEOUT_S = 15
PROFILE_TIMEOUT_S = 2
LOCALE_CACHE_TTL_S = 24 * 3600
LOCALE_CACHE_SIZE = 10_000


def valid_signature(app_secret: Text, body: bytes, header: Optional[Text]) -> bool:
    """`header` is X-Hub-Signature-256: "sha256=" + hex HMAC-SHA256(app secret, raw body)."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header[len("sha256="):].strip().lower(), expected)


class GraphMessengerClient(MessengerClient):
    """fbmessenger's client with a configurable Graph API URL and version, and timeouts."""

    def __init__(self, page_access_token: Text, app_secret: Optional[Text],
                 api_url: Text = GRAPH_API_URL, api_version: Text = GRAPH_API_VERSION) -> None:
        super().__init__(page_access_token, app_secret=app_secret)
        self.graph_url = f"{api_url.rstrip('/')}/{api_version.strip('/')}"

    @staticmethod
    def _checked(answer: Dict[Text, Any], what: Text, recipient_id: Text) -> Dict[Text, Any]:
        if isinstance(answer, dict) and answer.get("error"):
            logger.error("messenger: %s to %s refused: %s", what, recipient_id, answer["error"])
        return answer

    def send(self, payload: Any, recipient_id: Text, messaging_type: Text = "RESPONSE",
             notification_type: Text = "REGULAR", timeout: Optional[float] = None,
             tag: Optional[Text] = None) -> Dict[Text, Any]:
        answer = super().send(payload, recipient_id, messaging_type, notification_type,
                              timeout or REQUEST_TIMEOUT_S, tag)
        return self._checked(answer, "message", recipient_id)

    def send_action(self, sender_action: Any, recipient_id: Text,
                    timeout: Optional[float] = None) -> Dict[Text, Any]:
        answer = super().send_action(sender_action, recipient_id, timeout or REQUEST_TIMEOUT_S)
        return self._checked(answer, "sender action", recipient_id)


def _on_worker_thread(name: str) -> Callable[..., Awaitable[None]]:
    """Rasa's MessengerBot method `name`, run on a worker thread: fbmessenger's HTTP calls are
    synchronous and would otherwise stop every conversation of this Rasa process meanwhile."""
    base = getattr(MessengerBot, name)

    async def method(self: MessengerBot, *args: Any, **kwargs: Any) -> None:
        # The base coroutine awaits nothing asynchronous: a private loop on the thread runs it.
        await asyncio.to_thread(asyncio.run, base(self, *args, **kwargs))

    method.__name__ = name
    return method


# Message tags an agent's message may carry (bot event metadata `message_tag`, set by the
# handoff service: handoff/models.py Ticket.reply_tag). HUMAN_AGENT: a person's reply up to 7
# days after the user's last message, outside the 24-hour standard messaging window.
MESSAGE_TAGS = frozenset({"HUMAN_AGENT"})


class GraphMessengerBot(MessengerBot):
    """Rasa's Messenger output channel, its Graph API calls off the event loop."""

    _send_text_message = _on_worker_thread("send_text_message")

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        tag = kwargs.get("message_tag")
        if tag not in MESSAGE_TAGS:
            await self._send_text_message(recipient_id, text, **kwargs)
            return

        def send_tagged() -> None:  # as Rasa's send_text_message, with "messaging_type": "MESSAGE_TAG"
            for part in text.strip().split("\n\n"):
                self.messenger_client.send(FBText(text=part).to_dict(), recipient_id, "MESSAGE_TAG", tag=tag)

        await asyncio.to_thread(send_tagged)

    send_image_url = _on_worker_thread("send_image_url")
    send_action = _on_worker_thread("send_action")
    send_text_with_buttons = _on_worker_thread("send_text_with_buttons")
    send_quick_replies = _on_worker_thread("send_quick_replies")
    send_elements = _on_worker_thread("send_elements")
    send_custom_json = _on_worker_thread("send_custom_json")


class GraphMessenger(Messenger):
    """Rasa's webhook event handler, sending through our client and output channel."""

    def __init__(self, client: MessengerClient,
                 on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        self.on_new_message = on_new_message
        self.client = client
        self.last_message: Dict[Text, Any] = {}

    async def _handle_user_message(self, text: Text, sender_id: Text,
                                   metadata: Optional[Dict[Text, Any]]) -> None:
        # As Rasa's, with GraphMessengerBot instead of MessengerBot.
        out_channel = GraphMessengerBot(self.client)
        await out_channel.send_action(sender_id, sender_action="mark_seen")
        await out_channel.send_action(sender_id, sender_action="typing_on")
        try:
            await self.on_new_message(
                UserMessage(text, out_channel, sender_id, input_channel=self.name(), metadata=metadata))
        except Exception:
            logger.exception("messenger: failed to handle a message from %s", sender_id)
        finally:
            await out_channel.send_action(sender_id, sender_action="typing_off")


class LocaleCache:
    """PSID → locale (or None when Meta would not say), for a day, at most LOCALE_CACHE_SIZE users."""

    def __init__(self) -> None:
        self._entries: "OrderedDict[str, Tuple[float, Optional[str]]]" = OrderedDict()

    def get(self, psid: str) -> Tuple[bool, Optional[str]]:
        entry = self._entries.get(psid)
        if entry is None or entry[0] < time.monotonic():
            return False, None
        return True, entry[1]

    def put(self, psid: str, locale: Optional[str]) -> None:
        self._entries[psid] = (time.monotonic() + LOCALE_CACHE_TTL_S, locale)
        self._entries.move_to_end(psid)
        while len(self._entries) > LOCALE_CACHE_SIZE:
            self._entries.popitem(last=False)


class MessengerInput(FacebookInput):
    @classmethod
    def name(cls) -> Text:
        return "facebook"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            credentials.get("verify"),
            credentials.get("secret"),
            credentials.get("page-access-token"),
            api_url=credentials.get("api_url"),
            api_version=credentials.get("api_version"),
        )

    def __init__(self, fb_verify: Optional[Text], fb_secret: Optional[Text],
                 fb_access_token: Optional[Text], api_url: Optional[Text] = None,
                 api_version: Optional[Text] = None) -> None:
        super().__init__(fb_verify or None, fb_secret or None, fb_access_token or None)
        self.api_url = (api_url or GRAPH_API_URL).rstrip("/")
        self.api_version = api_version or GRAPH_API_VERSION
        missing = [name for name, value in (("MESSENGER_PAGE_ACCESS_TOKEN", self.fb_access_token),
                                            ("MESSENGER_APP_SECRET", self.fb_secret),
                                            ("MESSENGER_VERIFY_TOKEN", self.fb_verify)) if not value]
        self.problem = "not configured: set " + ", ".join(missing) if missing else None
        if self.problem:
            logger.info("facebook messenger channel off: %s (docs/channels.md)", self.problem)
        self.locales = LocaleCache()

    def client(self) -> GraphMessengerClient:
        return GraphMessengerClient(self.fb_access_token, self.fb_secret, self.api_url, self.api_version)

    def get_output_channel(self) -> Optional[MessengerBot]:
        if self.problem:
            return None
        return GraphMessengerBot(self.client())

    async def user_locale(self, client: GraphMessengerClient, psid: Text) -> Optional[str]:
        known, locale = self.locales.get(psid)
        if known:
            return locale
        try:
            profile = await asyncio.to_thread(client.get_user_data, psid, "locale", PROFILE_TIMEOUT_S)
        except (requests.RequestException, ValueError) as error:
            logger.info("messenger: no locale for %s: %r", psid, error)
            profile = {}
        locale = profile.get("locale") if isinstance(profile, dict) else None
        if not isinstance(locale, str) or not locale:
            if isinstance(profile, dict) and profile.get("error"):
                logger.info("messenger: Graph API gave no locale for %s: %s", psid, profile["error"])
            locale = None
        self.locales.put(psid, locale)
        return locale

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = published_first(on_new_message)
        fb_webhook = Blueprint("fb_webhook", __name__)

        @fb_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return status.health(self.problem)

        @fb_webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            if self.problem:
                return status.not_configured("facebook messenger", self.problem)
            token = request.args.get("hub.verify_token") or ""
            if request.args.get("hub.mode") == "subscribe" and \
                    hmac.compare_digest(token.encode(), self.fb_verify.encode()):
                return response.text(request.args.get("hub.challenge") or "")
            logger.warning("messenger: webhook verification with a wrong hub.verify_token")
            return response.json({"error": "invalid verify token"}, status=403)

        @fb_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if self.problem:
                return status.not_configured("facebook messenger", self.problem)
            body = request.body or b""
            if not valid_signature(self.fb_secret, body, request.headers.get(SIGNATURE_HEADER)):
                logger.warning("messenger: delivery with a missing or wrong %s rejected", SIGNATURE_HEADER)
                return response.json({"error": "invalid signature"}, status=403)
            try:
                payload = json.loads(body)
                entries = payload.get("entry") or []
                events = [event for entry in entries for event in (entry.get("messaging") or [])]
            except (ValueError, AttributeError, TypeError):
                return response.json({"error": "body must be a Messenger webhook event (JSON)"}, status=400)
            client = self.client()
            for event in events:
                await self._handle(client, event, on_new_message)
            return response.text("EVENT_RECEIVED")

        async def typing_on(psid: str) -> None:
            await GraphMessengerBot(self.client()).send_action(psid, sender_action="typing_on")

        add_typing_route(fb_webhook, "facebook messenger", lambda: self.problem, typing_on)
        return fb_webhook

    async def _handle(self, client: GraphMessengerClient, event: Dict[Text, Any],
                      on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        if not isinstance(event, dict):
            return
        psid = (event.get("sender") or {}).get("id")
        message = event.get("message") or {}
        if not psid or message.get("is_echo") or not (message or event.get("postback")):
            return  # echoes of our own messages, deliveries, reads...
        metadata = {}
        locale = await self.user_locale(client, str(psid))
        if locale:
            metadata.update(locale=locale, language_code=locale.replace("-", "_").split("_")[0])
        try:
            await GraphMessenger(client, on_new_message).handle(
                {"entry": [{"messaging": [event]}]}, metadata or None)
        except Exception:  # logged; a 500 would make Meta deliver the event again
            logger.exception("messenger: failed to handle an event from %s", psid)

"""Telegram: Rasa's connector with the webhook secret checked, the user's language as a hint
and a configurable Bot API URL.

credentials.yml key `bot.channels.telegram.TelegramInput`, webhook `/webhooks/telegram/webhook`
(the name Rasa uses). docs/channels.md explains the set-up. What differs from Rasa's
`TelegramInput`:

- Every update must carry the header `X-Telegram-Bot-Api-Secret-Token` equal to
  `TELEGRAM_WEBHOOK_SECRET` (the `secret_token` given to setWebhook); otherwise 403 and nothing
  is processed. Rasa's connector instead calls getMe on every update and compares user names,
  which proves nothing about the sender of the webhook.
- `message.from.language_code` (the language of the user's Telegram app) goes into the
  message metadata as `language_code`, the conversation's language hint (actions/language.py).
- The Bot API base URL is `TELEGRAM_API_URL` (default https://api.telegram.org), so tests can
  use a local stand-in (tests/standins/telegram_api.py).
- get_output_channel() makes no network call and works inside the running server, so
  `POST /conversations/{id}/execute?output_channel=latest` (agent messages from the handoff
  service) reaches the chat. Rasa's calls `asyncio.run(set_webhook)` there, which fails inside
  an event loop. setWebhook (with the secret) runs once in the background after start-up when
  `TELEGRAM_WEBHOOK_URL` is set; a failure is logged, never fatal.
- Without a token and secret the channel answers 503 "not configured" and Rasa starts normally.
- A failing message is logged and answered 200: a 500 would make Telegram resend it again and again.
"""
import asyncio
import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer, check_token
from aiogram.types import Update
from aiogram.utils.exceptions import TelegramAPIError, ValidationError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput
from rasa.shared.constants import INTENT_MESSAGE_PREFIX
from rasa.shared.core.constants import USER_INTENT_RESTART
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels import status
from bot.channels.receipt import published_first
from bot.channels.typing import add_typing_route

logger = logging.getLogger(__name__)

TELEGRAM_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
REQUEST_TIMEOUT_S = 15
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


class TelegramApiOutput(TelegramOutput):
    """Rasa's Telegram output (an aiogram Bot) talking to a configurable Bot API URL."""

    def __init__(self, access_token: Text, api_url: Text = TELEGRAM_API_URL) -> None:
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_url),
                     timeout=REQUEST_TIMEOUT_S)

    async def set_webhook_with_secret(self, url: Text, secret_token: Text) -> bool:
        # aiogram 2.15 predates setWebhook's secret_token (Bot API 6.1): call the method directly.
        return await self.request("setWebhook", {
            "url": url, "secret_token": secret_token, "allowed_updates": json.dumps(ALLOWED_UPDATES)})


class TelegramInput(RasaTelegramInput):
    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            access_token=credentials.get("access_token"),
            secret_token=credentials.get("secret_token"),
            webhook_url=credentials.get("webhook_url"),
            api_url=credentials.get("api_url"),
        )

    def __init__(self, access_token: Optional[Text], secret_token: Optional[Text] = None,
                 webhook_url: Optional[Text] = None, api_url: Optional[Text] = None) -> None:
        super().__init__(access_token or None, None, webhook_url or None, debug_mode=False)
        self.secret_token = secret_token or None
        self.api_url = (api_url or TELEGRAM_API_URL).rstrip("/")
        self.problem = self._configuration_problem()
        if self.problem:
            logger.info("telegram channel off: %s (docs/channels.md)", self.problem)
        self._output: Optional[TelegramApiOutput] = None
        self._tasks: List[asyncio.Task] = []

    def _configuration_problem(self) -> Optional[str]:
        missing = [name for name, value in (("TELEGRAM_BOT_TOKEN", self.access_token),
                                            ("TELEGRAM_WEBHOOK_SECRET", self.secret_token)) if not value]
        if missing:
            return "not configured: set " + " and ".join(missing)
        try:
            check_token(self.access_token)
        except ValidationError:
            return "not configured: TELEGRAM_BOT_TOKEN is not a bot token (<digits>:<letters>)"
        return None

    def get_output_channel(self) -> Optional[TelegramApiOutput]:
        """One Bot (one HTTP session) per channel; None when not configured (Rasa then collects)."""
        if self.problem:
            return None
        if self._output is None:
            self._output = TelegramApiOutput(self.access_token, self.api_url)
        return self._output

    async def set_webhook(self) -> None:
        try:
            await self.get_output_channel().set_webhook_with_secret(self.webhook_url, self.secret_token)
            logger.info("telegram: webhook set to %s", self.webhook_url)
        except (TelegramAPIError, OSError, asyncio.TimeoutError) as error:
            logger.error("telegram: setWebhook(%s) failed: %s", self.webhook_url, error)

    def _secret_matches(self, request: Request) -> bool:
        given = request.headers.get(SECRET_HEADER) or ""
        return hmac.compare_digest(given.encode(), self.secret_token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = published_first(on_new_message)
        telegram_webhook = Blueprint("telegram_webhook", __name__)

        @telegram_webhook.listener("after_server_start")
        async def register_webhook(app: Any, loop: asyncio.AbstractEventLoop) -> None:
            if not self.problem and self.webhook_url:
                self._tasks.append(loop.create_task(self.set_webhook()))

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return status.health(self.problem)

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if self.problem:
                return status.not_configured("telegram", self.problem)
            if not self._secret_matches(request):
                logger.warning("telegram: update with a missing or wrong %s header rejected", SECRET_HEADER)
                return response.json({"error": "invalid secret token"}, status=403)
            try:
                body = json.loads(request.body or b"")
                update = Update(**body)
            except (ValueError, TypeError):
                return response.json({"error": "body must be a Telegram Update (JSON object)"}, status=400)
            await self._handle(update, on_new_message)
            return response.text("success")

        async def typing(chat_id: str) -> None:
            await self.get_output_channel().send_chat_action(chat_id, "typing")

        add_typing_route(telegram_webhook, "telegram", lambda: self.problem, typing)

        return telegram_webhook

    async def _handle(self, update: Update, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        out_channel = self.get_output_channel()
        if self._is_button(update):
            query = update.callback_query
            msg, text, user = query.message, query.data, query.from_user
            try:  # stops the spinner on the button in the user's app
                await out_channel.answer_callback_query(query.id)
            except (TelegramAPIError, OSError, asyncio.TimeoutError) as error:
                logger.warning("telegram: answerCallbackQuery failed: %s", error)
        elif self._is_edited_message(update):
            msg = update.edited_message
            text, user = msg.text, msg.from_user
        else:
            msg = update.message
            if msg is None:
                return  # other update kinds (channel posts, member changes...)
            user = msg.from_user
            if self._is_user_message(msg):
                text = msg.text.replace("/bot", "")
            elif self._is_location(msg):
                text = '{{"lng":{0}, "lat":{1}}}'.format(msg.location.longitude, msg.location.latitude)
            else:
                return
        if msg is None or text is None:
            return
        metadata = {"language_code": user.language_code} if user and user.language_code else None
        texts = [text, "/start"] if text == INTENT_MESSAGE_PREFIX + USER_INTENT_RESTART else [text]
        try:
            for one in texts:
                await on_new_message(UserMessage(
                    one, out_channel, msg.chat.id, input_channel=self.name(), metadata=metadata))
        except Exception:  # logged; answering 500 would make Telegram deliver the update again
            logger.exception("telegram: failed to handle an update from chat %s", msg.chat.id)

"""STAND-IN for the Telegram Bot API (https://core.telegram.org/bots/api).

It is NOT Telegram: it answers the Bot API methods our connector (bot/channels/telegram.py,
through aiogram) calls, with the Bot API's envelope `{"ok": true, "result": ...}`, and records
each call so a test can see what the bot sent to which chat.

    POST|GET /bot<token>/<method>   parameters as form, query or JSON
        getMe, setWebhook, deleteWebhook, getWebhookInfo, sendMessage, sendChatAction,
        sendPhoto, answerCallbackQuery, editMessageReplyMarkup
        -> 401 {"ok": false, "error_code": 401, "description": "Unauthorized"} for another token
        -> 404 {"ok": false, ...} for other methods
    GET  /_standin/calls   POST /_standin/reset                       (stand-in only)

    python -m tests.standins.telegram_api --port 8081 --token 123456:TEST

Tests start it in-process with ``TelegramApiStandIn(token).start()``; ``sent_texts(chat_id)``
lists the texts sent to a chat.
"""
import argparse
import itertools
import json
import time
from typing import Any, Dict, List, Optional

from aiohttp import web

from tests.standins.recording import RecordingStandIn

BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Shop support", "username": "shop_support_bot"}


def _maybe_json(value: Any) -> Any:
    """reply_markup, allowed_updates... arrive JSON-serialized inside form fields."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class TelegramApiStandIn(RecordingStandIn):
    name = "telegram-api"

    def __init__(self, token: str):
        super().__init__()
        self.token = token
        self.bot_id = int(token.split(":")[0])
        self.webhook: Dict[str, Any] = {"url": ""}
        self._message_ids = itertools.count(1000)

    def routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._method)

    def sent_texts(self, chat_id: Any) -> List[str]:
        return [c.params.get("text", "") for c in self.calls("sendMessage")
                if str(c.params.get("chat_id")) == str(chat_id)]

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params = {k: _maybe_json(v) for k, v in (await self.params_of(request)).items()}
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found: method not found"}, status=404)
        self.record(method, params)
        result = handler(params)
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    def _bad_request(description: str) -> web.Response:
        return web.json_response({"ok": False, "error_code": 400, "description": f"Bad Request: {description}"},
                                 status=400)

    def _message(self, params: Dict[str, Any], **content: Any) -> Dict[str, Any]:
        chat_id = params.get("chat_id")
        try:
            chat_id = int(chat_id)
        except (TypeError, ValueError):
            pass
        return {"message_id": next(self._message_ids), "from": dict(BOT_USER, id=self.bot_id),
                "chat": {"id": chat_id, "type": "private"}, "date": int(time.time()), **content}

    def _api_getme(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return dict(BOT_USER, id=self.bot_id, can_join_groups=True, can_read_all_group_messages=False,
                    supports_inline_queries=False)

    def _api_setwebhook(self, params: Dict[str, Any]) -> Any:
        if "url" not in params:
            return self._bad_request("url is required")
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token"),
                        "allowed_updates": params.get("allowed_updates")}
        return True

    def _api_deletewebhook(self, params: Dict[str, Any]) -> bool:
        self.webhook = {"url": ""}
        return True

    def _api_getwebhookinfo(self, params: Dict[str, Any]) -> Dict[str, Any]:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0}

    def _api_sendmessage(self, params: Dict[str, Any]) -> Any:
        if not params.get("chat_id"):
            return self._bad_request("chat_id is empty")
        if not params.get("text"):
            return self._bad_request("message text is empty")
        extra = {"reply_markup": params["reply_markup"]} if isinstance(params.get("reply_markup"), dict) and \
            "inline_keyboard" in params["reply_markup"] else {}
        return self._message(params, text=params["text"], **extra)

    def _api_sendphoto(self, params: Dict[str, Any]) -> Any:
        if not params.get("chat_id"):
            return self._bad_request("chat_id is empty")
        return self._message(params, photo=[{"file_id": "stand-in", "file_unique_id": "stand-in",
                                             "width": 1, "height": 1}])

    def _api_sendchataction(self, params: Dict[str, Any]) -> bool:
        return True

    def _api_answercallbackquery(self, params: Dict[str, Any]) -> bool:
        return True

    def _api_editmessagereplymarkup(self, params: Dict[str, Any]) -> bool:
        return True


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="STAND-IN for the Telegram Bot API (tests only).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-token", help="the bot token it accepts")
    args = parser.parse_args(argv)
    standin = TelegramApiStandIn(args.token)
    print(f"Telegram Bot API STAND-IN on http://{args.host}:{args.port}/", flush=True)
    web.run_app(standin.app(), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()

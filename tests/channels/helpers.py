"""Helpers for the messaging-channel tests: the platforms' webhook payloads, signed as the
platforms sign them, posted to the session stack's Rasa (tests/conftest.py), whose channels
talk to the stand-ins in `channel_apis` (tests/standins/*_api.py)."""
import hashlib
import hmac
import itertools
import json
import random
import time
from pathlib import Path
from typing import Dict, Optional

import requests
import yaml
from twilio.request_validator import RequestValidator

from tests.services import (
    MESSENGER_SECRET, TELEGRAM_SECRET, TWILIO_NUMBER, TWILIO_SID, TWILIO_TOKEN, TWILIO_WEBHOOK_URL,
)

ROOT = Path(__file__).resolve().parents[2]
_ids = itertools.count(int(time.time()) % 1_000_000 * 1000)


def response_text(language: str, response: str) -> str:
    """The first text of a response in a language, as the locale files have it."""
    path = ROOT / "domain.yml" if language == "en" else ROOT / "locales" / f"{language}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["responses"][response][0]["text"]


def new_user_id() -> int:
    """A fresh Telegram chat id / phone suffix / PSID, so tests never share a conversation."""
    return random.randint(10**8, 10**9 - 1)


class Webhooks:
    def __init__(self, rasa_url: str):
        self.rasa_url = rasa_url

    def url(self, channel: str) -> str:
        return f"{self.rasa_url}/webhooks/{channel}/webhook"

    # Telegram: an Update as https://core.telegram.org/bots/api#update, with the secret header.

    @staticmethod
    def telegram_user(user_id: int, language_code: Optional[str]) -> Dict:
        user = {"id": user_id, "is_bot": False, "first_name": "Jonas", "last_name": "Weber",
                "username": f"buyer{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def telegram_message(self, chat_id: int, text: str, language_code: Optional[str] = "en") -> Dict:
        return {
            "update_id": next(_ids),
            "message": {
                "message_id": next(_ids) % 100000,
                "from": self.telegram_user(chat_id, language_code),
                "chat": {"id": chat_id, "first_name": "Jonas", "last_name": "Weber",
                         "username": f"buyer{chat_id}", "type": "private"},
                "date": int(time.time()),
                "text": text,
            },
        }

    def telegram_button(self, chat_id: int, data: str, language_code: Optional[str] = "en") -> Dict:
        return {
            "update_id": next(_ids),
            "callback_query": {
                "id": str(next(_ids)),
                "from": self.telegram_user(chat_id, language_code),
                "message": {"message_id": 7, "date": int(time.time()), "text": "Which one?",
                            "chat": {"id": chat_id, "type": "private"},
                            "from": {"id": 123456, "is_bot": True, "first_name": "Shop support"}},
                "chat_instance": "-4242424242424242424",
                "data": data,
            },
        }

    def post_telegram(self, update: Dict, secret: Optional[str] = TELEGRAM_SECRET) -> requests.Response:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        return requests.post(self.url("telegram"), json=update, headers=headers, timeout=90)

    # Twilio (WhatsApp): the form Twilio POSTs for an incoming WhatsApp message, signed with
    # the auth token over the URL configured at Twilio (TWILIO_WEBHOOK_URL).

    @staticmethod
    def whatsapp_form(number: str, text: str) -> Dict[str, str]:
        sid = "SM" + hashlib.md5(f"{number}{text}{next(_ids)}".encode()).hexdigest()
        return {
            "SmsMessageSid": sid, "NumMedia": "0", "ProfileName": "Maria", "MessageType": "text",
            "SmsSid": sid, "WaId": number.lstrip("+"), "SmsStatus": "received", "Body": text,
            "To": TWILIO_NUMBER, "NumSegments": "1", "ReferralNumMedia": "0", "MessageSid": sid,
            "AccountSid": TWILIO_SID, "From": f"whatsapp:{number}", "ApiVersion": "2010-04-01",
        }

    def post_twilio(self, form: Dict[str, str], auth_token: str = TWILIO_TOKEN,
                    signed_url: str = TWILIO_WEBHOOK_URL, signature: Optional[str] = None) -> requests.Response:
        if signature is None:
            signature = RequestValidator(auth_token).compute_signature(signed_url, form)
        headers = {"X-Twilio-Signature": signature} if signature else {}
        return requests.post(self.url("twilio"), data=form, headers=headers, timeout=90)

    # Messenger: a page webhook delivery, signed with X-Hub-Signature-256.

    @staticmethod
    def messenger_event(psid: str, text: str, page_id: str = "1122334455") -> Dict:
        return {"sender": {"id": psid}, "recipient": {"id": page_id}, "timestamp": int(time.time() * 1000),
                "message": {"mid": f"m_{next(_ids)}", "text": text}}

    @staticmethod
    def messenger_delivery(*events: Dict, page_id: str = "1122334455") -> Dict:
        return {"object": "page", "entry": [{"id": page_id, "time": int(time.time() * 1000),
                                             "messaging": list(events)}]}

    @staticmethod
    def hub_signature(body: bytes, secret: str = MESSENGER_SECRET, digest=hashlib.sha256) -> str:
        name = "sha256" if digest is hashlib.sha256 else "sha1"
        return f"{name}=" + hmac.new(secret.encode(), body, digest).hexdigest()

    def post_messenger(self, delivery: Dict, secret: str = MESSENGER_SECRET,
                       headers: Optional[Dict[str, str]] = None) -> requests.Response:
        body = json.dumps(delivery).encode()
        if headers is None:
            headers = {"X-Hub-Signature-256": self.hub_signature(body, secret)}
        return requests.post(self.url("facebook"), data=body,
                             headers={"Content-Type": "application/json", **headers}, timeout=90)


def user_texts(tracker: Dict) -> list:
    return [e.get("text") for e in tracker.get("events", []) if e.get("event") == "user"]

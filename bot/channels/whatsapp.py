"""WhatsApp through Twilio: Rasa's Twilio connector with signatures checked, a language prior from
the phone number and a configurable API URL.

credentials.yml key `bot.channels.whatsapp.WhatsAppInput`, webhook `/webhooks/twilio/webhook`
(the name Rasa uses; the same webhook serves SMS to a Twilio number). docs/channels.md explains
the set-up. What differs from Rasa's `TwilioInput`:

- Every request must carry a valid `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the auth
  token, of the full webhook URL followed by the POST parameters sorted by name
  (twilio.request_validator.RequestValidator). The URL is `TWILIO_WEBHOOK_URL`, the exact URL
  configured in Twilio (behind a proxy or TLS terminator Rasa cannot see it); when empty, the
  URL of the request as Rasa received it. Bad or missing signature: 403, nothing processed.
- WhatsApp tells nothing about the user's language. The country calling code of the sender's
  number gives a weak prior (+34 → es, +49 → de; none for multilingual or English-speaking
  countries), put in the metadata as `language_code` with `language_source: phone_prefix`.
  Like every hint it only decides when the first message says too little (actions/language.py).
- Messages are sent from a worker thread (the Twilio client is synchronous) with a timeout,
  to `TWILIO_API_URL` (default https://api.twilio.com; tests use tests/standins/twilio_api.py).
- The webhook answers an empty TwiML `<Response/>`; replies go through the REST API.
- Without account SID, auth token and number the channel answers 503 "not configured".
"""
import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioException
from twilio.request_validator import RequestValidator

from bot.channels import status
from bot.channels.receipt import published_first

logger = logging.getLogger(__name__)
# The twilio package logs every request with its headers at INFO; keep Rasa's log readable.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)

TWILIO_API_URL = "https://api.twilio.com"
SIGNATURE_HEADER = "X-Twilio-Signature"
REQUEST_TIMEOUT_S = 15
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
WHATSAPP_PREFIX = "whatsapp:"

# Country calling code → the language most buyers there write in, only where one of our
# languages clearly dominates. Absent on purpose: +1 (US/Canada), +44, +41, +32, +91, +65...
_CALLING_CODES = {
    "es": ("34", "52", "54", "56", "57", "51", "58", "593", "591", "595", "598", "502", "503",
           "504", "505", "506", "507", "53", "1809", "1829", "1849"),
    "de": ("49", "43", "423"),
    "fr": ("33", "377", "221", "225"),
    "it": ("39", "378"),
    "pt": ("351", "55", "244", "258"),
    "nl": ("31", "597"),
    "pl": ("48",),
    "ru": ("7",),
    "tr": ("90",),
    "zh": ("86", "886", "853"),
    "ja": ("81",),
    "ko": ("82",),
    "ar": ("966", "971", "20", "212", "213", "216", "218", "249", "962", "963", "964", "965",
           "968", "970", "973", "974"),
}
CALLING_CODE_LANGUAGE = {code: language for language, codes in _CALLING_CODES.items() for code in codes}


def language_from_number(number: Optional[str]) -> Optional[str]:
    """'whatsapp:+34600111222' → 'es'; None when the country has no clear language for us."""
    if not number:
        return None
    digits = number[len(WHATSAPP_PREFIX):] if number.startswith(WHATSAPP_PREFIX) else number
    if not digits.startswith("+"):
        return None
    digits = digits[1:]
    for length in (4, 3, 2, 1):  # calling codes are prefix-free: the longest match is the one
        language = CALLING_CODE_LANGUAGE.get(digits[:length])
        if language:
            return language
    return None


class TwilioApiOutput(TwilioOutput):
    """Rasa's Twilio output with a configurable API URL, a timeout and no blocked event loop."""

    def __init__(self, account_sid: Text, auth_token: Text, twilio_number: Text,
                 api_url: Text = TWILIO_API_URL) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.api.base_url = api_url
        self.http_client.timeout = REQUEST_TIMEOUT_S

    async def _send_message(self, message_data: Dict[Text, Any]) -> Any:
        message_data = dict(message_data)
        sender = message_data.get("from_") or ""
        # Replies to a WhatsApp user must come from the WhatsApp sender ("whatsapp:+1...").
        if str(message_data.get("to", "")).startswith(WHATSAPP_PREFIX) and sender and \
                not sender.startswith(WHATSAPP_PREFIX):
            message_data["from_"] = WHATSAPP_PREFIX + sender
        try:
            return await asyncio.to_thread(self.messages.create, **message_data)
        except (TwilioException, OSError) as error:  # OSError covers requests' connection errors
            logger.error("twilio: sending to %s failed: %r", message_data.get("to"), error)
            return None


class WhatsAppInput(TwilioInput):
    @classmethod
    def name(cls) -> Text:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = credentials or {}
        return cls(
            account_sid=credentials.get("account_sid"),
            auth_token=credentials.get("auth_token"),
            twilio_number=credentials.get("twilio_number"),
            webhook_url=credentials.get("webhook_url"),
            api_url=credentials.get("api_url"),
        )

    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text],
                 twilio_number: Optional[Text], webhook_url: Optional[Text] = None,
                 api_url: Optional[Text] = None) -> None:
        super().__init__(account_sid or None, auth_token or None, twilio_number or None, debug_mode=False)
        self.webhook_url = webhook_url or None
        self.api_url = (api_url or TWILIO_API_URL).rstrip("/")
        missing = [name for name, value in (("TWILIO_ACCOUNT_SID", self.account_sid),
                                            ("TWILIO_AUTH_TOKEN", self.auth_token),
                                            ("TWILIO_WHATSAPP_NUMBER", self.twilio_number)) if not value]
        self.problem = "not configured: set " + ", ".join(missing) if missing else None
        if self.problem:
            logger.info("twilio/whatsapp channel off: %s (docs/channels.md)", self.problem)

    def get_output_channel(self) -> Optional[TwilioApiOutput]:
        if self.problem:
            return None
        return TwilioApiOutput(self.account_sid, self.auth_token, self.twilio_number, self.api_url)

    def signature_valid(self, request: Request) -> bool:
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return False
        url = self.webhook_url or request.url
        return RequestValidator(self.auth_token).validate(url, request.form, signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = published_first(on_new_message)
        twilio_webhook = Blueprint("twilio_webhook", __name__)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return status.health(self.problem)

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            if self.problem:
                return status.not_configured("twilio/whatsapp", self.problem)
            if not self.signature_valid(request):
                logger.warning("twilio: request with a missing or wrong %s rejected", SIGNATURE_HEADER)
                return response.json({"error": "invalid signature"}, status=403)
            await self._handle(request, on_new_message)
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return twilio_webhook

    async def _handle(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        form = request.form
        sender = form.get("From")
        text = form.get("Body")
        if self._is_location_message(request):
            text = "/locationData{{'Latitude': {lat},'Longitude': {long}}}".format(
                lat=form.get("Latitude"), long=form.get("Longitude"))
        elif not text and form.get("MediaUrl0"):
            text = form.get("MediaUrl0")  # a photo or voice note: pass its URL, as Messenger's does
        if not sender or not text:
            logger.debug("twilio: request without sender or text ignored")
            return
        metadata = {}
        language = language_from_number(sender)
        if language:
            metadata.update(language_code=language, language_source="phone_prefix")
        try:
            # "@" signs get corrupted in SMS by some carriers (as in Rasa's connector)
            await on_new_message(UserMessage(
                text.replace("¡", "@"), self.get_output_channel(), sender,
                input_channel=self.name(), metadata=metadata or None))
        except Exception:  # logged; a 500 would make Twilio report an error and retry nothing useful
            logger.exception("twilio: failed to handle a message from %s", sender)

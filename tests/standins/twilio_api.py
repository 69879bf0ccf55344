"""STAND-IN for Twilio's Programmable Messaging REST API (WhatsApp and SMS).

It is NOT Twilio: it answers the one call our connector (bot/channels/whatsapp.py, through the
twilio package) makes to reply, checks its HTTP Basic auth, and records what was sent.

    POST /2010-04-01/Accounts/<AccountSid>/Messages.json    form: To, From, Body, MediaUrl...
        -> 201 a Message resource {"sid": "SM...", "status": "queued", "to", "from", "body", ...}
        -> 401 {"code": 20003, "message": "Authenticate"} without the account's SID and token
        -> 400 {"code": 21604, ...} without To, {"code": 21602, ...} without Body or MediaUrl
    GET  /_standin/calls   POST /_standin/reset                       (stand-in only)

    python -m tests.standins.twilio_api --port 8082 --account-sid AC... --auth-token ...

Tests start it in-process with ``TwilioApiStandIn(sid, token).start()``; ``sent_bodies(to)`` lists
the texts sent to a number ("whatsapp:+34600111222").
"""
import argparse
import base64
import itertools
from email.utils import formatdate
from typing import List, Optional

from aiohttp import web

from tests.standins.recording import RecordingStandIn


class TwilioApiStandIn(RecordingStandIn):
    name = "twilio-api"

    def __init__(self, account_sid: str, auth_token: str):
        super().__init__()
        self.account_sid = account_sid
        self.auth_token = auth_token
        self._sids = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self._create_message)

    def sent_bodies(self, to: str) -> List[str]:
        return [c.params.get("Body", "") for c in self.calls("Messages.create") if c.params.get("To") == to]

    def _authorized(self, request: web.Request) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return request.headers.get("Authorization") == f"Basic {expected}"

    @staticmethod
    def _error(status: int, code: int, message: str) -> web.Response:
        return web.json_response({"code": code, "message": message, "status": status,
                                  "more_info": f"https://www.twilio.com/docs/errors/{code}"}, status=status)

    async def _create_message(self, request: web.Request) -> web.Response:
        if request.match_info["sid"] != self.account_sid or not self._authorized(request):
            return self._error(401, 20003, "Authenticate")
        params = await self.params_of(request)
        if not params.get("To"):
            return self._error(400, 21604, "A 'To' phone number is required.")
        if not params.get("From") and not params.get("MessagingServiceSid"):
            return self._error(400, 21603, "A 'From' phone number is required.")
        if not params.get("Body") and not params.get("MediaUrl"):
            return self._error(400, 21602, "Message body is required.")
        self.record("Messages.create", params)
        sid = f"SM{next(self._sids):032x}"
        now = formatdate(usegmt=True)
        return web.json_response({
            "sid": sid, "account_sid": self.account_sid, "to": params["To"], "from": params.get("From"),
            "messaging_service_sid": params.get("MessagingServiceSid"), "body": params.get("Body", ""),
            "status": "queued", "num_segments": "1", "num_media": "1" if params.get("MediaUrl") else "0",
            "direction": "outbound-api", "api_version": "2010-04-01", "price": None, "price_unit": "USD",
            "error_code": None, "error_message": None, "date_created": now, "date_updated": now,
            "date_sent": None,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"},
        }, status=201)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="STAND-IN for Twilio's Messaging API (tests only).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--account-sid", default="AC" + "0" * 32)
    parser.add_argument("--auth-token", default="test-auth-token")
    args = parser.parse_args(argv)
    standin = TwilioApiStandIn(args.account_sid, args.auth_token)
    print(f"Twilio API STAND-IN on http://{args.host}:{args.port}/", flush=True)
    web.run_app(standin.app(), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()

"""STAND-IN for the parts of Meta's Graph API that Messenger bots use.

It is NOT Facebook: it answers what our connector (bot/channels/messenger.py, through
fbmessenger) calls, checks the page access token (and appsecret_proof when it knows the app
secret), and records what was sent.

    POST /<version>/me/messages?access_token=...    JSON {"recipient": {"id"}, "message": {...}}
                                                     or {"recipient", "sender_action"}
        -> {"recipient_id", "message_id"}            (sender actions: {"recipient_id"})
    GET  /<version>/<PSID>?fields=locale,...&access_token=...     User Profile API
        -> {"id", "locale", ...} from ``profiles``; unknown PSID: 400 OAuthException code 100
    any wrong token -> 400 {"error": {"type": "OAuthException", "code": 190, ...}}
    GET  /_standin/calls   POST /_standin/reset                       (stand-in only)

    python -m tests.standins.messenger_api --port 8083 --page-token ...

Tests start it in-process with ``MessengerApiStandIn(token, app_secret, profiles).start()``;
``sent_texts(psid)`` lists the texts sent to a user.
"""
import argparse
import hashlib
import hmac
import itertools
from typing import Any, Dict, List, Optional

from aiohttp import web

from tests.standins.recording import RecordingStandIn


class MessengerApiStandIn(RecordingStandIn):
    name = "messenger-api"

    def __init__(self, page_token: str, app_secret: Optional[str] = None,
                 profiles: Optional[Dict[str, Dict[str, Any]]] = None):
        super().__init__()
        self.page_token = page_token
        self.app_secret = app_secret
        self.profiles: Dict[str, Dict[str, Any]] = dict(profiles or {})
        self._mids = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/{version}/me/messages", self._messages)
        app.router.add_get("/{version}/{psid}", self._profile)

    def sent_texts(self, psid: str) -> List[str]:
        return [c.params["message"].get("text", "") for c in self.calls("me/messages")
                if c.params.get("recipient", {}).get("id") == psid and isinstance(c.params.get("message"), dict)]

    def sender_actions(self, psid: str) -> List[str]:
        return [c.params["sender_action"] for c in self.calls("me/messages")
                if c.params.get("recipient", {}).get("id") == psid and "sender_action" in c.params]

    @staticmethod
    def _error(code: int, message: str, kind: str = "OAuthException") -> web.Response:
        return web.json_response({"error": {"message": message, "type": kind, "code": code,
                                            "fbtrace_id": "StandIn"}}, status=400)

    def _auth_error(self, request: web.Request) -> Optional[web.Response]:
        token = request.query.get("access_token", "")
        if token != self.page_token:
            return self._error(190, "Invalid OAuth access token - Cannot parse access token")
        if self.app_secret is not None:
            proof = hmac.new(self.app_secret.encode(), token.encode(), hashlib.sha256).hexdigest()
            if request.query.get("appsecret_proof") != proof:
                return self._error(100, "Invalid appsecret_proof provided in the API argument", "GraphMethodException")
        return None

    async def _messages(self, request: web.Request) -> web.Response:
        error = self._auth_error(request)
        if error:
            return error
        body = await request.json()
        recipient = (body.get("recipient") or {}).get("id")
        if not recipient:
            return self._error(100, "(#100) The parameter recipient is required", "OAuthException")
        if "message" not in body and "sender_action" not in body:
            return self._error(100, "(#100) Must send either message or sender_action")
        self.record("me/messages", body)
        if "sender_action" in body:
            return web.json_response({"recipient_id": recipient})
        return web.json_response({"recipient_id": recipient, "message_id": f"m_standin{next(self._mids)}"})

    async def _profile(self, request: web.Request) -> web.Response:
        error = self._auth_error(request)
        if error:
            return error
        psid = request.match_info["psid"]
        fields = [f for f in request.query.get("fields", "first_name,last_name,profile_pic").split(",") if f]
        self.record("user_profile", {"psid": psid, "fields": fields})
        profile = self.profiles.get(psid)
        if profile is None:
            return self._error(100, f"Unsupported get request. Object with ID '{psid}' does not exist",
                               "GraphMethodException")
        return web.json_response(dict({f: profile[f] for f in fields if f in profile}, id=psid))


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="STAND-IN for Meta's Graph API, Messenger parts (tests only).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8083)
    parser.add_argument("--page-token", default="test-page-token")
    parser.add_argument("--app-secret", default=None, help="check appsecret_proof with this secret")
    args = parser.parse_args(argv)
    standin = MessengerApiStandIn(args.page_token, args.app_secret)
    print(f"Graph API (Messenger) STAND-IN on http://{args.host}:{args.port}/", flush=True)
    web.run_app(standin.app(), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()

"""STAND-IN for a LibreTranslate server (https://github.com/LibreTranslate/LibreTranslate).

It is NOT LibreTranslate: it speaks LibreTranslate's HTTP protocol the way deep-translator's
LibreTranslator calls it, and "translates" from a tiny phrase table. Anything else comes back
marked, e.g. "[es→zh] Hola", so a test can see the text went through it.

    POST /translate   q, source, target, format, api_key as query, form or JSON
                      -> {"translatedText": ...}   400 unknown language, 403 bad key
    GET  /languages   -> [{"code", "name", "targets"}]
    GET  /_standin/stats           -> {"translate_requests": n, "mode": ...}   (stand-in only)
    POST /_standin/control {"mode": "normal|slow|fail", "reset": true}       (stand-in only)

Modes: normal; slow (answers after ``slow_s`` seconds, longer than a client timeout);
fail (HTTP 500). With ``api_key`` set, requests without that key get 403.

    python -m tests.standins.libretranslate --port 5000 [--mode slow|fail] [--api-key KEY]

Tests start it in-process with ``LibreTranslateStandIn(...).start()`` on a free port.
"""
import argparse
import asyncio
from typing import Dict, List, Optional

from aiohttp import web

from tests.standins.server import ThreadedServer

MODES = ("normal", "slow", "fail")

LANGUAGES = {
    "en": "English", "es": "Spanish", "fr": "French", "de": "German", "pt": "Portuguese",
    "it": "Italian", "ru": "Russian", "zh": "Chinese", "ja": "Japanese", "ar": "Arabic",
    "ko": "Korean", "pl": "Polish", "nl": "Dutch", "tr": "Turkish", "sv": "Swedish",
}
# Newer LibreTranslate versions name Simplified Chinese "zh-Hans"; accept both.
ALIASES = {"zh-hans": "zh"}

# Each row is one sentence in several languages.
PHRASES: List[Dict[str, str]] = [
    {"en": "Where is my order?", "es": "¿Dónde está mi pedido?", "zh": "我的订单在哪里？",
     "sv": "Var är min beställning?"},
    {"zh": "您好，我们正在查看您的订单。", "es": "Hola, estamos revisando su pedido.",
     "en": "Hello, we are checking your order."},
    {"en": "Your order has shipped.", "es": "Su pedido ha sido enviado.", "zh": "您的订单已发货。",
     "sv": "Din beställning har skickats."},
]


def canonical(code: str) -> Optional[str]:
    code = (code or "").strip()
    code = ALIASES.get(code.lower(), code)
    return code if code in LANGUAGES or code == "auto" else None


def detect(text: str) -> str:
    for row in PHRASES:
        for language, phrase in row.items():
            if phrase == text:
                return language
    return "en"


def translate(text: str, source: str, target: str) -> str:
    for row in PHRASES:
        if row.get(source) == text and target in row:
            return row[target]
    return f"[{source}→{target}] {text}"


class LibreTranslateStandIn(ThreadedServer):
    def __init__(self, mode: str = "normal", api_key: Optional[str] = None, slow_s: float = 10.0):
        self.mode = mode
        self.api_key = api_key
        self.slow_s = slow_s
        self.translate_requests = 0

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self._mode = mode

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/translate", self._translate)
        app.router.add_get("/languages", self._languages)
        app.router.add_get("/_standin/stats", self._stats)
        app.router.add_post("/_standin/control", self._control)
        return app

    async def _translate(self, request: web.Request) -> web.Response:
        self.translate_requests += 1
        if request.content_type == "application/json":
            params = dict(request.query, **await request.json())
        else:
            params = dict(request.query, **await request.post())
        if self.api_key and params.get("api_key") != self.api_key:
            return web.json_response({"error": "Invalid API key"}, status=403)
        if self.mode == "fail":
            return web.json_response({"error": "stand-in failing on purpose"}, status=500)
        if self.mode == "slow":
            await asyncio.sleep(self.slow_s)

        text = params.get("q")
        if not text:
            return web.json_response({"error": "Invalid request: missing q parameter"}, status=400)
        source, target = canonical(params.get("source")), canonical(params.get("target"))
        for given, code in (("source", source), ("target", target)):
            if code is None or (given == "target" and code == "auto"):
                return web.json_response({"error": f"{params.get(given)} is not supported"}, status=400)
        body = {}
        if source == "auto":
            source = detect(text)
            body["detectedLanguage"] = {"confidence": 90.0, "language": source}
        body["translatedText"] = text if source == target else translate(text, source, target)
        return web.json_response(body)

    async def _languages(self, request: web.Request) -> web.Response:
        return web.json_response([
            {"code": code, "name": name, "targets": sorted(LANGUAGES)} for code, name in LANGUAGES.items()
        ])

    async def _stats(self, request: web.Request) -> web.Response:
        return web.json_response({"translate_requests": self.translate_requests, "mode": self.mode})

    async def _control(self, request: web.Request) -> web.Response:
        body = await request.json()
        try:
            if "mode" in body:
                self.mode = body["mode"]
        except ValueError as exc:
            return web.json_response({"error": str(exc)}, status=400)
        if body.get("reset"):
            self.translate_requests = 0
        return await self._stats(request)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="STAND-IN for a LibreTranslate server (tests only).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--mode", choices=MODES, default="normal")
    parser.add_argument("--api-key", default=None, help="require this api_key (403 otherwise)")
    parser.add_argument("--slow-s", type=float, default=10.0, help="delay of each answer in slow mode")
    args = parser.parse_args(argv)
    standin = LibreTranslateStandIn(mode=args.mode, api_key=args.api_key, slow_s=args.slow_s)
    print(f"LibreTranslate STAND-IN on http://{args.host}:{args.port}/ mode={args.mode}", flush=True)
    web.run_app(standin.app(), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()

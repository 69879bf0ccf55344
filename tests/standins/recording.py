"""Shared plumbing of the messaging-platform STAND-INs (telegram_api, twilio_api, messenger_api).

Each stand-in is an aiohttp app that runs on its own event loop on a daemon thread (tests start
it in-process on a free port) or with `python -m tests.standins.<name> --port N`. It records
every API call it accepts as a `Call`, which tests read with `calls()` / `wait_for()`, and
over HTTP at `GET /_standin/calls` (`POST /_standin/reset` forgets them).
"""
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

from aiohttp import web

from tests.standins.server import ThreadedServer


@dataclass
class Call:
    method: str            # the platform's name for it: "sendMessage", "Messages.create", "me/messages"
    params: Dict[str, Any]  # what the connector sent, parsed (form, query or JSON)
    at: float = field(default_factory=time.time)

    def to_json(self) -> Dict[str, Any]:
        return {"method": self.method, "params": self.params, "at": self.at}


class RecordingStandIn(ThreadedServer):
    name = "stand-in"

    def __init__(self) -> None:
        self._calls: List[Call] = []
        self._lock = threading.Lock()

    # What subclasses provide.

    def routes(self, app: web.Application) -> None:
        raise NotImplementedError

    # Recording.

    def record(self, method: str, params: Dict[str, Any]) -> Call:
        call = Call(method, params)
        with self._lock:
            self._calls.append(call)
        return call

    def calls(self, method: Optional[str] = None, where: Optional[Callable[[Call], bool]] = None) -> List[Call]:
        with self._lock:
            calls = list(self._calls)
        return [c for c in calls if (method is None or c.method == method) and (where is None or where(c))]

    def wait_for(self, method: Optional[str] = None, where: Optional[Callable[[Call], bool]] = None,
                 count: int = 1, timeout: float = 30) -> List[Call]:
        """The matching calls once there are at least `count` of them; AssertionError after timeout."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.calls(method, where)
            if len(found) >= count or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        assert len(found) >= count, (
            f"{self.name}: expected {count} {method or 'call'}(s), got {len(found)}; all calls: "
            f"{[c.to_json() for c in self.calls()]}")
        return found

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/_standin/calls", self._list_calls)
        app.router.add_post("/_standin/reset", self._reset)
        self.routes(app)
        return app

    async def _list_calls(self, request: web.Request) -> web.Response:
        return web.json_response([c.to_json() for c in self.calls()])

    async def _reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({"reset": True})

    @staticmethod
    async def params_of(request: web.Request) -> Dict[str, Any]:
        """Query, form and JSON parameters of a request in one dict (JSON and form win)."""
        params: Dict[str, Any] = dict(request.query)
        if request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if isinstance(body, dict):
                    params.update(body)
            else:
                form = await request.post()
                for key in form.keys():
                    values = form.getall(key)
                    params[key] = values[0] if len(values) == 1 else list(values)
        return params

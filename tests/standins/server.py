"""Runs a stand-in's aiohttp app in-process for tests: its own event loop on a daemon thread."""
import asyncio
import threading
from typing import Optional

from aiohttp import web


class ThreadedServer:
    """Mixin: `start()` serves `self.app()` on 127.0.0.1 (a free port by default), `stop()` ends it."""

    port: Optional[int] = None
    _loop: Optional[asyncio.AbstractEventLoop] = None
    _runner: Optional[web.AppRunner] = None
    _thread: Optional[threading.Thread] = None

    def app(self) -> web.Application:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, port: int = 0):
        started = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def serve() -> None:
            # A short shutdown timeout so stop() does not wait for a "slow" request to finish.
            self._runner = web.AppRunner(self.app(), shutdown_timeout=0.5)
            await self._runner.setup()
            site = web.TCPSite(self._runner, "127.0.0.1", port, shutdown_timeout=0.5)
            await site.start()
            self.port = self._runner.addresses[0][1]

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, name=f"{type(self).__name__}-thread", daemon=True)
        self._thread.start()
        if not started.wait(timeout=10):
            raise RuntimeError(f"{type(self).__name__} did not start")
        return self

    def stop(self) -> None:
        if self._loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
        self._loop = None

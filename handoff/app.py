"""The aiohttp application: health, agent console and buyer demo page."""
import asyncio
from pathlib import Path

import redis.asyncio as aioredis
from aiohttp import web

from handoff import api
from handoff.agents import AgentDirectory
from handoff.api.keys import CANNED, DIRECTORY, HUB, REDIS, SERVICE, SERVICE_TOKEN, SESSIONS
from handoff.canned import load_canned
from handoff.hours import BusinessHours
from handoff.notify import Hub
from handoff.queue import HandoffQueue
from handoff.rasa_client import RasaClient
from handoff.relay import Relay, sweep
from handoff.service import HandoffService
from handoff.sessions import SessionStore
from handoff.settings import Settings
from handoff.uploads import setup_uploads

STATIC = Path(__file__).parent / "static"
SETTINGS_KEY = web.AppKey("settings", Settings)


async def health(request: web.Request) -> web.Response:
    """200 when Redis answers, 503 otherwise, so a process manager can wait on it."""
    try:
        await request.app[REDIS].ping()
    except Exception as exc:  # any Redis failure means "not healthy", never a crash
        return web.json_response({"status": "unhealthy", "redis": str(exc)}, status=503)
    return web.json_response({"status": "ok", "redis": "ok"})


def _static_page(folder: str):
    async def handler(request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / folder / "index.html")

    return handler


async def _redirect(request: web.Request) -> web.Response:
    raise web.HTTPFound("/demo/")


async def _open_redis(app: web.Application):
    s = app[SETTINGS_KEY]
    app[REDIS] = aioredis.Redis(
        host=s.redis_host, port=s.redis_port, password=s.redis_password or None,
        db=s.redis_db, decode_responses=True,
    )
    yield
    await app[REDIS].close()


async def _services(app: web.Application):
    """The queue, the use cases and the background loops, sharing the app's Redis client."""
    from bot.translation import translator_from_env

    s, redis = app[SETTINGS_KEY], app[REDIS]
    queue = HandoffQueue(redis)
    hub = Hub(redis)
    translator = translator_from_env()
    app[HUB] = hub
    app[SERVICE] = HandoffService(redis, queue, hub, translator, app[DIRECTORY],
                                  BusinessHours.load(s.hours_file))
    app[SESSIONS] = SessionStore(redis, s.session_ttl_s)
    rasa = RasaClient(s.rasa_url, s.rasa_token)
    relay = Relay(redis, app[SERVICE], rasa, hub, s.instance)
    tasks = [asyncio.create_task(coro) for coro in (
        hub.listen(), relay.buyer_to_agent.run(), relay.agent_to_buyer.run(),
        sweep(app[SERVICE], hub, offer_timeout_s=s.offer_timeout_s))
    ] if s.background else []
    yield
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await rasa.close()
    translator.close()


async def demo_config(request: web.Request) -> web.Response:
    """Where the demo page finds Rasa: the URL as the buyer's browser sees it."""
    return web.json_response({"rasa_url": request.app[SETTINGS_KEY].rasa_public_url})


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app[SETTINGS_KEY] = settings
    app[DIRECTORY] = AgentDirectory.load(settings.agents_file)
    app[SERVICE_TOKEN] = settings.service_token
    app[CANNED] = load_canned()
    app.cleanup_ctx.append(_open_redis)
    app.cleanup_ctx.append(_services)
    api.add_routes(app)
    app.router.add_get("/health", health)
    app.router.add_get("/", _redirect)
    app.router.add_get("/demo/config.json", demo_config)
    for folder in ("agent", "demo"):
        app.router.add_get(f"/{folder}/", _static_page(folder))
        app.router.add_static(f"/{folder}/static/", STATIC / folder)
    app.router.add_static("/widget/", STATIC / "widget")  # the embeddable chat widget (docs/widget.md)
    # Buyer photo uploads for the widget (issue 6): POST /api/uploads, GET /uploads/<name>.
    setup_uploads(app)
    return app

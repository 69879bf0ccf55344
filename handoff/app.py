"""The aiohttp application: health, agent console and buyer demo page."""
from pathlib import Path

import redis.asyncio as aioredis
from aiohttp import web

from handoff.settings import Settings

STATIC = Path(__file__).parent / "static"
SETTINGS_KEY = web.AppKey("settings", Settings)
REDIS_KEY = web.AppKey("redis", aioredis.Redis)


async def health(request: web.Request) -> web.Response:
    """200 when Redis answers, 503 otherwise, so a process manager can wait on it."""
    try:
        await request.app[REDIS_KEY].ping()
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
    app[REDIS_KEY] = aioredis.Redis(
        host=s.redis_host, port=s.redis_port, password=s.redis_password or None,
        db=s.redis_db, decode_responses=True,
    )
    yield
    await app[REDIS_KEY].close()


async def demo_config(request: web.Request) -> web.Response:
    """Where the demo page finds Rasa: the URL as the buyer's browser sees it."""
    return web.json_response({"rasa_url": request.app[SETTINGS_KEY].rasa_public_url})


def create_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=2 * 1024 * 1024)
    app[SETTINGS_KEY] = settings
    app.cleanup_ctx.append(_open_redis)
    app.router.add_get("/health", health)
    app.router.add_get("/", _redirect)
    app.router.add_get("/demo/config.json", demo_config)
    for folder in ("agent", "demo"):
        app.router.add_get(f"/{folder}/", _static_page(folder))
        app.router.add_static(f"/{folder}/static/", STATIC / folder)
    return app

"""The handoff HTTP + WebSocket API (docs/handoff-api.md); `add_routes` mounts it on an app."""
from aiohttp import web

from handoff.api import agent_routes, auth, bot_routes, public_routes, ws
from handoff.api.errors import error_middleware


def add_routes(app: web.Application) -> None:
    app.middlewares.append(error_middleware)
    auth.add_routes(app)
    agent_routes.add_routes(app)
    bot_routes.add_routes(app)
    public_routes.add_routes(app)
    ws.add_routes(app)

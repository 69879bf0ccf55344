"""Agent log-in and the checks every protected route uses (bearer session or service token)."""
import hmac
from typing import Optional

from aiohttp import web

from handoff.api.errors import ApiError, json_body, text_field
from handoff.api.keys import DIRECTORY, SERVICE, SERVICE_TOKEN, SESSIONS
from handoff.models import Agent


def bearer(request: web.Request) -> Optional[str]:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.query.get("token") if request.path == "/api/ws" else None


async def current_agent(request: web.Request) -> Agent:
    """The logged-in agent, or 401; a bot (service) token is valid but not an agent: 403."""
    token = bearer(request)
    if token is None:
        raise ApiError(401, "unauthorized", "log in first: send 'Authorization: Bearer <token>'")
    if _is_service_token(request, token):
        raise ApiError(403, "forbidden", "this route is for agents, not for the bot's token")
    agent_id = await request.app[SESSIONS].agent_for(token)
    if agent_id is None or agent_id not in request.app[DIRECTORY].accounts:
        raise ApiError(401, "session_expired", "your session has expired or is invalid; log in again")
    service = request.app[SERVICE]
    agent = await service.queue.get_agent(agent_id) or await service.login(agent_id)
    await service.queue.heartbeat(agent_id)
    return agent


def require_service(request: web.Request) -> None:
    token = bearer(request)
    if token is None:
        raise ApiError(401, "unauthorized", "send 'Authorization: Bearer $HANDOFF_SERVICE_TOKEN'")
    if not _is_service_token(request, token):
        raise ApiError(403, "forbidden", "this route is for the bot's service token")


def _is_service_token(request: web.Request, token: str) -> bool:
    expected = request.app[SERVICE_TOKEN]
    return bool(expected) and hmac.compare_digest(token.encode(), expected.encode())


async def login(request: web.Request) -> web.Response:
    body = await json_body(request)
    agent_id = text_field(body, "agent_id", 100)
    password = text_field(body, "password", 1000)
    account = request.app[DIRECTORY].authenticate(agent_id, password)
    if account is None:
        raise ApiError(401, "bad_credentials", "wrong agent id or password")
    agent = await request.app[SERVICE].login(account.id)
    sessions = request.app[SESSIONS]
    token = await sessions.create(account.id)
    return web.json_response({"token": token, "expires_in": sessions.ttl_s, "agent": agent.to_dict()})


async def logout(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    await request.app[SESSIONS].revoke(bearer(request))
    await request.app[SERVICE].queue.release_agent(agent.id)
    await request.app[SERVICE].hub.queue_changed()
    return web.Response(status=204)


def add_routes(app: web.Application) -> None:
    app.router.add_post("/api/login", login)
    app.router.add_post("/api/logout", logout)

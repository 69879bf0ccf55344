"""Routes of the agent console: profile, queue, claim, messages, typing, resume, close, canned."""
from aiohttp import web

from handoff.api.auth import current_agent
from handoff.api.errors import ApiError, json_body, text_field
from handoff.api.keys import CANNED, SERVICE
from handoff.models import AgentStatus
from handoff.service import agent_language

LANGUAGE_CODES = {"en", "es", "fr", "de", "pt", "it", "ru", "zh", "ja", "ar", "ko", "pl", "nl", "tr"}


async def me(request: web.Request) -> web.Response:
    return web.json_response((await current_agent(request)).to_dict())


async def update_me(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    body = await json_body(request)
    status = body.get("status")
    if status is not None and status not in {s.value for s in AgentStatus}:
        raise ApiError(400, "bad_field", "'status' must be 'online' or 'away'")
    languages = body.get("languages")
    if languages is not None:
        if (not isinstance(languages, list) or not languages
                or not all(isinstance(x, str) and x.strip().lower() in LANGUAGE_CODES for x in languages)):
            raise ApiError(400, "bad_field", "'languages' must be a non-empty list of language codes "
                                             f"({', '.join(sorted(LANGUAGE_CODES))})")
        languages = [x.strip().lower() for x in languages]
    updated = await request.app[SERVICE].update_agent(agent, status, languages)
    return web.json_response(updated.to_dict())


async def queue(request: web.Request) -> web.Response:
    await current_agent(request)
    rows = await request.app[SERVICE].queue.list_waiting()
    return web.json_response({"tickets": [row.to_dict() for row in rows]})


async def claim_next(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    ticket = await request.app[SERVICE].claim(agent, None)
    if ticket is None:
        return web.Response(status=204)
    return web.json_response(await request.app[SERVICE].ticket_dict(ticket))


async def mine(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    service = request.app[SERVICE]
    return web.json_response({"tickets": [await service.ticket_dict(t) for t in await service.mine(agent)]})


async def view(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    return web.json_response(await request.app[SERVICE].view(agent, request.match_info["ticket_id"]))


async def claim(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    service = request.app[SERVICE]
    ticket = await service.claim(agent, request.match_info["ticket_id"])
    return web.json_response(await service.ticket_dict(ticket))


async def send(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    body = await json_body(request)
    text = text_field(body, "text")
    key = text_field(body, "idempotency_key", 200)
    message = await request.app[SERVICE].send(agent, request.match_info["ticket_id"], text, key)
    return web.json_response(message, status=201)


async def typing(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    await request.app[SERVICE].typing(agent, request.match_info["ticket_id"])
    return web.Response(status=204)


async def resume(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    service = request.app[SERVICE]
    return web.json_response(await service.ticket_dict(await service.resume(agent, request.match_info["ticket_id"])))


async def close(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    service = request.app[SERVICE]
    return web.json_response(await service.ticket_dict(await service.close(agent, request.match_info["ticket_id"])))


async def canned(request: web.Request) -> web.Response:
    agent = await current_agent(request)
    language = request.query.get("language") or agent_language(agent)
    replies = request.app[CANNED].get(language) or request.app[CANNED].get("en") or []
    return web.json_response({"language": language, "replies": replies})


def add_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/api/me", me)
    r.add_patch("/api/me", update_me)
    r.add_get("/api/queue", queue)
    r.add_post("/api/queue/claim-next", claim_next)
    r.add_get("/api/tickets/mine", mine)
    r.add_get("/api/canned", canned)
    r.add_get("/api/tickets/{ticket_id}", view)
    r.add_post("/api/tickets/{ticket_id}/claim", claim)
    r.add_post("/api/tickets/{ticket_id}/messages", send)
    r.add_post("/api/tickets/{ticket_id}/typing", typing)
    r.add_post("/api/tickets/{ticket_id}/resume", resume)
    r.add_post("/api/tickets/{ticket_id}/close", close)

"""Routes the bot's action server calls with the service token: tickets, hours, ratings."""
from aiohttp import web

from handoff.api.auth import require_service
from handoff.api.errors import ApiError, json_body, text_field
from handoff.api.keys import SERVICE

PRIORITIES = ("urgent", "high", "normal", "low")


async def create_ticket(request: web.Request) -> web.Response:
    require_service(request)
    body = await json_body(request, max_bytes=512 * 1024)
    text_field(body, "conversation_id", 200)
    if body.get("priority", "normal") not in PRIORITIES:
        raise ApiError(400, "bad_field", f"'priority' must be one of {', '.join(PRIORITIES)}")
    for name in ("case_ids", "transcript"):
        if not isinstance(body.get(name, []), list):
            raise ApiError(400, "bad_field", f"'{name}' must be a list")
    if body.get("context") is not None and not isinstance(body["context"], dict):
        raise ApiError(400, "bad_field", "'context' must be an object")
    result = await request.app[SERVICE].create_ticket(body)
    return web.json_response(result, status=201 if result["created"] else 200)


async def hours(request: web.Request) -> web.Response:
    require_service(request)
    return web.json_response(request.app[SERVICE].availability(request.query.get("topic", "")).to_dict())


async def rate(request: web.Request) -> web.Response:
    require_service(request)
    body = await json_body(request)
    rating = body.get("rating")
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ApiError(400, "bad_field", "'rating' must be an integer from 1 to 5")
    comment = text_field(body, "comment", 2000, required=False)
    service = request.app[SERVICE]
    ticket = await service.rate(request.match_info["ticket_id"], rating, comment)
    return web.json_response(await service.ticket_dict(ticket))


def add_routes(app: web.Application) -> None:
    app.router.add_post("/api/tickets", create_ticket)
    app.router.add_get("/api/hours", hours)
    app.router.add_post("/api/tickets/{ticket_id}/rating", rate)

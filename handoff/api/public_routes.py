"""What the buyer's widget may read without a token: its own conversation's handoff state."""
from aiohttp import web

from handoff.api.errors import ApiError
from handoff.api.keys import SERVICE


async def status(request: web.Request) -> web.Response:
    conversation_id = request.match_info["conversation_id"]
    if not 1 <= len(conversation_id) <= 200:
        raise ApiError(400, "bad_field", "conversation id must have 1 to 200 characters")
    response = web.json_response(await request.app[SERVICE].public_status(conversation_id))
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "no-store"
    return response


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/public/conversations/{conversation_id}/status", status)

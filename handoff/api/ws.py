"""The console's WebSocket: live queue/message/ticket events; typing and ping from the agent."""
import logging

from aiohttp import WSMsgType, web

from handoff.api.auth import current_agent
from handoff.api.keys import HUB, SERVICE
from handoff.queue import HandoffError
from handoff.service import Forbidden

logger = logging.getLogger(__name__)


async def websocket(request: web.Request) -> web.WebSocketResponse:
    agent = await current_agent(request)
    service, hub = request.app[SERVICE], request.app[HUB]
    socket = web.WebSocketResponse(heartbeat=30)
    await socket.prepare(request)
    hub.add(agent.id, socket)
    await service.restore_status(agent.id)
    try:
        async for frame in socket:
            if frame.type != WSMsgType.TEXT:
                continue
            try:
                data = frame.json()
            except ValueError:
                await socket.send_json({"type": "error", "message": "send JSON objects"})
                continue
            kind = data.get("type") if isinstance(data, dict) else None
            await service.queue.heartbeat(agent.id)
            if kind == "ping":
                await socket.send_json({"type": "pong"})
            elif kind == "typing":
                try:
                    await service.typing(agent, str(data.get("ticket_id") or ""))
                except (Forbidden, HandoffError) as error:
                    await socket.send_json({"type": "error", "message": str(error)})
            else:
                await socket.send_json({"type": "error", "message": "unknown message type"})
    finally:
        if hub.remove(agent.id, socket) == 0:
            # Offers go back to the queue; assigned chats wait for the agent to reconnect.
            await service.queue.release_agent(agent.id)
            await hub.queue_changed()
    return socket


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/ws", websocket)

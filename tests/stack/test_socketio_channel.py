"""The socket.io channel (the website widget's transport) answers a buyer."""
import asyncio
import uuid

import socketio


async def converse(url: str, text: str) -> list:
    client = socketio.AsyncClient(reconnection=False)
    replies: asyncio.Queue = asyncio.Queue()
    session_id = uuid.uuid4().hex

    @client.on("bot_uttered")
    async def on_bot(data):
        await replies.put(data)

    # HTTP long-polling, socket.io's first transport: the websocket upgrade against Rasa's
    # Sanic 21 server does not connect with this python-engineio (noted for the widget work).
    await client.connect(url, socketio_path="/socket.io", transports=["polling"])
    try:
        await client.emit("session_request", {"session_id": session_id})
        await client.emit("user_uttered", {"message": text, "session_id": session_id})
        first = await asyncio.wait_for(replies.get(), timeout=60)
        return [first]
    finally:
        await client.disconnect()


def test_buyer_on_socketio_gets_a_reply(rasa):
    replies = asyncio.run(converse(rasa.url, "hello"))
    assert "help" in replies[0].get("text", "").lower(), replies

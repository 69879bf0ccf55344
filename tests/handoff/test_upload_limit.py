"""Anyone can upload a photo, so one address may store only so many per hour (real Redis)."""
import asyncio

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer

from handoff.api.keys import REDIS
from handoff.uploads import setup_uploads
from tests.handoff.helpers import connect, disconnect
from tests.widget.helpers import png


def test_the_fourth_photo_in_an_hour_is_refused_and_not_stored(redis_port, tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOFF_UPLOADS_PER_HOUR", "3")
    monkeypatch.setenv("HANDOFF_UPLOAD_DIR", str(tmp_path))

    async def scenario():
        app = web.Application()
        app[REDIS] = connect(redis_port)
        setup_uploads(app)
        server = TestServer(app)
        await server.start_server()
        answers = []
        try:
            async with aiohttp.ClientSession() as http:
                for _ in range(4):
                    form = aiohttp.FormData()
                    form.add_field("file", png(), filename="photo.png", content_type="image/png")
                    async with http.post(server.make_url("/api/uploads"), data=form) as response:
                        answers.append((response.status, await response.json(), response.headers.get("Retry-After")))
        finally:
            await server.close()
            await disconnect(app[REDIS])
        return answers

    answers = asyncio.run(scenario())
    assert [status for status, _, _ in answers] == [201, 201, 201, 429]
    status, body, retry_after = answers[-1]
    assert body["error"] == "too_many" and "try again later" in body["message"]
    assert 0 < int(retry_after) <= 3600
    assert len(list(tmp_path.iterdir())) == 3

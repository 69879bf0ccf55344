"""Buyer photo uploads for the website widget (issue 6).

`POST /api/uploads` takes a multipart form with one `file` field: a JPEG, PNG or WebP image of at
most 5 MB. The type is read from the file's first bytes (never from its name or the declared
content type); anything else gets 415, anything larger 413. The file is stored under a random
name in `$HANDOFF_UPLOAD_DIR` (default `var/uploads`) and served back at `GET /uploads/<name>`.
The answer is `201 {"url": "<absolute URL>"}`, built from `$HANDOFF_PUBLIC_URL` when set, else
from the request's scheme and host.

The widget may be embedded on another origin than the handoff service, so both routes allow
any origin (the upload needs no credentials; a random 128-bit name is the only key to a file).
Because anyone can upload, each client address may store at most `HANDOFF_UPLOADS_PER_HOUR`
photos per hour (default 30; a counter in Redis); past it the answer is 429 with Retry-After.
Behind a reverse proxy, the proxy's address is the client address: put the limit there too.
"""
import os
import re
import secrets
import time
from pathlib import Path
from typing import Optional

from aiohttp import web
from redis.exceptions import RedisError

from handoff.api.keys import REDIS

MAX_BYTES = 5 * 1024 * 1024
CHUNK = 64 * 1024
NAME = re.compile(r"^[A-Za-z0-9_-]{16,64}\.(jpg|png|webp)$")
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "600"}

UPLOAD_DIR_KEY = web.AppKey("upload_dir", Path)


def image_extension(head: bytes) -> Optional[str]:
    """The file extension of a JPEG, PNG or WebP image judged by its magic bytes, else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def upload_dir() -> Path:
    return Path(os.environ.get("HANDOFF_UPLOAD_DIR", "var/uploads"))


def public_base(request: web.Request) -> str:
    configured = os.environ.get("HANDOFF_PUBLIC_URL", "").strip()
    if configured:
        return configured.rstrip("/")
    return f"{request.scheme}://{request.host}"


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status, headers=CORS)


def uploads_per_hour() -> int:
    return int(os.environ.get("HANDOFF_UPLOADS_PER_HOUR", "30"))


async def _over_limit(request: web.Request) -> Optional[int]:
    """Seconds until this client may upload again, or None while under the hourly limit."""
    hour = int(time.time() // 3600)
    key = f"handoff:uploads:{request.remote or 'unknown'}:{hour}"
    try:
        count = await request.app[REDIS].incr(key)
        if count == 1:
            await request.app[REDIS].expire(key, 3600)
    except RedisError:
        return None  # the limit is a guard, not a reason to refuse a buyer's photo
    return (hour + 1) * 3600 - int(time.time()) if count > uploads_per_hour() else None


async def upload(request: web.Request) -> web.Response:
    retry_after = await _over_limit(request)
    if retry_after is not None:
        response = _error(429, "too_many", "Too many photos from this address; try again later.")
        response.headers["Retry-After"] = str(max(1, retry_after))
        return response
    declared = request.content_length
    if declared is not None and declared > MAX_BYTES + CHUNK:  # multipart overhead is small
        return _error(413, "too_large", "The photo is larger than 5 MB.")
    if not request.content_type.startswith("multipart/"):
        return _error(400, "bad_request", "Send a multipart/form-data body with one `file` field.")
    try:
        reader = await request.multipart()
        part = await reader.next()
        while part is not None and getattr(part, "name", None) != "file":
            part = await reader.next()
    except (ValueError, AssertionError) as exc:
        return _error(400, "bad_request", f"Malformed multipart body: {exc}")
    if part is None:
        return _error(400, "bad_request", "The form has no `file` field.")

    data = bytearray()
    while True:
        chunk = await part.read_chunk(CHUNK)
        if not chunk:
            break
        data.extend(chunk)
        if len(data) > MAX_BYTES:
            return _error(413, "too_large", "The photo is larger than 5 MB.")
    extension = image_extension(bytes(data[:16]))
    if extension is None:
        return _error(415, "unsupported_type", "Only JPEG, PNG and WebP photos are accepted.")

    folder = request.app[UPLOAD_DIR_KEY]
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(16)}.{extension}"
    temporary = folder / f".{name}.part"
    temporary.write_bytes(bytes(data))
    temporary.replace(folder / name)  # never serve a half-written file
    url = f"{public_base(request)}/uploads/{name}"
    return web.json_response({"url": url}, status=201, headers=CORS)


async def preflight(request: web.Request) -> web.Response:
    return web.Response(status=204, headers=CORS)


async def serve(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    match = NAME.match(name)
    path = request.app[UPLOAD_DIR_KEY] / name
    if not match or not path.is_file():
        raise web.HTTPNotFound()
    return web.FileResponse(path, headers={
        "Content-Type": CONTENT_TYPES[match.group(1)],
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'",
        "Cache-Control": "private, max-age=86400",
        "Access-Control-Allow-Origin": "*",
    })


def setup_uploads(app: web.Application) -> None:
    """Registers POST /api/uploads and GET /uploads/{name} on the handoff app."""
    app[UPLOAD_DIR_KEY] = upload_dir()
    app.router.add_post("/api/uploads", upload)
    app.router.add_route("OPTIONS", "/api/uploads", preflight)
    app.router.add_get("/uploads/{name}", serve)

"""Answers every messaging channel gives when it is switched off (credentials missing)."""
from typing import Optional

from sanic import response
from sanic.response import HTTPResponse


def health(problem: Optional[str]) -> HTTPResponse:
    """GET /webhooks/<channel>/: 200 when configured, else 503 naming what is missing."""
    if problem:
        return response.json({"status": "off", "error": problem}, status=503)
    return response.json({"status": "ok"})


def not_configured(channel: str, problem: str) -> HTTPResponse:
    return response.json({"error": f"{channel} channel {problem}"}, status=503)

"""A small client of the handoff API for tests: what the console and the bot send."""
import time
import uuid
from typing import Any, Dict, Optional

import requests

from tests.services import SERVICE_TOKEN


class HandoffApi:
    def __init__(self, port: int, token: Optional[str] = None):
        self.url = f"http://localhost:{port}"
        self.token = token

    def call(self, method: str, path: str, token: Optional[str] = "default", **kwargs: Any) -> requests.Response:
        token = self.token if token == "default" else token
        headers = dict(kwargs.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, f"{self.url}{path}", headers=headers, timeout=30, **kwargs)

    def login(self, agent_id: str, password: str) -> "HandoffApi":
        response = requests.post(f"{self.url}/api/login", json={"agent_id": agent_id, "password": password},
                                 timeout=30)
        response.raise_for_status()
        return HandoffApi(int(self.url.rsplit(":", 1)[1]), response.json()["token"])

    def as_bot(self) -> "HandoffApi":
        return HandoffApi(int(self.url.rsplit(":", 1)[1]), SERVICE_TOKEN)

    def create_ticket(self, conversation_id: str, **fields: Any) -> Dict[str, Any]:
        body = {"conversation_id": conversation_id, "channel": "rest", "language": "es",
                "topic": "general", "priority": "normal", "summary": "test", "transcript": [], **fields}
        response = self.as_bot().call("POST", "/api/tickets", json=body)
        assert response.status_code in (200, 201), response.text
        return response.json()

    def ticket(self, ticket_id: str) -> Dict[str, Any]:
        response = self.call("GET", f"/api/tickets/{ticket_id}")
        response.raise_for_status()
        return response.json()

    def send(self, ticket_id: str, text: str, key: Optional[str] = None) -> requests.Response:
        return self.call("POST", f"/api/tickets/{ticket_id}/messages",
                         json={"text": text, "idempotency_key": key or uuid.uuid4().hex})

    def waiting_ticket_for(self, conversation_id: str) -> Optional[Dict[str, Any]]:
        rows = self.call("GET", "/api/queue").json()["tickets"]
        return next((r for r in rows if r["ticket"]["conversation_id"] == conversation_id), None)


async def next_ws_event(ws, kind: str, timeout: float = 30.0) -> dict:
    """The next event of type `kind` on the console's WebSocket (others are skipped)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = await ws.receive_json(timeout=deadline - time.monotonic())
        if message.get("type") == kind:
            return message
    raise AssertionError(f"no {kind} event within {timeout}s")

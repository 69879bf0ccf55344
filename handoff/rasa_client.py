"""What the handoff service asks of Rasa's HTTP API: speak to a buyer, resume, ask for a rating.

Agent messages reach the buyer through Rasa, on the channel the buyer used: the text goes
into the `agent_message` slot (POST /conversations/{id}/tracker/events), then the action
`action_relay_to_buyer` runs with `output_channel=latest` (POST .../execute), which makes Rasa
send its response through that channel's output (socket.io room, Telegram chat, WhatsApp
number...). The bot's NLG sends `utter_agent_message` verbatim: the handoff service has
translated it. The action ends with `action_listen`, so the buyer's next message is handled
like any other.
"""
from typing import Any, Dict, List, Optional

import aiohttp


class RasaError(Exception):
    """Rasa could not be reached or refused; the caller retries later."""


class RasaClient:
    def __init__(self, base_url: str, token: str, timeout_s: float = 10.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: Optional[aiohttp.ClientSession] = None

    async def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def _post(self, path: str, body: Any, **params: str) -> Dict[str, Any]:
        session = await self._http()
        try:
            async with session.post(f"{self.base_url}{path}", json=body,
                                    params={"token": self.token, **params}) as response:
                if response.status >= 300:
                    raise RasaError(f"{path}: HTTP {response.status} {await response.text()}")
                return await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RasaError(f"{path}: {error!r}") from error

    async def append_events(self, conversation_id: str, events: List[Dict[str, Any]]) -> None:
        await self._post(f"/conversations/{conversation_id}/tracker/events", events)

    async def relay(self, conversation_id: str, kind: str, *, resume: bool = False, **slots: Any) -> Dict[str, Any]:
        """Say something to the buyer through `action_relay_to_buyer` (actions/handoff.py).

        kind: message (slot agent_message), joined (agent_name), resumed, closed (starts the
        rating question). With `resume`, the conversation is un-paused first.
        """
        events = [{"event": "resume"}] if resume else []
        events += [{"event": "slot", "name": name, "value": value}
                   for name, value in {"relay_kind": kind, **slots}.items()]
        await self.append_events(conversation_id, events)
        return await self._post(f"/conversations/{conversation_id}/execute",
                                {"name": "action_relay_to_buyer"}, output_channel="latest")

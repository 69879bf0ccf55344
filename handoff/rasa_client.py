"""What the handoff service asks of Rasa's HTTP API: speak to a buyer, resume, ask for a rating.

Everything reaches the buyer through Rasa, on the channel the buyer used last
(`output_channel=latest`: socket.io room, Telegram chat, WhatsApp number...):

- an agent's message (`say`), already translated by the handoff service, is one bot event
  appended with `execute_side_effects`: Rasa stores it in the tracker and sends it as it is;
- everything the bot itself says in a handoff (`relay`: an agent joined, queue position, back
  to the bot, closed + the rating question) is rendered in the buyer's language by the bot's
  NLG: the slots go in with POST /conversations/{id}/tracker/events, then
  `action_relay_to_buyer` runs through POST .../execute. The action ends with
  `action_listen`, so the buyer's next message is handled like any other.
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

    async def say(self, conversation_id: str, text: str, agent_name: str = "",
                  message_tag: Optional[str] = None) -> None:
        """An agent's message, already in the buyer's language, sent as it is: one bot event that
        Rasa stores and sends through the buyer's latest channel (`execute_side_effects`). The
        metadata lets the widget label it (bot/channels/socketio.py); `message_tag`
        ("HUMAN_AGENT", Ticket.reply_tag) makes Messenger send it as a tagged message
        (bot/channels/messenger.py)."""
        metadata = {"sender": "agent", "agent_name": agent_name}
        if message_tag:
            metadata["message_tag"] = message_tag
        await self._post(f"/conversations/{conversation_id}/tracker/events",
                         [{"event": "bot", "text": text, "metadata": metadata}],
                         execute_side_effects="true", output_channel="latest")

    async def typing(self, channel: str, conversation_id: str) -> None:
        """"typing..." in the buyer's messaging app (bot/channels/typing.py)."""
        await self._post(f"/webhooks/{channel}/typing", {"recipient_id": conversation_id})

    async def relay(self, conversation_id: str, kind: str, *, resume: bool = False, **slots: Any) -> Dict[str, Any]:
        """Say something to the buyer through `action_relay_to_buyer` (actions/handoff.py).

        kind: joined (agent_name), queued, resumed, closed (starts the
        rating question). With `resume`, the conversation is un-paused first.
        """
        events = [{"event": "resume"}] if resume else []
        events += [{"event": "slot", "name": name, "value": value}
                   for name, value in {"relay_kind": kind, **slots}.items()]
        await self.append_events(conversation_id, events)
        return await self._post(f"/conversations/{conversation_id}/execute",
                                {"name": "action_relay_to_buyer"}, output_channel="latest")

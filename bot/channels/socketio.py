"""Rasa's socket.io channel (name `socketio`, path /socket.io) for the website widget, with two
additions:

- each buyer message goes on the handoff relay stream as it arrives (bot/channels/receipt.py);
- an agent's message (a bot event with metadata `sender: agent`, appended by the handoff service,
  handoff/rasa_client.py `say`) reaches the widget as `{"text", "metadata": {"sender": "agent",
  "agent_name"}}`, so the widget labels it with the agent's name at once. Rasa's output sends
  the text only, and the widget had to ask the handoff service who was talking.
"""
from typing import Any, Optional, Text

from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput

from bot.channels.receipt import PublishOnReceipt


class AgentMarkingOutput(SocketIOOutput):
    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        if kwargs.get("sender") != "agent":
            await super().send_text_message(recipient_id, text, **kwargs)
            return
        marker = {"sender": "agent", "agent_name": str(kwargs.get("agent_name") or "")}
        for part in text.strip().split("\n\n"):
            await self._send_message(recipient_id, {"text": part, "metadata": marker})


class SocketIOInput(PublishOnReceipt, RasaSocketIOInput):
    def get_output_channel(self) -> Optional[SocketIOOutput]:
        """The output for messages sent from outside a buyer's request (the handoff service's
        agent messages and `execute` calls)."""
        output = super().get_output_channel()
        return AgentMarkingOutput(output.sio, output.bot_message_evt) if output else None

"""Input channels that put each buyer message on the relay stream the moment it arrives.

`published_first` wraps the callback Rasa gives a channel's blueprint: the message is written
to the event broker's stream (bot/event_broker.py, `publish_received`) and then handed to Rasa
as before. The handoff service relays it to the agent from there, so during a handoff the
agent sees the message without waiting for Rasa to parse it and save the tracker; Rasa still
logs it in the (paused) conversation, which keeps the transcript whole.

Every channel in credentials.yml uses it: our REST, Telegram, WhatsApp and Messenger channels
call it at the top of their `blueprint`; `PublishOnReceipt` does it for a channel that does not
define `blueprint` itself (bot/channels/socketio.py).
"""
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from bot import event_broker

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def published_first(on_new_message: OnNewMessage) -> OnNewMessage:
    async def handle(message: UserMessage) -> Any:
        event_broker.publish_received(message)
        return await on_new_message(message)

    return handle


class PublishOnReceipt:
    """Mixin for an InputChannel; list it before the channel class."""

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(published_first(on_new_message))  # type: ignore[misc]

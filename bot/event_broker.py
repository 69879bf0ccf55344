"""Rasa event broker that appends conversation events to a Redis stream.

endpoints.yml:

    event_broker:
      type: bot.event_broker.RedisStreamEventBroker
      url: ${REDIS_HOST}
      port: ${REDIS_PORT}
      ...
      stream: rasa:events        # optional
      max_len: 100000            # optional, approximate trim

Rasa publishes every new tracker event when it saves a tracker, i.e. after the tracker
store has it. The handoff service reads this stream with a consumer group
(handoff/relay.py): a buyer message written while a conversation is paused for a person
reaches the agent even if the handoff service was down when it arrived.

Buyer messages are also written *on receipt*: the input channels (bot/channels/receipt.py)
call `publish_received` before Rasa parses the message, so a buyer talking to a person reaches
the agent without waiting for the NLU, the action server and the conversation lock (Rasa
handles messages one after another; under load that wait was most of the relay latency). The
user event Rasa publishes later for the same message id is then skipped. If the early write
failed, the later one still happens, and the relay ignores a message id it already has.

Only the events the handoff needs are kept (user and bot messages, pauses, resumes):
the stream is a relay, not an analytics log. `publish` is synchronous because Rasa calls
it synchronously; one XADD on a local Redis takes well under a millisecond.
"""
import json
import logging
import time
from asyncio import AbstractEventLoop
from collections import OrderedDict
from typing import Any, Dict, Optional, Text

import redis
from rasa.core.brokers.broker import EventBroker
from rasa.core.channels.channel import UserMessage
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

DEFAULT_STREAM = "rasa:events"
RELAYED_EVENTS = {"user", "bot", "pause", "resume"}
# Message ids written on receipt and not yet seen again from the tracker; bounded, because a
# message Rasa never saves (a crash, a rejected request) would otherwise stay forever.
EARLY_IDS_KEPT = 10_000

# The broker Rasa created from endpoints.yml (one per process), for the input channels.
_receiving: Optional["RedisStreamEventBroker"] = None


def publish_received(message: UserMessage) -> None:
    """Writes a buyer message to the stream as it arrives; a no-op without our broker."""
    if _receiving is not None:
        _receiving.publish_received(message)


def stream_fields(event: Dict[Text, Any]) -> Dict[str, str]:
    """The flat fields stored for one event (Redis stream values are strings)."""
    return {
        "sender_id": str(event.get("sender_id") or ""),
        "event": str(event.get("event") or ""),
        "timestamp": repr(float(event.get("timestamp") or 0.0)),
        "text": str(event.get("text") or ""),
        "input_channel": str(event.get("input_channel") or ""),
        "message_id": str(event.get("message_id") or ""),
        "metadata": json.dumps(event.get("metadata") or {}, ensure_ascii=False, default=str),
    }


class RedisStreamEventBroker(EventBroker):
    def __init__(self, client: redis.Redis, stream: str = DEFAULT_STREAM, max_len: int = 100_000):
        self.client = client
        self.stream = stream
        self.max_len = max_len
        self._early_ids: "OrderedDict[str, bool]" = OrderedDict()

    @classmethod
    async def from_endpoint_config(cls, broker_config: EndpointConfig,
                                   event_loop: Optional[AbstractEventLoop] = None
                                   ) -> "RedisStreamEventBroker":
        kwargs = broker_config.kwargs
        client = redis.Redis(
            host=broker_config.url or "localhost", port=int(kwargs.get("port") or 6379),
            db=int(kwargs.get("db") or 0), password=kwargs.get("password") or None,
            decode_responses=True, socket_timeout=2)
        global _receiving
        _receiving = cls(client, kwargs.get("stream") or DEFAULT_STREAM,
                         int(kwargs.get("max_len") or 100_000))
        return _receiving

    def publish(self, event: Dict[Text, Any]) -> None:
        if event.get("event") not in RELAYED_EVENTS:
            return
        if event.get("event") == "user" and self._early_ids.pop(str(event.get("message_id")), False):
            return  # written on receipt already
        self._xadd(event)

    def publish_received(self, message: UserMessage) -> None:
        event = {"sender_id": message.sender_id, "event": "user", "timestamp": time.time(),
                 "text": message.text, "input_channel": message.input_channel,
                 "message_id": message.message_id, "metadata": message.metadata}
        if self._xadd(event):
            self._early_ids[str(message.message_id)] = True
            while len(self._early_ids) > EARLY_IDS_KEPT:
                self._early_ids.popitem(last=False)

    def _xadd(self, event: Dict[Text, Any]) -> bool:
        try:
            self.client.xadd(self.stream, stream_fields(event), maxlen=self.max_len, approximate=True)
            return True
        except redis.RedisError as error:
            # The tracker (also in Redis) holds the message; only the live relay misses it.
            logger.error("could not publish %s event of %s: %s", event.get("event"),
                         event.get("sender_id"), error)
            return False

    def is_ready(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False

    async def close(self) -> None:
        self.client.close()

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

Only the events the handoff needs are kept (user and bot messages, pauses, resumes):
the stream is a relay, not an analytics log. `publish` is synchronous because Rasa calls
it synchronously; one XADD on a local Redis takes well under a millisecond.
"""
import json
import logging
from asyncio import AbstractEventLoop
from typing import Any, Dict, Optional, Text

import redis
from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

DEFAULT_STREAM = "rasa:events"
RELAYED_EVENTS = {"user", "bot", "pause", "resume"}


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

    @classmethod
    async def from_endpoint_config(cls, broker_config: EndpointConfig,
                                   event_loop: Optional[AbstractEventLoop] = None
                                   ) -> "RedisStreamEventBroker":
        kwargs = broker_config.kwargs
        client = redis.Redis(
            host=broker_config.url or "localhost", port=int(kwargs.get("port") or 6379),
            db=int(kwargs.get("db") or 0), password=kwargs.get("password") or None,
            decode_responses=True, socket_timeout=2)
        return cls(client, kwargs.get("stream") or DEFAULT_STREAM,
                   int(kwargs.get("max_len") or 100_000))

    def publish(self, event: Dict[Text, Any]) -> None:
        if event.get("event") not in RELAYED_EVENTS:
            return
        try:
            self.client.xadd(self.stream, stream_fields(event), maxlen=self.max_len, approximate=True)
        except redis.RedisError as error:
            # The tracker (also in Redis) holds the message; only the live relay misses it.
            logger.error("could not publish %s event of %s: %s", event.get("event"),
                         event.get("sender_id"), error)

    def is_ready(self) -> bool:
        try:
            return bool(self.client.ping())
        except redis.RedisError:
            return False

    async def close(self) -> None:
        self.client.close()

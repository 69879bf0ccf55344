"""The handoff service's background loops: buyer -> agent, agent -> buyer, and the clocks.

Both relays read Redis streams through consumer groups, so each entry is handled at least
once: it is acknowledged only after its effect is done, and a restarted process first
re-reads what it had taken but not acknowledged (its own pending entries, and after
`claim_idle_ms` those of a process that died). Effects are idempotent:

- buyer -> agent: `rasa:events` (written inside Rasa by bot/event_broker.py, buyer messages
  as they arrive). A user event of a conversation with an open ticket becomes a ticket message
  with the idempotency key `msg:<Rasa message id>`, so a re-read, or the same message
  published twice, stores and shows nothing twice.
- agent -> buyer: `handoff:outbox` (written by handoff/service.py). Entries of one
  conversation are handled in order, one at a time (conversations in parallel); when Rasa is
  unreachable the loop waits and retries from the failed entry, so nothing is skipped and
  nothing overtakes within a conversation. A message id is recorded as delivered after
  Rasa accepted it, and a re-read skips delivered ids. The one gap at-least-once leaves: a
  crash after Rasa sent the message but before it was recorded sends it again.
"""
import asyncio
import json
import logging
import socket
from collections import defaultdict
from typing import Awaitable, Callable, Dict, List, Optional, Tuple

import redis.asyncio as aioredis
from redis.exceptions import RedisError, ResponseError

from handoff.models import human_agent_tag_enabled
from handoff.notify import Hub
from handoff.queue import HandoffError
from handoff.rasa_client import RasaClient, RasaError
from handoff.service import OUTBOX, HandoffService

logger = logging.getLogger(__name__)

RASA_EVENTS = "rasa:events"
DELIVERED = "handoff:delivered"
Entry = Tuple[str, Dict[str, str]]


class StreamConsumer:
    """One consumer of a group: pending entries first, then new ones; ack after the handler."""

    def __init__(self, redis: aioredis.Redis, stream: str, group: str, name: str,
                 handler: Callable[[str, Dict[str, str]], Awaitable[None]],
                 block_ms: int = 5000, claim_idle_ms: int = 30_000, retry_s: float = 1.0,
                 delete_after_ack: bool = False, order_key: Optional[str] = None):
        self.redis, self.stream, self.group, self.name = redis, stream, group, name
        self.handler = handler
        self.block_ms, self.claim_idle_ms, self.retry_s = block_ms, claim_idle_ms, retry_s
        self.delete_after_ack = delete_after_ack
        # With an order key, entries are in order per value of that field (one conversation)
        # and different values are handled concurrently; without, strictly one at a time.
        self.order_key = order_key

    async def ensure_group(self) -> None:
        try:
            await self.redis.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    async def _pending(self) -> List[Entry]:
        claimed = await self.redis.xautoclaim(self.stream, self.group, self.name,
                                              min_idle_time=self.claim_idle_ms, start_id="0-0", count=100)
        own = await self.redis.xreadgroup(self.group, self.name, {self.stream: "0"}, count=100)
        entries = (own[0][1] if own else []) + [e for e in (claimed[1] if claimed else []) if e[1]]
        return sorted(entries, key=lambda e: tuple(int(x) for x in e[0].split("-")))

    async def run(self) -> None:
        backoff = self.retry_s
        while True:
            try:
                await self.ensure_group()
                entries = await self._pending()
                if not entries:
                    new = await self.redis.xreadgroup(self.group, self.name, {self.stream: ">"},
                                                      count=100, block=self.block_ms)
                    entries = new[0][1] if new else []
                await self._handle(entries)
                backoff = self.retry_s
            except asyncio.CancelledError:
                raise
            except (RasaError, RedisError, OSError, HandoffError) as error:
                logger.warning("%s: %s; retrying in %.1fs", self.stream, error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 15)
            except Exception:  # a bug for one entry must not stop the relay for everyone
                logger.exception("%s: unexpected error; retrying", self.stream)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 15)

    async def _handle(self, entries: List[Entry]) -> None:
        if self.order_key is None:
            await self._in_order(entries)
            return
        lanes: Dict[str, List[Entry]] = defaultdict(list)
        for entry in entries:
            lanes[entry[1].get(self.order_key, "")].append(entry)
        results = await asyncio.gather(*(self._in_order(lane) for lane in lanes.values()),
                                       return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            # Acknowledged lanes are done; a failed lane stays pending from its failed entry
            # on and is re-read first, so nothing in that conversation overtakes it.
            raise failures[0]

    async def _in_order(self, entries: List[Entry]) -> None:
        for entry_id, fields in entries:
            await self.handler(entry_id, fields)
            await self.redis.xack(self.stream, self.group, entry_id)
            if self.delete_after_ack:
                await self.redis.xdel(self.stream, entry_id)


class Relay:
    def __init__(self, redis: aioredis.Redis, service: HandoffService, rasa: RasaClient, hub: Hub,
                 instance: str = ""):
        self.redis, self.service, self.rasa, self.hub = redis, service, rasa, hub
        name = instance or socket.gethostname()
        self.buyer_to_agent = StreamConsumer(redis, RASA_EVENTS, "handoff-relay", name, self.on_rasa_event,
                                             order_key="sender_id")
        self.agent_to_buyer = StreamConsumer(redis, OUTBOX, "handoff-delivery", name, self.on_outbox,
                                             delete_after_ack=True, order_key="conversation_id")

    async def on_rasa_event(self, entry_id: str, fields: Dict[str, str]) -> None:
        if fields.get("event") != "user":
            return
        meta = {"channel": fields.get("input_channel") or ""}
        # A message is on the stream twice when Rasa published it again after its early copy
        # (bot/event_broker.py); the message id makes the second one a no-op.
        key = f"msg:{fields['message_id']}" if fields.get("message_id") else f"rasa:{entry_id}"
        await self.service.buyer_message(
            fields.get("sender_id") or "", fields.get("text") or "", float(fields.get("timestamp") or 0),
            key, meta)

    async def on_outbox(self, entry_id: str, fields: Dict[str, str]) -> None:
        kind, conversation = fields["kind"], fields["conversation_id"]
        if kind == "say":
            await self._deliver_message(fields["ticket_id"], conversation, fields["message_id"],
                                        fields.get("agent_name") or "")
        elif kind == "joined":
            # Pausing again is harmless, and covers a ticket left outside business hours.
            await self.rasa.append_events(conversation, [{"event": "pause"}])
            await self.rasa.relay(conversation, "joined", agent_name=fields.get("agent_name") or "")
        elif kind == "typing":
            try:
                await self.rasa.typing(fields["channel"], conversation)
            except RasaError as error:  # a lost "typing..." is not worth holding up the chat
                logger.info("typing indicator for %s not shown: %s", conversation, error)
        elif kind == "queued":
            await self.rasa.relay(conversation, "queued", queue_position=fields["position"],
                                  wait_minutes=fields["wait_minutes"])
        elif kind == "resume":
            await self.rasa.relay(conversation, "resumed", resume=True)
        elif kind == "close":
            await self.rasa.relay(conversation, "closed", resume=True, rating_ticket=fields["ticket_id"])
        else:
            logger.error("unknown outbox entry %s: %s", entry_id, fields)

    async def _deliver_message(self, ticket_id: str, conversation: str, message_id: str,
                               agent_name: str) -> None:
        delivered = f"{ticket_id}:{message_id}"  # stream ids are unique per ticket only
        if await self.redis.sismember(DELIVERED, delivered):
            return
        entries = await self.redis.xrange(self.service.queue.key("msgs", ticket_id), message_id, message_id)
        if not entries:
            logger.error("agent message %s of ticket %s is gone", message_id, ticket_id)
            return
        _, fields = entries[0]
        meta = json.loads(fields.get("meta") or "{}")
        # Decided when it is sent: a message held up (Rasa down) may need the tag by then. Only
        # read the ticket when tags are on: this is every agent message's path.
        tag = None
        if human_agent_tag_enabled():
            ticket = await self.service.queue.get_ticket(ticket_id)
            tag = ticket.reply_tag(self.service.queue.clock()) if ticket is not None else None
        await self.rasa.say(conversation, meta.get("buyer_text") or fields.get("text") or "", agent_name,
                            message_tag=tag)
        await self.redis.sadd(DELIVERED, delivered)
        await self.hub.to_agent(fields.get("agent_id") or "", {
            "type": "delivered", "ticket_id": ticket_id, "message_id": message_id})


async def sweep(service: HandoffService, hub: Hub, every_s: float = 1.0, silent_after_s: float = 90.0,
                offer_timeout_s: float = 0.0) -> None:
    """Lapsed offers back to the queue, waiting chats offered to free agents (when
    `offer_timeout_s` > 0), SLA breaches marked, agents without heartbeat released."""
    rounds = 0
    while True:
        try:
            lapsed = await service.queue.requeue_lapsed_offers()
            changed = [ticket_id for ticket_id, _ in lapsed]
            if offer_timeout_s > 0:
                await service.offers_lapsed([agent_id for _, agent_id in lapsed], pause_s=offer_timeout_s)
                changed += await service.offer_waiting(offer_timeout_s)
            changed += await service.queue.mark_breaches()
            if rounds % 15 == 0:
                changed += await service.queue.release_silent_agents(silent_after_s)
            if changed:
                await hub.queue_changed()
            if rounds % 30 == 0:
                await service.notify_waiting_buyers()
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logger.warning("sweep failed: %s", error)
        rounds += 1
        await asyncio.sleep(every_s)

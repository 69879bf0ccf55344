"""The agent queue: tickets, routing, offers, SLA clocks and handoff messages, all in Redis.

Why sorted sets and Lua scripts, not Redis Streams with consumer groups
------------------------------------------------------------------------
A consumer group hands the next entry to whichever consumer asks; it cannot skip entries a
consumer may not take. Routing here must skip: an agent gets the oldest ticket of the
highest priority class *that matches their languages and skills and fits their capacity*.
So each priority class is a sorted set whose score is the ticket's enqueue sequence (a
Redis counter, so FIFO holds across several service processes and clock skew), and every
state change is one Lua script. Redis runs a script atomically: when 20 agents claim one
ticket at once, exactly one script sees it waiting and assigns it; the others see it
taken. A script either runs to the end or not at all, so a process killed mid-claim cannot
leave a ticket both assigned and queued. Offers keep the enqueue sequence on the ticket, so
a lapsed offer puts the ticket back at its original place.

Messages during a handoff are different: they are an append-only log read in order, which
is what a stream is. Each ticket has its own stream, read with XREAD from a last-seen id.
Each direction has one reader (the agent's console, the relay to the buyer), so a cursor
per reader stored in Redis gives resumable at-least-once reading without consumer groups'
pending lists and XAUTOCLAIM.

Key layout (prefix ``handoff:`` by default, see ``QueueConfig.key_prefix``)
--------------------------------------------------------------------------
  ticket:<id>                 hash   the ticket (models.Ticket; lists as JSON)
  conversation:<conv id>      string id of the conversation's open ticket (idempotent create)
  seq                         string enqueue counter
  queue:<priority>            zset   waiting ticket ids, score = enqueue sequence
  offers                      zset   offered ticket ids, score = offer deadline
  sla                         zset   unanswered open tickets, score = first-response due time
  agent:<id>                  hash   the agent (models.Agent; lists as JSON)
  agent:<id>:tickets          set    tickets offered or assigned to the agent (its load)
  agents                      set    all agent ids
  online                      set    ids of agents whose status is online
  speakers:<language>         set    agents who declared the language
  stats:handling              list   recent handling times in seconds (newest first)
  msgs:<ticket id>            stream the handoff's messages, buyer->agent and agent->buyer
  msgkeys:<ticket id>         hash   idempotency key -> stream id of the message stored
  cursor:<ticket id>          hash   consumer name -> last acknowledged stream id

Everything lives in Redis; the Python process holds no state, so a restart loses nothing.
This uses keys that scripts compute, so it needs a single Redis instance (not Cluster).
Durability across a crash of Redis itself is Redis's: run it with appendonly (as tests do).

Delivery guarantees
-------------------
- Tickets: creation is idempotent per conversation (one open ticket per conversation). A
  ticket is in exactly one place: a queue (waiting), the offers set and one agent's load
  (offered), or one agent's load (assigned). Claims and offers are exactly-once: one winner.
- Offers: an offer not accepted by its deadline, or whose agent is released
  (``release_agent`` on disconnect, ``release_silent_agents`` for agents without a recent
  heartbeat), returns to its queue at its original place. The service runs
  ``requeue_expired`` periodically; a claim also treats a lapsed offer as waiting, so a late
  sweep never blocks a ticket.
- Messages: at least once with idempotent storage. A post carries a client-supplied
  idempotency key; a retried post returns the message already stored instead of storing it
  twice. Readers resume from the last id they processed (their own, or a cursor stored in
  Redis with ``read_unacked``/``ack``); a reader that crashes after handling a message but
  before acknowledging it sees it again, so consumers de-duplicate by message id.

Routing policy
--------------
An online agent may take a ticket when (a) they have the ticket's topic as a skill, or the
general skill, or the ticket's topic is general/empty; and (b) they speak the ticket's
language, or ``LanguagePolicy`` allows otherwise (FALLBACK, the default: only while no online
agent speaks it *and* has the skill (a) for the ticket, whether busy or not; the console
translates). Capacity counts offered and assigned tickets.
Finding the next ticket scans the classes in priority order, oldest first, skipping tickets
the agent may not take; cost grows with the tickets skipped.
"""
import json
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Iterable, List, Mapping, Optional, Sequence, Tuple

import redis.asyncio as aioredis

from handoff.models import (
    Agent, AgentStatus, Message, QueueConfig, QueuePosition, Sender, Ticket, TicketStatus,
    WaitingTicket, normalize_language,
)

LUA_DIR = Path(__file__).parent / "lua"
SCRIPTS = (
    "create_ticket", "claim", "next_ticket", "offer", "requeue_expired", "agent_upsert",
    "agent_status", "release_silent", "finish", "rate", "post_message", "mark_breaches", "ack",
)


class HandoffError(Exception):
    """Base of the errors the queue raises on purpose."""


class NotFound(HandoffError):
    """The ticket or agent does not exist."""


class Rejected(HandoffError):
    """The operation is not allowed in the current state; `reason` says why.

    Reasons: taken, offered_to_other, finished, not_finished, not_assigned, capacity,
    language, skill, agent_away, reply_window.
    """

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _ts(value: float) -> str:
    return f"{value:.6f}"


def _words(values: Iterable[str]) -> List[str]:
    return sorted({v.strip().lower() for v in values if v and v.strip()})


class HandoffQueue:
    """The Redis core of the agent queue. Stateless: any number may share one Redis."""

    def __init__(self, redis: aioredis.Redis, config: QueueConfig = QueueConfig(),
                 clock: Callable[[], float] = time.time):
        if not redis.connection_pool.connection_kwargs.get("decode_responses"):
            raise ValueError("HandoffQueue needs a Redis client with decode_responses=True")
        self.redis = redis
        self.config = config
        self.clock = clock
        lib = (LUA_DIR / "_lib.lua").read_text()
        self._scripts = {
            name: redis.register_script(lib + "\n" + (LUA_DIR / f"{name}.lua").read_text())
            for name in SCRIPTS
        }

    # -- keys and script calls -------------------------------------------------------------

    def key(self, *parts: str) -> str:
        return self.config.key_prefix + ":".join(parts)

    async def _run(self, script: str, *args: Any) -> List[str]:
        return await self._scripts[script](keys=[], args=[self.config.key_prefix, *args])

    async def _run_checked(self, script: str, *args: Any) -> List[str]:
        result = await self._run(script, *args)
        if result[0] != "ok":
            _raise(result[0])
        return result

    def _routing_args(self) -> List[str]:
        return [self.config.language_policy.value, self.config.general_skill]

    # -- tickets ---------------------------------------------------------------------------

    async def create_ticket(
        self, conversation_id: str, *, channel: str, language: str, topic: str,
        priority: str = "normal", order_id: Optional[str] = None,
        case_ids: Sequence[str] = (), summary: str = "",
        transcript: Sequence[Mapping[str, Any]] = (), chinese_script: Optional[str] = None,
    ) -> Ticket:
        """Queue a ticket; returns the conversation's open ticket instead if it has one."""
        if not conversation_id:
            raise ValueError("conversation_id is required")
        target = self.config.priority(priority).first_response_target_s
        now = self.clock()
        fields = {
            "channel": channel, "language": normalize_language(language),
            "topic": topic.strip().lower(), "order_id": order_id or "",
            "case_ids": json.dumps(list(case_ids)), "summary": summary,
            "transcript": json.dumps(list(transcript)), "created_at": _ts(now),
            "chinese_script": chinese_script or "",
        }
        pairs = [item for pair in fields.items() for item in pair]
        ticket_id, _created = await self._run(
            "create_ticket", uuid.uuid4().hex, conversation_id, priority, _ts(now + target), *pairs)
        return await self._ticket(ticket_id)

    async def get_ticket(self, ticket_id: str) -> Optional[Ticket]:
        h = await self.redis.hgetall(self.key("ticket", ticket_id))
        return Ticket.from_hash(h) if h else None

    async def _ticket(self, ticket_id: str) -> Ticket:
        ticket = await self.get_ticket(ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        return ticket

    async def open_ticket_for(self, conversation_id: str) -> Optional[Ticket]:
        ticket_id = await self.redis.get(self.key("conversation", conversation_id))
        ticket = await self.get_ticket(ticket_id) if ticket_id else None
        return ticket if ticket is not None and ticket.is_open else None

    async def _tickets(self, ids: Sequence[str]) -> List[Ticket]:
        async with self.redis.pipeline(transaction=False) as pipe:
            for ticket_id in ids:
                pipe.hgetall(self.key("ticket", ticket_id))
            hashes = await pipe.execute()
        return [Ticket.from_hash(h) for h in hashes if h]

    async def list_waiting(self, include_offered: bool = False) -> List[WaitingTicket]:
        """The queue view: by priority class, then oldest first, with waiting time and SLA clock."""
        names = self.config.priority_names
        async with self.redis.pipeline(transaction=True) as pipe:
            for name in names:
                pipe.zrange(self.key("queue", name), 0, -1)
            pipe.zrange(self.key("offers"), 0, -1)
            *queues, offered = await pipe.execute()
        ids = [i for queue in queues for i in queue] + (offered if include_offered else [])
        wanted = {TicketStatus.WAITING} | ({TicketStatus.OFFERED} if include_offered else set())
        rank = {name: i for i, name in enumerate(names)}
        tickets = sorted(
            (t for t in await self._tickets(ids) if t.status in wanted and t.priority in rank),
            key=lambda t: (rank[t.priority], t.seq))
        now = self.clock()
        return [WaitingTicket(t, t.waiting_s(now), t.first_response_left_s(now)) for t in tickets]

    async def queue_position(self, ticket_id: str) -> Optional[QueuePosition]:
        """Where a waiting (or offered) ticket stands; None once assigned or finished.

        `ahead` counts waiting tickets of higher classes and older ones of its own class. The
        estimated wait is ahead x mean recent handling time / online agents (at least one).
        """
        ticket = await self._ticket(ticket_id)
        if ticket.status not in (TicketStatus.WAITING, TicketStatus.OFFERED):
            return None
        names = self.config.priority_names
        higher = names[:names.index(ticket.priority)]
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrank(self.key("queue", ticket.priority), ticket_id)
            for name in higher:
                pipe.zcard(self.key("queue", name))
            pipe.scard(self.key("online"))
            pipe.lrange(self.key("stats", "handling"), 0, -1)
            rank, *counts, online, handling = await pipe.execute()
        # No rank: offered, or taken since we read it; either way nobody is ahead any more.
        ahead = rank + sum(counts) if rank is not None else 0
        mean = (sum(map(float, handling)) / len(handling) if handling
                else self.config.default_handling_s)
        return QueuePosition(position=ahead + 1, ahead=ahead,
                             estimated_wait_s=ahead * mean / max(1, online))

    # -- agents ----------------------------------------------------------------------------

    async def upsert_agent(self, agent_id: str, *, display_name: str, languages: Iterable[str],
                           skills: Iterable[str], capacity: int,
                           status: AgentStatus = AgentStatus.ONLINE) -> Agent:
        """Create or update an agent; their current tickets stay theirs."""
        if not agent_id:
            raise ValueError("agent_id is required")
        if capacity < 0:
            raise ValueError("capacity must be 0 or more")
        # Order kept: the first language is the one the agent reads and writes in.
        languages = [lang for lang in dict.fromkeys(normalize_language(x) for x in languages) if lang]
        await self._run("agent_upsert", agent_id, display_name, json.dumps(languages),
                        json.dumps(_words(skills)), int(capacity), AgentStatus(status).value,
                        _ts(self.clock()))
        return await self._agent(agent_id)

    async def get_agent(self, agent_id: str) -> Optional[Agent]:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hgetall(self.key("agent", agent_id))
            pipe.smembers(self.key("agent", agent_id, "tickets"))
            h, tickets = await pipe.execute()
        return Agent.from_hash(h, list(tickets)) if h else None

    async def _agent(self, agent_id: str) -> Agent:
        agent = await self.get_agent(agent_id)
        if agent is None:
            raise NotFound(f"no agent {agent_id}")
        return agent

    async def list_agents(self) -> List[Agent]:
        ids = sorted(await self.redis.smembers(self.key("agents")))
        agents = [await self.get_agent(agent_id) for agent_id in ids]
        return [a for a in agents if a is not None]

    async def set_agent_status(self, agent_id: str, status: AgentStatus) -> None:
        """Online agents get tickets; away agents keep their chats but get no new ones."""
        await self._run_checked("agent_status", agent_id, AgentStatus(status).value,
                                _ts(self.clock()), "none")

    async def heartbeat(self, agent_id: str) -> None:
        await self._run_checked("agent_status", agent_id, "", _ts(self.clock()), "none")

    async def release_agent(self, agent_id: str, requeue_assigned: bool = False) -> List[str]:
        """The agent disconnected: mark them away and put their offers back in the queue.

        Assigned chats stay with the agent (a reconnect resumes them) unless
        `requeue_assigned`. Returns the ids of the tickets put back.
        """
        result = await self._run_checked("agent_status", agent_id, AgentStatus.AWAY.value,
                                          _ts(self.clock()),
                                          "all" if requeue_assigned else "offers")
        return result[1:]

    async def release_silent_agents(self, max_silence_s: float,
                                    now: Optional[float] = None) -> List[str]:
        """`release_agent` for every online agent without a heartbeat for max_silence_s.

        Covers agents whose connection died with a crashed service and never came back:
        otherwise they would stay online, get offers and block the language fallback.
        Returns the ids of the agents released.
        """
        now = self.clock() if now is None else now
        return sorted(await self._run("release_silent", _ts(now - max_silence_s)))

    # -- routing ---------------------------------------------------------------------------

    async def next_for_agent(self, agent_id: str) -> Optional[Ticket]:
        """The ticket the agent would get now, without taking it; None if nothing fits."""
        return await self._next(agent_id, "peek")

    async def claim_next(self, agent_id: str) -> Optional[Ticket]:
        """Atomically take the ticket `next_for_agent` would return; None if nothing fits."""
        return await self._next(agent_id, "claim")

    async def _next(self, agent_id: str, mode: str) -> Optional[Ticket]:
        result = await self._run("next_ticket", agent_id, _ts(self.clock()),
                                 *self._routing_args(), mode, *self.config.priority_names)
        if result[0] == "none":
            return None
        if result[0] != "ok":
            _raise(result[0])
        return await self._ticket(result[1])

    async def claim(self, agent_id: str, ticket_id: str) -> Ticket:
        """Assign a waiting ticket (or accept one offered to this agent).

        Exactly one of several concurrent claims wins; the others raise Rejected('taken').
        Retrying a claim that already succeeded returns the ticket.
        """
        await self._run_checked("claim", agent_id, ticket_id, _ts(self.clock()),
                                *self._routing_args())
        return await self._ticket(ticket_id)

    async def offer(self, ticket_id: str, agent_id: str,
                    timeout_s: Optional[float] = None) -> Ticket:
        """Reserve a waiting ticket for one agent until they `claim` it or the offer lapses."""
        timeout = self.config.default_offer_timeout_s if timeout_s is None else timeout_s
        now = self.clock()
        await self._run_checked("offer", ticket_id, agent_id, _ts(now), _ts(now + timeout),
                                *self._routing_args())
        return await self._ticket(ticket_id)

    async def requeue_expired(self, now: Optional[float] = None) -> List[str]:
        """Put lapsed offers back at their original place; run this periodically."""
        return [ticket_id for ticket_id, _ in await self.requeue_lapsed_offers(now)]

    async def requeue_lapsed_offers(self, now: Optional[float] = None) -> List[Tuple[str, str]]:
        """`requeue_expired`, returning (ticket id, the agent it was offered to) pairs."""
        flat = await self._run("requeue_expired", _ts(self.clock() if now is None else now))
        return list(zip(flat[::2], flat[1::2]))

    # -- lifecycle -------------------------------------------------------------------------

    async def resume(self, ticket_id: str, by_agent: Optional[str] = None) -> Ticket:
        """Hand the conversation back to the bot. With `by_agent`, only that agent's chat."""
        return await self._finish(ticket_id, TicketStatus.RESUMED, None, None, by_agent)

    async def close(self, ticket_id: str, rating: Optional[int] = None,
                    comment: Optional[str] = None, by_agent: Optional[str] = None) -> Ticket:
        return await self._finish(ticket_id, TicketStatus.CLOSED, rating, comment, by_agent)

    async def rate(self, ticket_id: str, rating: int, comment: Optional[str] = None) -> Ticket:
        """Store the buyer's rating of a finished ticket (asked after closing)."""
        await self._run_checked("rate", ticket_id, _rating(rating), comment or "")
        return await self._ticket(ticket_id)

    async def _finish(self, ticket_id: str, status: TicketStatus, rating: Optional[int],
                      comment: Optional[str], by_agent: Optional[str]) -> Ticket:
        await self._run_checked(
            "finish", ticket_id, status.value, _ts(self.clock()),
            "" if rating is None else _rating(rating), comment or "",
            self.config.handling_sample, by_agent or "")
        return await self._ticket(ticket_id)

    async def mark_breaches(self, now: Optional[float] = None) -> List[str]:
        """Mark unanswered tickets past their first-response target; returns those newly marked.

        A first response that comes late is marked when it is posted.
        """
        return await self._run("mark_breaches", _ts(self.clock() if now is None else now))

    # -- messages --------------------------------------------------------------------------

    async def post_message(self, ticket_id: str, sender: Sender, text: str,
                           idempotency_key: str, *, agent_id: Optional[str] = None,
                           meta: Optional[Mapping[str, Any]] = None) -> Message:
        """Append a message to the handoff; a retry with the same key returns the stored one."""
        message, _ = await self.append_message(ticket_id, sender, text, idempotency_key,
                                               agent_id=agent_id, meta=meta)
        return message

    async def append_message(self, ticket_id: str, sender: Sender, text: str,
                             idempotency_key: str, *, agent_id: Optional[str] = None,
                             meta: Optional[Mapping[str, Any]] = None) -> Tuple[Message, bool]:
        """`post_message`, and whether this call stored it (False: a retry of a stored key).

        Agent messages need the agent the ticket is assigned to; the first one records the
        first response (and the SLA breach if it is late).
        """
        sender = Sender(sender)
        if not idempotency_key:
            raise ValueError("idempotency_key is required")
        if sender is Sender.AGENT and not agent_id:
            raise ValueError("agent messages need agent_id")
        result = await self._run_checked(
            "post_message", ticket_id, sender.value, agent_id or "", idempotency_key,
            _ts(self.clock()), text, json.dumps(dict(meta or {})))
        entries = await self.redis.xrange(self.key("msgs", ticket_id), result[1], result[1])
        return Message.from_entry(ticket_id, *entries[0]), result[2] == "1"

    async def read_messages(self, ticket_id: str, after: str = "0-0", count: int = 100,
                            block_ms: Optional[int] = None) -> List[Message]:
        """Messages stored after the id `after`, oldest first; waits up to block_ms for one."""
        stream = self.key("msgs", ticket_id)
        result = await self.redis.xread({stream: after}, count=count, block=block_ms)
        entries = result[0][1] if result else []
        return [Message.from_entry(ticket_id, entry_id, fields) for entry_id, fields in entries]

    async def read_unacked(self, ticket_id: str, consumer: str, count: int = 100,
                           block_ms: Optional[int] = None) -> List[Message]:
        """Messages after `consumer`'s stored cursor: a restarted relay resumes here."""
        cursor = await self.redis.hget(self.key("cursor", ticket_id), consumer)
        return await self.read_messages(ticket_id, cursor or "0-0", count, block_ms)

    async def ack(self, ticket_id: str, consumer: str, message_id: str) -> str:
        """Record that `consumer` has handled everything up to message_id; returns the cursor."""
        return await self._run("ack", ticket_id, consumer, message_id)


def _rating(rating: int) -> int:
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValueError("rating must be an integer from 1 to 5")
    return rating


def _raise(reason: str) -> None:
    if reason in ("ticket_unknown", "agent_unknown"):
        raise NotFound(f"{reason.split('_')[0]} not found")
    raise Rejected(reason)

"""What agents and the bot can do in a handoff, on top of the queue: the service's use cases.

HTTP handlers (handoff/api/) parse and authorise, then call these methods; the relay loops
(handoff/relay.py) call them too. Every buyer-facing effect (an agent's message, "an agent
joined", hand-back, the rating question) goes through the outbox stream, so it survives a
restart and reaches the buyer in the order the agent caused it.
"""
import json
import logging
import math
import time
import uuid
from typing import Any, Dict, Iterable, List, Mapping, Optional

import redis.asyncio as aioredis

from bot.language.scripts import SIMPLIFIED, TRADITIONAL, to_traditional
from bot.translation import Translator
from handoff.agents import AgentDirectory
from handoff.hours import Availability, BusinessHours
from handoff.models import Agent, AgentStatus, Message, Sender, Ticket, TicketStatus
from handoff.notify import Hub
from handoff.queue import HandoffQueue, NotFound, Rejected

logger = logging.getLogger(__name__)

OUTBOX = "handoff:outbox"
# Channels whose buyers see the queue live (the widget polls) or cannot be pushed to (REST).
PUSHLESS_CHANNELS = {"socketio", "rest", ""}
TYPING_TTL_S = 5
TYPING_RESEND_S = 4
# Channels (Rasa input channel names) with a typing indicator route (bot/channels/typing.py).
TYPING_CHANNELS = frozenset({"telegram", "facebook"})


class Forbidden(Exception):
    """The agent may not act on this ticket (it is not theirs)."""


def agent_language(agent: Optional[Agent]) -> str:
    """The language an agent reads and writes in: the first they declared."""
    return agent.languages[0] if agent and agent.languages else "en"


class HandoffService:
    def __init__(self, redis: aioredis.Redis, queue: HandoffQueue, hub: Hub, translator: Translator,
                 directory: AgentDirectory, hours: BusinessHours):
        self.redis = redis
        self.queue = queue
        self.hub = hub
        self.translator = translator
        self.directory = directory
        self.hours = hours

    # -- agents ----------------------------------------------------------------------------

    async def login(self, agent_id: str) -> Agent:
        """Register the account with the queue (keeping status and languages set earlier)."""
        account = self.directory.accounts[agent_id]
        existing = await self.queue.get_agent(agent_id)
        return await self.queue.upsert_agent(
            agent_id, display_name=account.display_name,
            languages=existing.languages if existing else account.languages,
            skills=account.skills, capacity=account.capacity,
            status=existing.status if existing else AgentStatus.ONLINE)

    async def update_agent(self, agent: Agent, status: Optional[str], languages: Optional[List[str]]) -> Agent:
        account = self.directory.accounts[agent.id]
        if languages is not None:
            agent = await self.queue.upsert_agent(
                agent.id, display_name=account.display_name, languages=languages,
                skills=account.skills, capacity=account.capacity, status=agent.status)
        if status is not None:
            await self.queue.set_agent_status(agent.id, AgentStatus(status))
            await self.redis.set(self.queue.key("chosen_status", agent.id), status)
        await self.hub.queue_changed()
        return await self.queue.get_agent(agent.id)

    async def restore_status(self, agent_id: str) -> None:
        """A console connected: the agent is back with the status they last chose (online by default)."""
        chosen = await self.redis.get(self.queue.key("chosen_status", agent_id))
        await self.queue.set_agent_status(agent_id, AgentStatus(chosen or AgentStatus.ONLINE.value))
        await self.hub.queue_changed()

    # -- tickets from the bot ----------------------------------------------------------------

    def availability(self, topic: str) -> Availability:
        return self.hours.availability(topic)

    async def create_ticket(self, body: Mapping[str, Any]) -> Dict[str, Any]:
        availability = self.availability(body.get("topic") or "")
        summary = body.get("summary") or ""
        if body.get("offline_message"):
            summary = f"{summary}; left outside business hours: {body['offline_message']}".lstrip("; ")
        existing = await self.queue.open_ticket_for(body["conversation_id"])
        ticket = await self.queue.create_ticket(
            body["conversation_id"], channel=body.get("channel") or "", language=body.get("language") or "en",
            topic=body.get("topic") or "general", priority=body.get("priority") or "normal",
            order_id=body.get("order_id"), case_ids=body.get("case_ids") or [], summary=summary,
            transcript=body.get("transcript") or [],
            chinese_script=body.get("chinese_script") if body.get("chinese_script") in (TRADITIONAL, SIMPLIFIED) else None)
        if body.get("context") is not None:
            await self.redis.hset(self.queue.key("ticket", ticket.id), "context",
                                  json.dumps(body["context"], ensure_ascii=False, default=str))
        position = await self.queue.queue_position(ticket.id)
        await self.hub.queue_changed()
        return {"ticket": await self.ticket_dict(ticket), "created": existing is None,
                "position": position.position if position else None,
                "estimated_wait_s": round(position.estimated_wait_s) if position else None,
                **availability.to_dict()}

    async def ticket_dict(self, ticket: Ticket) -> Dict[str, Any]:
        data = ticket.to_dict()
        raw = await self.redis.hget(self.queue.key("ticket", ticket.id), "context")
        data["context"] = json.loads(raw) if raw else {"order": None, "cases": []}
        return data

    async def rate(self, ticket_id: str, rating: int, comment: Optional[str]) -> Ticket:
        return await self.queue.rate(ticket_id, rating, comment)

    # -- agent actions -----------------------------------------------------------------------

    async def _own_ticket(self, agent: Agent, ticket_id: str) -> Ticket:
        ticket = await self.queue.get_ticket(ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        if ticket.agent_id != agent.id or ticket.status is not TicketStatus.ASSIGNED:
            raise Forbidden("this chat is not assigned to you")
        return ticket

    async def claim(self, agent: Agent, ticket_id: Optional[str]) -> Optional[Ticket]:
        already = ticket_id and (await self.queue.get_ticket(ticket_id) or None)
        was_mine = bool(already and already.agent_id == agent.id and already.status is TicketStatus.ASSIGNED)
        ticket = (await self.queue.claim(agent.id, ticket_id) if ticket_id
                  else await self.queue.claim_next(agent.id))
        if ticket is None:
            return None
        if not was_mine:
            await self._outbox(ticket, "joined", agent_name=agent.display_name)
            await self.hub.queue_changed()
            await self.hub.to_agent(agent.id, {"type": "ticket", "ticket": await self.ticket_dict(ticket)})
        return ticket

    async def send(self, agent: Agent, ticket_id: str, text: str, idempotency_key: str) -> Dict[str, Any]:
        """Store the agent's message with its translation, then queue it for the buyer."""
        ticket = await self._own_ticket(agent, ticket_id)
        closes_at = ticket.reply_window_closes_at
        if closes_at is not None and self.queue.clock() > closes_at:
            # The app would refuse it and the buyer would never see it: say so to the agent now.
            raise Rejected("reply_window")
        source = agent_language(agent)
        result = await self.translator.translate(text, source, ticket.language)
        buyer_text = result.text
        if ticket.language == "zh" and ticket.chinese_script == TRADITIONAL:
            buyer_text = to_traditional(buyer_text)  # translators and agents write Simplified
        meta = {"source_language": source, "buyer_language": ticket.language,
                "buyer_text": buyer_text, "translated": result.ok and source != ticket.language}
        message, new = await self.queue.append_message(ticket_id, Sender.AGENT, text, idempotency_key,
                                                       agent_id=agent.id, meta=meta)
        # Always queued, also on a retry: the delivery loop sends each message id once, and a
        # crash between storing and queueing must not strand the message.
        await self._outbox(ticket, "say", message_id=message.id, agent_name=agent.display_name)
        if new:
            await self.hub.to_agent(agent.id, {"type": "message", "ticket_id": ticket_id,
                                               "message": self.message_dict(message, None)})
        return self.message_dict(message, None)

    async def typing(self, agent: Agent, ticket_id: str) -> None:
        ticket = await self._own_ticket(agent, ticket_id)
        await self.redis.set(self.queue.key("typing", ticket_id), agent.display_name, ex=TYPING_TTL_S)
        # Messaging apps show "typing..." for about 5 s per call: one call per 4 s of typing,
        # through the outbox so it reaches the buyer before the message it announces.
        if ticket.channel in TYPING_CHANNELS and await self.redis.set(
                self.queue.key("typing_sent", ticket_id), "1", ex=TYPING_RESEND_S, nx=True):
            await self._outbox(ticket, "typing", channel=ticket.channel)

    async def resume(self, agent: Agent, ticket_id: str) -> Ticket:
        return await self._finish(agent, ticket_id, "resume")

    async def close(self, agent: Agent, ticket_id: str) -> Ticket:
        return await self._finish(agent, ticket_id, "close")

    async def _finish(self, agent: Agent, ticket_id: str, how: str) -> Ticket:
        """Resume or close; a retry returns the finished ticket without telling the buyer twice."""
        before = await self.queue.get_ticket(ticket_id)
        finish = self.queue.resume if how == "resume" else self.queue.close
        ticket = await finish(ticket_id, by_agent=agent.id)
        if before is not None and before.is_open:
            await self._outbox(ticket, how)
            await self.hub.to_agent(agent.id, {"type": "ticket", "ticket": await self.ticket_dict(ticket)})
            await self.hub.queue_changed()
        return ticket

    async def mine(self, agent: Agent) -> List[Ticket]:
        """The agent's chats and the chats offered to them."""
        tickets = [await self.queue.get_ticket(t) for t in agent.active_tickets]
        return [t for t in tickets if t is not None and t.agent_id == agent.id
                and t.status in (TicketStatus.ASSIGNED, TicketStatus.OFFERED)]

    async def offer_waiting(self, timeout_s: float) -> List[str]:
        """Offers each online agent with room, and no offer pending, the next chat they may take
        (routing and priority as for "take next"; the least busy agents first). An offer not
        accepted (claimed) within `timeout_s` goes back to its place in the queue (sweep), as
        does one whose agent goes away or disconnects. Returns the ids of the offered tickets."""
        agents = [a for a in await self.queue.list_agents()
                  if a.status is AgentStatus.ONLINE and len(a.active_tickets) < a.capacity]
        offered: List[str] = []
        for agent in sorted(agents, key=lambda a: (len(a.active_tickets), a.id)):
            if await self.redis.exists(self.queue.key("offer_pause", agent.id)):
                continue  # let an offer lapse a moment ago: probably not at the desk
            if any(t.status is TicketStatus.OFFERED for t in await self.mine(agent)):
                continue  # one offer at a time
            ticket = await self.queue.next_for_agent(agent.id)
            if ticket is None:
                continue
            try:
                ticket = await self.queue.offer(ticket.id, agent.id, timeout_s)
            except Rejected:  # another process offered it first, or the agent changed meanwhile
                continue
            offered.append(ticket.id)
            await self.hub.to_agent(agent.id, {"type": "ticket", "ticket": await self.ticket_dict(ticket)})
        return offered

    async def offers_lapsed(self, agent_ids: Iterable[str], pause_s: float) -> None:
        """Agents who let an offer lapse (`queue.requeue_lapsed_offers`) get no new offer for
        `pause_s`: the chat goes to someone else if anyone is free, instead of straight back."""
        for agent_id in agent_ids:
            if agent_id:
                await self.redis.set(self.queue.key("offer_pause", agent_id), "1", ex=max(1, int(pause_s)))

    async def view(self, agent: Agent, ticket_id: str) -> Dict[str, Any]:
        """The ticket with its messages, buyer messages translated into the agent's language."""
        ticket = await self.queue.get_ticket(ticket_id)
        if ticket is None:
            raise NotFound(f"no ticket {ticket_id}")
        messages = await self.queue.read_messages(ticket_id, count=1000)
        language = agent_language(agent)
        data = await self.ticket_dict(ticket)
        data["messages"] = [self.message_dict(m, await self._translation(m, ticket, language))
                            for m in messages]
        return data

    # -- buyer messages (from the relay) -------------------------------------------------------

    async def buyer_message(self, conversation_id: str, text: str, at: float, key: str,
                            meta: Mapping[str, Any]) -> Optional[Message]:
        """A message the buyer wrote while the conversation is with a person, or None if it is not."""
        ticket = await self.queue.open_ticket_for(conversation_id)
        if ticket is None or at < ticket.created_at or not text:
            return None
        message, new = await self.queue.append_message(ticket.id, Sender.BUYER, text, key, meta=dict(meta))
        if not new:  # the same message read again: the agent has it already
            return message
        ticket = await self.queue.get_ticket(ticket.id) or ticket
        if ticket.agent_id:
            agent = await self.queue.get_agent(ticket.agent_id)
            translation = await self._translation(message, ticket, agent_language(agent))
            await self.hub.to_agent(ticket.agent_id, {
                "type": "message", "ticket_id": ticket.id, "message": self.message_dict(message, translation),
                "reply_window_closes_at": ticket.reply_window_closes_at})
        return message

    async def _translation(self, message: Message, ticket: Ticket, language: str) -> Optional[Dict[str, str]]:
        if message.sender is not Sender.BUYER or ticket.language == language:
            return None
        result = await self.translator.translate(message.text, ticket.language, language)
        return {"language": language, "text": result.text} if result.ok else None

    @staticmethod
    def message_dict(message: Message, translation: Optional[Dict[str, str]]) -> Dict[str, Any]:
        return {"id": message.id, "sender": message.sender.value, "text": message.text, "at": message.at,
                "agent_id": message.agent_id, "translation": translation,
                "buyer_text": message.meta.get("buyer_text")}

    # -- buyer status (widget) -------------------------------------------------------------------

    async def public_status(self, conversation_id: str) -> Dict[str, Any]:
        ticket = await self.queue.open_ticket_for(conversation_id)
        if ticket is None:
            return {"state": "none"}
        if ticket.status is TicketStatus.ASSIGNED:
            agent = await self.queue.get_agent(ticket.agent_id) if ticket.agent_id else None
            typing = await self.redis.exists(self.queue.key("typing", ticket.id))
            return {"state": "assigned", "agent_name": agent.display_name if agent else None,
                    "agent_typing": bool(typing)}
        position = await self.queue.queue_position(ticket.id)
        return {"state": "waiting", "position": position.position if position else 1,
                "estimated_wait_s": round(position.estimated_wait_s) if position else 0,
                "agent_typing": False}

    async def notify_waiting_buyers(self, min_interval_s: float = 120.0) -> int:
        """Tell waiting buyers on messaging apps their new place in line, at most every 2 minutes.

        The widget shows the place live (public status); REST has no way to receive it.
        """
        sent = 0
        now = time.time()
        for row in await self.queue.list_waiting():
            ticket = row.ticket
            if ticket.channel in PUSHLESS_CHANNELS:
                continue
            position = await self.queue.queue_position(ticket.id)
            if position is None:
                continue
            key = self.queue.key("told", ticket.id)
            told = await self.redis.hgetall(key)
            if told and (int(told.get("position", 0)) == position.position
                         or now - float(told.get("at", 0)) < min_interval_s):
                continue
            if not told:  # the bot told them at escalation; remember that as the first notice
                await self.redis.hset(key, mapping={"position": position.position, "at": ticket.created_at})
                await self.redis.expire(key, 86400)
                continue
            await self._outbox(ticket, "queued", position=str(position.position),
                               wait_minutes=str(max(1, math.ceil(position.estimated_wait_s / 60))))
            await self.redis.hset(key, mapping={"position": position.position, "at": now})
            sent += 1
        return sent

    # -- outbox ------------------------------------------------------------------------------------

    async def _outbox(self, ticket: Ticket, kind: str, **fields: str) -> None:
        await self.redis.xadd(OUTBOX, {"kind": kind, "ticket_id": ticket.id,
                                       "conversation_id": ticket.conversation_id,
                                       "id": uuid.uuid4().hex, "at": repr(time.time()), **fields})


__all__ = ["Forbidden", "HandoffService", "NotFound", "OUTBOX", "Rejected", "agent_language"]

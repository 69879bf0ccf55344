"""Plain data of the agent queue: configuration, tickets, agents, messages.

Nothing here talks to Redis; `handoff.queue` converts these to and from Redis hashes and
stream entries. All times are Unix epoch seconds (float).
"""
import json
import os
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any, Dict, List, Mapping, Optional, Tuple


class TicketStatus(str, Enum):
    WAITING = "waiting"    # in its priority queue
    OFFERED = "offered"    # reserved for one agent until the offer deadline
    ASSIGNED = "assigned"  # an agent is handling it
    RESUMED = "resumed"    # handed back to the bot (final)
    CLOSED = "closed"      # closed by the agent (final)


OPEN_STATUSES = (TicketStatus.WAITING, TicketStatus.OFFERED, TicketStatus.ASSIGNED)


class AgentStatus(str, Enum):
    ONLINE = "online"
    AWAY = "away"


class LanguagePolicy(str, Enum):
    """Which agents may take a ticket in a language they do not speak.

    STRICT:   never; the ticket waits for an agent who speaks the language.
    FALLBACK: only while no *online* agent who speaks the language could take the ticket,
              i.e. also has the ticket's skill (offline speakers, and speakers without the
              skill, do not help a buyer who is waiting now; a speaker who is merely busy
              does, as they free up); the console translates both ways.
    ANY:      always; language is ignored for routing.
    """

    STRICT = "strict"
    FALLBACK = "fallback"
    ANY = "any"


@dataclass(frozen=True)
class Priority:
    name: str
    first_response_target_s: float


DEFAULT_PRIORITIES: Tuple[Priority, ...] = (
    Priority("urgent", 60),
    Priority("high", 300),
    Priority("normal", 900),
    Priority("low", 3600),
)


@dataclass(frozen=True)
class QueueConfig:
    # Highest priority first; routing serves a class only when all higher ones have nothing
    # the agent may take.
    priorities: Tuple[Priority, ...] = DEFAULT_PRIORITIES
    language_policy: LanguagePolicy = LanguagePolicy.FALLBACK
    # An agent with this skill takes any topic; a ticket with this topic (or none) goes to anyone.
    general_skill: str = "general"
    default_offer_timeout_s: float = 30
    # Estimated waits use the mean handling time of the last `handling_sample` finished
    # tickets, or this default before there are any.
    default_handling_s: float = 300
    handling_sample: int = 50
    key_prefix: str = "handoff:"

    def priority(self, name: str) -> Priority:
        for priority in self.priorities:
            if priority.name == name:
                return priority
        raise ValueError(f"unknown priority {name!r}; known: {', '.join(self.priority_names)}")

    @property
    def priority_names(self) -> List[str]:
        return [p.name for p in self.priorities]


def normalize_language(tag: Optional[str]) -> str:
    """'es-ES', 'ES', 'es_es' -> 'es': routing matches on the primary language only."""
    return (tag or "").strip().replace("_", "-").split("-")[0].lower()


def _float(value: Optional[str]) -> Optional[float]:
    return float(value) if value not in (None, "") else None


# Messaging apps that deliver a business's free-form reply only within a window after the
# user's last message (WhatsApp's customer-service window, Messenger's standard messaging
# window). Rasa channel name -> (conversation id prefix, window); the twilio channel also
# carries SMS, which has no window.
REPLY_WINDOWS = {"twilio": ("whatsapp:", 24 * 3600.0), "facebook": ("", 24 * 3600.0)}
# Messenger's HUMAN_AGENT message tag: a person may answer up to 7 days after the user's last
# message (the page needs Meta's Human Agent permission). Opt-in, MESSENGER_HUMAN_AGENT_TAG
# (docs/channels.md): the facebook window is then 7 days, and a reply after the standard window
# goes out tagged (handoff/relay.py -> handoff/rasa_client.py -> bot/channels/messenger.py).
HUMAN_AGENT_TAG = "HUMAN_AGENT"
HUMAN_AGENT_WINDOWS = {"facebook": 7 * 24 * 3600.0}


def human_agent_tag_enabled() -> bool:
    """MESSENGER_HUMAN_AGENT_TAG is on (1, true, yes, on); read when asked, default off."""
    return os.environ.get("MESSENGER_HUMAN_AGENT_TAG", "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class Ticket:
    id: str
    conversation_id: str
    channel: str
    language: str
    topic: str
    priority: str
    status: TicketStatus
    created_at: float
    first_response_due_at: float
    # Order of enqueueing (from a Redis counter): the ticket's place inside its priority
    # class, kept when an offer lapses so the ticket goes back where it was.
    seq: int = 0
    order_id: Optional[str] = None
    case_ids: List[str] = field(default_factory=list)
    summary: str = ""
    transcript: List[Dict[str, Any]] = field(default_factory=list)
    # The agent holding the ticket: the one it is offered to, or the one it is assigned to.
    agent_id: Optional[str] = None
    offer_deadline: Optional[float] = None
    assigned_at: Optional[float] = None
    first_response_at: Optional[float] = None
    finished_at: Optional[float] = None
    sla_breached: bool = False
    rating: Optional[int] = None
    comment: Optional[str] = None
    # "traditional" for a Chinese buyer who writes Traditional characters: what they receive.
    chinese_script: Optional[str] = None
    # When the buyer last wrote to the agent (None: not since the ticket was created).
    last_buyer_at: Optional[float] = None

    @classmethod
    def from_hash(cls, h: Mapping[str, str]) -> "Ticket":
        return cls(
            id=h["id"],
            conversation_id=h["conversation_id"],
            channel=h.get("channel", ""),
            language=h.get("language", ""),
            topic=h.get("topic", ""),
            priority=h["priority"],
            status=TicketStatus(h["status"]),
            created_at=float(h["created_at"]),
            first_response_due_at=float(h["first_response_due_at"]),
            seq=int(h.get("seq") or 0),
            order_id=h.get("order_id") or None,
            case_ids=json.loads(h.get("case_ids") or "[]"),
            summary=h.get("summary", ""),
            transcript=json.loads(h.get("transcript") or "[]"),
            agent_id=h.get("agent_id") or None,
            offer_deadline=_float(h.get("offer_deadline")),
            assigned_at=_float(h.get("assigned_at")),
            first_response_at=_float(h.get("first_response_at")),
            finished_at=_float(h.get("finished_at")),
            sla_breached=h.get("sla_breached") == "1",
            rating=int(h["rating"]) if h.get("rating") else None,
            comment=h.get("comment") or None,
            chinese_script=h.get("chinese_script") or None,
            last_buyer_at=_float(h.get("last_buyer_at")),
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def waiting_s(self, now: float) -> float:
        """How long the buyer has waited for a person (until assignment, if assigned)."""
        end = self.assigned_at if self.assigned_at is not None else now
        return max(0.0, end - self.created_at)

    def first_response_left_s(self, now: float) -> Optional[float]:
        """Seconds until the first-response target; negative once late; None once answered."""
        if self.first_response_at is not None:
            return None
        return self.first_response_due_at - now

    @property
    def reply_window_closes_at(self) -> Optional[float]:
        """When the buyer's messaging app stops accepting replies until the buyer writes again;
        None on channels without such a window. The ticket is created on a buyer's message."""
        window = self._reply_window()
        return None if window is None else window[1]

    def reply_tag(self, now: float) -> Optional[str]:
        """The message tag an agent's reply sent at `now` needs: HUMAN_AGENT once the standard
        window is over (while the longer tagged window is open); None for a plain reply."""
        window = self._reply_window()
        if window is None or now <= window[0] or window[0] == window[1]:
            return None
        return HUMAN_AGENT_TAG

    def _reply_window(self) -> Optional[Tuple[float, float]]:
        """(end of the standard window, end of the window for this ticket) or None."""
        prefix, window = REPLY_WINDOWS.get(self.channel, (None, None))
        if window is None or not self.conversation_id.startswith(prefix):
            return None
        since = self.last_buyer_at or self.created_at
        tagged = HUMAN_AGENT_WINDOWS.get(self.channel) if human_agent_tag_enabled() else None
        return since + window, since + (tagged or window)

    def to_dict(self) -> Dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        data["reply_window_closes_at"] = self.reply_window_closes_at
        return data


@dataclass
class WaitingTicket:
    """A row of the queue view (GET /api/queue)."""

    ticket: Ticket
    waiting_s: float
    first_response_left_s: Optional[float]

    def to_dict(self) -> Dict[str, Any]:
        return {"ticket": self.ticket.to_dict(), "waiting_s": self.waiting_s,
                "first_response_left_s": self.first_response_left_s}


@dataclass
class QueuePosition:
    position: int             # 1 = next to be served
    ahead: int                # tickets before it: same class and older, or any higher class
    estimated_wait_s: float


@dataclass
class Agent:
    id: str
    display_name: str
    languages: List[str]
    skills: List[str]
    capacity: int
    status: AgentStatus
    last_heartbeat: Optional[float] = None
    active_tickets: List[str] = field(default_factory=list)  # offered + assigned

    @classmethod
    def from_hash(cls, h: Mapping[str, str], active_tickets: List[str]) -> "Agent":
        return cls(
            id=h["id"],
            display_name=h.get("display_name", h["id"]),
            languages=json.loads(h["languages"]),
            skills=json.loads(h["skills"]),
            capacity=int(h["capacity"]),
            status=AgentStatus(h["status"]),
            last_heartbeat=_float(h.get("last_heartbeat")),
            active_tickets=sorted(active_tickets),
        )

    def to_dict(self) -> Dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        return data


class Sender(str, Enum):
    BUYER = "buyer"
    AGENT = "agent"
    SYSTEM = "system"


@dataclass
class Message:
    id: str                  # Redis stream id: increasing in the order messages were stored
    ticket_id: str
    sender: Sender
    text: str
    idempotency_key: str
    at: float
    agent_id: Optional[str] = None
    meta: Dict[str, Any] = field(default_factory=dict)  # e.g. original text and translation

    @classmethod
    def from_entry(cls, ticket_id: str, entry_id: str, f: Mapping[str, str]) -> "Message":
        return cls(
            id=entry_id,
            ticket_id=ticket_id,
            sender=Sender(f["sender"]),
            text=f.get("text", ""),
            idempotency_key=f["key"],
            at=float(f["at"]),
            agent_id=f.get("agent_id") or None,
            meta=json.loads(f.get("meta") or "{}"),
        )

    def to_dict(self) -> Dict[str, Any]:
        data = asdict(self)
        data["sender"] = self.sender.value
        return data

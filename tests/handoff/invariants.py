"""Checks that every ticket is in exactly the place its status says, read straight from Redis."""
import redis

from handoff.models import QueueConfig


def problems(r: redis.Redis, config: QueueConfig = QueueConfig()) -> list:
    """Every inconsistency between ticket statuses, queues, offers and agent loads."""
    key = lambda *parts: config.key_prefix + ":".join(parts)  # noqa: E731
    queued = {}
    for name in config.priority_names:
        for ticket_id in r.zrange(key("queue", name), 0, -1):
            queued[ticket_id] = name
    offers = set(r.zrange(key("offers"), 0, -1))
    held = {}
    found = []
    for agent_id in r.smembers(key("agents")):
        tickets = r.smembers(key("agent", agent_id, "tickets"))
        if len(tickets) > int(r.hget(key("agent", agent_id), "capacity")):
            found.append(f"agent {agent_id} over capacity: {len(tickets)}")
        for ticket_id in tickets:
            if ticket_id in held:
                found.append(f"{ticket_id} held by {held[ticket_id]} and {agent_id}")
            held[ticket_id] = agent_id

    for ticket_key in r.scan_iter(key("ticket", "*")):
        t = r.hgetall(ticket_key)
        tid, status = t["id"], t["status"]
        where = (queued.get(tid), tid in offers, held.get(tid))
        expected = {
            "waiting": (t["priority"], False, None),
            "offered": (None, True, t.get("agent_id")),
            "assigned": (None, False, t.get("agent_id")),
            "closed": (None, False, None),
            "resumed": (None, False, None),
        }[status]
        if where != expected or (status in ("offered", "assigned") and not t.get("agent_id")):
            found.append(f"{tid} is {status} but (queue, offered, agent) = {where}")
    return found

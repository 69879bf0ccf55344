"""State lives only in Redis: a restarted or killed handoff process loses nothing."""
import asyncio
import os
import signal
import subprocess
import sys
import time

from handoff.models import AgentStatus, Sender, TicketStatus
from handoff.queue import HandoffQueue
from tests.handoff import invariants
from tests.handoff.chaos_worker import PROGRESS_KEY
from tests.handoff.helpers import connect, disconnect, new_agent, new_ticket
from tests.services import ROOT, base_env, redis_client


def test_a_restarted_process_finds_every_ticket_agent_offer_and_message(run, clock):
    async def before_restart(q):
        await new_agent(q, "ana", languages=["es"], capacity=2)
        chat = await new_ticket(q, "chat", "high", language="es")
        offered = await new_ticket(q, "offered", "normal")
        waiting = [await new_ticket(q, f"w{i}", p) for i, p in enumerate(["low", "urgent", "normal"])]
        await q.claim("ana", chat.id)
        await q.offer(offered.id, "ana", timeout_s=30)
        await q.post_message(chat.id, Sender.BUYER, "hola", "b1")
        reply = await q.post_message(chat.id, Sender.AGENT, "¡Hola!", "a1", agent_id="ana")
        await q.post_message(chat.id, Sender.BUYER, "mi pedido", "b2")
        await q.ack(chat.id, "agent-console", (await q.read_messages(chat.id))[0].id)
        return chat.id, offered.id, [w.id for w in waiting], reply, await q.list_waiting()

    chat, offered, waiting, reply, queue_before = run(before_restart)
    clock.advance(31)

    async def after_restart(q):
        return (await q.get_ticket(chat), await q.get_agent("ana"),
                await q.read_unacked(chat, "agent-console"), await q.requeue_expired(),
                await q.list_waiting(), await q.post_message(chat, Sender.AGENT, "¡Hola!", "a1",
                                                              agent_id="ana"))

    ticket, agent, unread, requeued, queue_after, retried = run(after_restart)
    assert ticket.status is TicketStatus.ASSIGNED and ticket.agent_id == "ana"
    assert ticket.first_response_at is not None
    assert agent.status is AgentStatus.ONLINE and sorted(agent.active_tickets) == sorted([chat, offered])
    assert [m.text for m in unread] == ["¡Hola!", "mi pedido"]
    assert retried == reply  # the idempotency keys survived too
    assert requeued == [offered]  # the offer made before the restart still lapses
    assert [w.ticket.id for w in queue_before] == [waiting[1], waiting[2], waiting[0]]
    assert [w.ticket.id for w in queue_after] == [waiting[1], offered, waiting[2], waiting[0]]


def test_killing_a_busy_process_never_leaves_a_ticket_in_two_places(redis_port):
    r = redis_client(redis_port)
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.handoff.chaos_worker", str(redis_port)],
        cwd=ROOT, env=base_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while int(r.get(PROGRESS_KEY) or 0) < 1000:
            assert worker.poll() is None, worker.stdout.read().decode()
            assert time.monotonic() < deadline, "the worker made too little progress"
            time.sleep(0.05)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()

    statuses = [r.hget(k, "status") for k in r.scan_iter("handoff:ticket:*")]
    assert {"waiting", "assigned", "closed"} <= set(statuses), "the worker did not do enough"
    assert invariants.problems(r) == []


def test_state_survives_a_restart_of_redis_itself(handoff_redis, redis_port, clock):
    async def write():
        client = connect(redis_port)
        try:
            q = HandoffQueue(client, clock=clock)
            await new_agent(q, "ana")
            ticket = await new_ticket(q, "c")
            await q.claim("ana", ticket.id)
            await q.post_message(ticket.id, Sender.BUYER, "hola", "k1")
            return ticket.id
        finally:
            await disconnect(client)

    async def read(ticket_id):
        client = connect(redis_port)
        try:
            q = HandoffQueue(client, clock=clock)
            return await q.get_ticket(ticket_id), await q.read_messages(ticket_id)
        finally:
            await disconnect(client)

    ticket_id = asyncio.run(write())
    handoff_redis.restart(timeout=30)  # SIGTERM: Redis flushes its append-only file
    ticket, messages = asyncio.run(read(ticket_id))
    assert ticket.status is TicketStatus.ASSIGNED and ticket.agent_id == "ana"
    assert [m.text for m in messages] == ["hola"]

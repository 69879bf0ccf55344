"""Creating tickets and ending them: idempotent per conversation, resume, close, rating."""
import asyncio

import pytest

from handoff.models import TicketStatus
from handoff.queue import Rejected
from tests.handoff.helpers import new_agent, new_ticket


def test_a_ticket_keeps_what_the_bot_knew(run, clock):
    transcript = [{"sender": "buyer", "text": "¿Dónde está mi pedido?"},
                  {"sender": "bot", "text": "Déjame ver…"}]

    async def scenario(q):
        created = await new_ticket(q, "conv-1", "high", language="es-MX", topic="Shipping",
                                   order_id="A-1001", case_ids=["C-1", "C-2"],
                                   summary="Order A-1001 late", transcript=transcript)
        return created, await q.get_ticket(created.id)

    created, stored = run(scenario)
    assert stored == created
    assert (stored.conversation_id, stored.channel, stored.language, stored.topic) == \
        ("conv-1", "socketio", "es", "shipping")
    assert (stored.priority, stored.order_id, stored.case_ids) == ("high", "A-1001", ["C-1", "C-2"])
    assert stored.summary == "Order A-1001 late" and stored.transcript == transcript
    assert stored.status is TicketStatus.WAITING and stored.agent_id is None
    assert stored.created_at == clock.now and stored.first_response_due_at == clock.now + 300
    assert not stored.sla_breached and stored.rating is None


def test_unknown_priority_is_refused(run):
    async def scenario(q):
        with pytest.raises(ValueError, match="unknown priority"):
            await new_ticket(q, "c", "whenever")
        return await q.list_waiting()

    assert run(scenario) == []


def test_creating_twice_for_one_conversation_returns_the_open_ticket(run):
    async def scenario(q):
        first = await new_ticket(q, "conv-1")
        await new_agent(q, "ana")
        await q.claim("ana", first.id)
        again = await new_ticket(q, "conv-1", "urgent")
        return first, again, await q.list_waiting()

    first, again, waiting = run(scenario)
    assert again.id == first.id
    assert again.status is TicketStatus.ASSIGNED and again.priority == "normal"
    assert waiting == []


def test_concurrent_creates_for_one_conversation_make_one_ticket(run):
    async def scenario(q):
        tickets = await asyncio.gather(*(new_ticket(q, "conv-1") for _ in range(20)))
        return tickets, await q.list_waiting()

    tickets, waiting = run(scenario)
    assert len({t.id for t in tickets}) == 1
    assert [w.ticket.id for w in waiting] == [tickets[0].id]


def test_after_a_ticket_ends_the_conversation_can_escalate_again(run):
    async def scenario(q):
        first = await new_ticket(q, "conv-1")
        await q.resume(first.id)
        second = await new_ticket(q, "conv-1")
        return first, second, await q.open_ticket_for("conv-1")

    first, second, open_ticket = run(scenario)
    assert second.id != first.id
    assert open_ticket.id == second.id


def test_hand_back_to_the_bot_frees_the_agent(run, clock):
    async def scenario(q):
        ticket = await new_ticket(q, "conv-1")
        await new_agent(q, "ana", capacity=1)
        await q.claim("ana", ticket.id)
        clock.advance(60)
        resumed = await q.resume(ticket.id, by_agent="ana")
        return resumed, await q.get_agent("ana"), await q.open_ticket_for("conv-1")

    resumed, agent, open_ticket = run(scenario)
    assert resumed.status is TicketStatus.RESUMED and resumed.finished_at == resumed.assigned_at + 60
    assert agent.active_tickets == []
    assert open_ticket is None


def test_only_the_assigned_agent_can_finish_their_chat(run):
    async def scenario(q):
        ticket = await new_ticket(q, "conv-1")
        await new_agent(q, "ana")
        await new_agent(q, "bob")
        await q.claim("ana", ticket.id)
        with pytest.raises(Rejected) as refused:
            await q.close(ticket.id, by_agent="bob")
        return refused.value.reason, await q.get_ticket(ticket.id)

    reason, ticket = run(scenario)
    assert reason == "not_assigned"
    assert ticket.status is TicketStatus.ASSIGNED


def test_close_stores_the_rating_and_a_later_rating_replaces_it(run):
    async def scenario(q):
        a = await new_ticket(q, "conv-a")
        b = await new_ticket(q, "conv-b")
        await new_agent(q, "ana")
        await q.claim("ana", a.id)
        await q.claim("ana", b.id)
        closed_a = await q.close(a.id, rating=5, comment="¡Gracias!")
        await q.close(b.id)
        rated_b = await q.rate(b.id, 2, "slow")
        return closed_a, rated_b

    closed_a, rated_b = run(scenario)
    assert (closed_a.status, closed_a.rating, closed_a.comment) == (TicketStatus.CLOSED, 5, "¡Gracias!")
    assert (rated_b.rating, rated_b.comment) == (2, "slow")


def test_ratings_are_one_to_five_and_only_after_the_chat(run):
    async def scenario(q):
        ticket = await new_ticket(q, "conv-1")
        with pytest.raises(Rejected) as early:
            await q.rate(ticket.id, 4)
        await q.close(ticket.id)
        for bad in (0, 6, 4.5, True):
            with pytest.raises(ValueError):
                await q.rate(ticket.id, bad)
        return early.value.reason, await q.get_ticket(ticket.id)

    reason, ticket = run(scenario)
    assert reason == "not_finished"
    assert ticket.rating is None


def test_a_finished_ticket_cannot_be_claimed_or_finished_differently(run):
    async def scenario(q):
        ticket = await new_ticket(q, "conv-1")
        await new_agent(q, "ana")
        await q.close(ticket.id)
        again = await q.close(ticket.id)  # a retried close is fine
        with pytest.raises(Rejected) as claim:
            await q.claim("ana", ticket.id)
        with pytest.raises(Rejected) as resume:
            await q.resume(ticket.id)
        return again.status, claim.value.reason, resume.value.reason

    assert run(scenario) == (TicketStatus.CLOSED, "finished", "finished")

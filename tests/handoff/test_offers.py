"""Offers: accepted in time, or back in the queue at the original place."""
import pytest

from handoff.models import AgentStatus, TicketStatus
from handoff.queue import Rejected
from tests.handoff.helpers import new_agent, new_ticket


async def three_waiting(q):
    return [(await new_ticket(q, conv)).id for conv in ("first", "second", "third")]


def waiting_conversations(rows):
    return [w.ticket.conversation_id for w in rows]


def test_an_offer_accepted_in_time_assigns_the_ticket(run, clock):
    async def scenario(q):
        first, *_ = await three_waiting(q)
        await new_agent(q, "ana", capacity=1)
        offered = await q.offer(first, "ana", timeout_s=30)
        waiting = await q.list_waiting()
        with_offers = await q.list_waiting(include_offered=True)
        clock.advance(29)
        swept = await q.requeue_expired()
        accepted = await q.claim("ana", first)
        return offered, waiting, with_offers, swept, accepted

    offered, waiting, with_offers, swept, accepted = run(scenario)
    assert offered.status is TicketStatus.OFFERED and offered.agent_id == "ana"
    assert waiting_conversations(waiting) == ["second", "third"]
    assert waiting_conversations(with_offers) == ["first", "second", "third"]
    assert swept == []
    assert accepted.status is TicketStatus.ASSIGNED and accepted.agent_id == "ana"


def test_an_offered_ticket_is_not_for_other_agents(run):
    async def scenario(q):
        first, *_ = await three_waiting(q)
        await new_agent(q, "ana")
        await new_agent(q, "bob")
        await q.offer(first, "ana", timeout_s=30)
        with pytest.raises(Rejected) as refused:
            await q.claim("bob", first)
        return refused.value.reason, (await q.next_for_agent("bob")).conversation_id

    assert run(scenario) == ("offered_to_other", "second")


def test_an_unanswered_offer_goes_back_to_its_original_place(run, clock):
    async def scenario(q):
        first, second, third = await three_waiting(q)
        await new_agent(q, "ana", capacity=1)
        before = await q.queue_position(second)
        await q.offer(first, "ana", timeout_s=30)
        clock.advance(31)
        swept = await q.requeue_expired()
        return (first, swept, await q.list_waiting(), await q.get_ticket(first),
                await q.get_agent("ana"), before, await q.queue_position(second))

    first, swept, waiting, ticket, agent, before, after = run(scenario)
    assert swept == [first]
    assert waiting_conversations(waiting) == ["first", "second", "third"]
    assert ticket.status is TicketStatus.WAITING and ticket.agent_id is None
    assert agent.active_tickets == []  # the offer no longer takes a slot
    assert before.position == after.position == 2


def test_a_lapsed_offer_is_waiting_again_even_before_the_sweep(run, clock):
    async def scenario(q):
        first, *_ = await three_waiting(q)
        await new_agent(q, "ana", capacity=1)
        await new_agent(q, "bob", capacity=1)
        await q.offer(first, "ana", timeout_s=30)
        clock.advance(30)
        taken = await q.claim("bob", first)
        return taken, await q.get_agent("ana"), await q.requeue_expired()

    taken, ana, swept = run(scenario)
    assert taken.status is TicketStatus.ASSIGNED and taken.agent_id == "bob"
    assert ana.active_tickets == []
    assert swept == []


def test_a_disconnected_agent_releases_offers_and_keeps_chats_unless_asked(run):
    async def scenario(q):
        first, second, third = await three_waiting(q)
        await new_agent(q, "ana")
        await q.claim("ana", second)
        await q.offer(first, "ana", timeout_s=300)
        released = await q.release_agent("ana")
        agent = await q.get_agent("ana")
        waiting = await q.list_waiting()
        with pytest.raises(Rejected) as refused:
            await q.claim("ana", third)
        await q.set_agent_status("ana", AgentStatus.ONLINE)
        released_all = await q.release_agent("ana", requeue_assigned=True)
        return (first, second, released, agent, waiting, refused.value.reason, released_all,
                await q.list_waiting())

    first, second, released, agent, waiting, reason, released_all, waiting_after = run(scenario)
    assert released == [first]
    assert agent.status is AgentStatus.AWAY and agent.active_tickets == [second]
    assert waiting_conversations(waiting) == ["first", "third"]
    assert reason == "agent_away"
    assert released_all == [second]
    assert waiting_conversations(waiting_after) == ["first", "second", "third"]


def test_offers_respect_routing(run):
    async def scenario(q):
        ticket = await new_ticket(q, "refund", topic="refund")
        await new_agent(q, "shipper", skills=["shipping"])
        with pytest.raises(Rejected) as refused:
            await q.offer(ticket.id, "shipper")
        return refused.value.reason, await q.get_ticket(ticket.id)

    reason, ticket = run(scenario)
    assert reason == "skill"
    assert ticket.status is TicketStatus.WAITING


def test_agents_silent_for_too_long_are_released(run, clock):
    async def scenario(q):
        first, second, _ = await three_waiting(q)
        await new_agent(q, "ana")
        await new_agent(q, "bob")
        await q.offer(first, "ana", timeout_s=300)
        await q.claim("ana", second)
        clock.advance(50)
        await q.heartbeat("bob")
        clock.advance(20)
        released = await q.release_silent_agents(max_silence_s=60)
        return (first, second, released, await q.get_agent("ana"), await q.get_agent("bob"),
                await q.list_waiting())

    first, second, released, ana, bob, waiting = run(scenario)
    assert released == ["ana"]
    assert ana.status is AgentStatus.AWAY and ana.active_tickets == [second]
    assert bob.status is AgentStatus.ONLINE
    assert waiting_conversations(waiting) == ["first", "third"]

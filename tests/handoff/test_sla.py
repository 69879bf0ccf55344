"""First-response targets, breach marking, queue position and estimated wait."""
import pytest

from handoff.models import Priority, QueueConfig, Sender
from tests.handoff.helpers import new_agent, new_ticket


def test_a_late_first_response_is_marked_as_a_breach(run, clock):
    async def scenario(q):
        late = await new_ticket(q, "late", "urgent")      # target 60 s
        on_time = await new_ticket(q, "on-time", "urgent")
        await new_agent(q, "ana")
        await q.claim("ana", late.id)
        await q.claim("ana", on_time.id)
        clock.advance(30)
        await q.post_message(on_time.id, Sender.AGENT, "hola", "k1", agent_id="ana")
        clock.advance(40)
        await q.post_message(late.id, Sender.AGENT, "hola", "k2", agent_id="ana")
        clock.advance(10)
        await q.post_message(late.id, Sender.AGENT, "¿algo más?", "k3", agent_id="ana")
        return await q.get_ticket(late.id), await q.get_ticket(on_time.id)

    late, on_time = run(scenario)
    assert late.sla_breached and late.first_response_at == late.created_at + 70
    assert not on_time.sla_breached and on_time.first_response_at == on_time.created_at + 30


def test_buyer_messages_do_not_count_as_a_first_response(run):
    async def scenario(q):
        ticket = await new_ticket(q, "c", "urgent")
        await q.post_message(ticket.id, Sender.BUYER, "hello?", "k1")
        return await q.get_ticket(ticket.id)

    assert run(scenario).first_response_at is None


def test_mark_breaches_marks_unanswered_tickets_past_their_target_only(run, clock):
    async def scenario(q):
        urgent = await new_ticket(q, "urgent", "urgent")   # due after 60 s
        normal = await new_ticket(q, "normal", "normal")   # due after 900 s
        answered = await new_ticket(q, "answered", "urgent")
        await new_agent(q, "ana")
        await q.claim("ana", answered.id)
        await q.post_message(answered.id, Sender.AGENT, "hi", "k", agent_id="ana")
        early = await q.mark_breaches(clock.now + 60)
        marked = await q.mark_breaches(clock.now + 61)
        again = await q.mark_breaches(clock.now + 61)
        return (urgent.id, early, marked, again, await q.get_ticket(urgent.id),
                await q.get_ticket(normal.id), await q.get_ticket(answered.id))

    urgent_id, early, marked, again, urgent, normal, answered = run(scenario)
    assert early == []
    assert marked == [urgent_id] and again == []
    assert urgent.sla_breached and not normal.sla_breached and not answered.sla_breached


def test_targets_are_configurable(run, clock):
    config = QueueConfig(priorities=(Priority("vip", 10), Priority("rest", 100)))

    async def scenario(q):
        ticket = await new_ticket(q, "c", "vip")
        return ticket, await q.mark_breaches(clock.now + 11)

    ticket, marked = run(scenario, config)
    assert ticket.first_response_due_at == ticket.created_at + 10
    assert marked == [ticket.id]


def test_queue_view_shows_waiting_time_and_sla_clock(run, clock):
    async def scenario(q):
        await new_ticket(q, "old", "normal")
        clock.advance(100)
        await new_ticket(q, "new", "urgent")
        clock.advance(80)
        return await q.list_waiting()

    rows = run(scenario)
    assert [(r.ticket.conversation_id, r.waiting_s, r.first_response_left_s) for r in rows] == \
        [("new", 80, -20), ("old", 180, 720)]


def test_queue_position_counts_older_tickets_of_its_class_and_all_higher_ones(run, clock):
    async def scenario(q):
        for conv, priority in [("n1", "normal"), ("h1", "high"), ("n2", "normal"),
                               ("l1", "low"), ("u1", "urgent"), ("n3", "normal")]:
            await new_ticket(q, conv, priority)
            clock.advance(1)
        ids = {w.ticket.conversation_id: w.ticket.id for w in await q.list_waiting()}
        return {conv: await q.queue_position(ids[conv]) for conv in ids}

    positions = run(scenario)
    assert {conv: p.position for conv, p in positions.items()} == \
        {"u1": 1, "h1": 2, "n1": 3, "n2": 4, "n3": 5, "l1": 6}
    assert positions["n2"].ahead == 3
    # no handling history yet: the configured default of 300 s per ticket, no agent online
    assert positions["n2"].estimated_wait_s == 900 and positions["u1"].estimated_wait_s == 0


def test_estimated_wait_uses_recent_handling_times_and_online_agents(run, clock):
    async def scenario(q):
        await new_agent(q, "ana", capacity=2)
        await new_agent(q, "bob", capacity=2)
        for conv, minutes in (("done-1", 2), ("done-2", 4)):
            ticket = await new_ticket(q, conv)
            await q.claim("ana", ticket.id)
            clock.advance(minutes * 60)
            await q.close(ticket.id)
        waiting = [await new_ticket(q, f"w{i}") for i in range(5)]
        position = await q.queue_position(waiting[4].id)
        await q.claim("bob", waiting[0].id)
        return position, await q.queue_position(waiting[4].id), await q.queue_position(waiting[0].id)

    before, after, assigned = run(scenario)
    assert before.ahead == 4 and before.estimated_wait_s == pytest.approx(4 * 180 / 2)
    assert after.ahead == 3 and after.estimated_wait_s == pytest.approx(3 * 180 / 2)
    assert assigned is None

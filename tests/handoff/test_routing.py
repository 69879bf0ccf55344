"""Who gets which ticket: priority classes, FIFO, language, skill, capacity, one winner."""
import asyncio

import pytest

from handoff.models import AgentStatus, LanguagePolicy, QueueConfig, TicketStatus
from handoff.queue import NotFound, Rejected
from tests.handoff import invariants
from tests.handoff.helpers import drain, new_agent, new_ticket
from tests.services import redis_client


def test_higher_priority_is_served_first_and_fifo_inside_a_class(run, clock):
    async def scenario(q):
        for conv, priority in [("low-1", "low"), ("normal-1", "normal"), ("urgent-1", "urgent"),
                               ("normal-2", "normal"), ("high-1", "high"), ("normal-3", "normal"),
                               ("urgent-2", "urgent")]:
            await new_ticket(q, conv, priority)
            clock.advance(1)
        await new_agent(q, "ana", capacity=10)
        listed = [w.ticket.conversation_id for w in await q.list_waiting()]
        return listed, await drain(q, "ana")

    listed, served = run(scenario)
    expected = ["urgent-1", "urgent-2", "high-1", "normal-1", "normal-2", "normal-3", "low-1"]
    assert listed == expected
    assert served == expected


def test_fifo_holds_for_tickets_created_in_the_same_instant(run):
    async def scenario(q):
        for i in range(30):  # the test clock does not move: equal creation times
            await new_ticket(q, f"c{i:02d}")
        await new_agent(q, "ana", capacity=30)
        return await drain(q, "ana")

    assert run(scenario) == [f"c{i:02d}" for i in range(30)]


def test_agent_gets_only_tickets_in_their_languages_when_a_speaker_is_online(run):
    async def scenario(q):
        await new_ticket(q, "spanish", language="es-ES")
        await new_ticket(q, "chinese", language="zh")
        await new_agent(q, "li", languages=["zh"])
        await new_agent(q, "sofia", languages=["es", "en"])
        peek = await q.next_for_agent("li")
        with pytest.raises(Rejected) as refused:
            await q.claim("li", (await q.open_ticket_for("spanish")).id)
        return peek.conversation_id, refused.value.reason, await drain(q, "li")

    peek, reason, served = run(scenario)
    assert peek == "chinese"          # although the Spanish ticket is older
    assert reason == "language"
    assert served == ["chinese"]


def test_fallback_lets_any_agent_take_a_language_no_online_agent_speaks(run):
    async def scenario(q):
        await new_ticket(q, "spanish", language="es")
        await new_agent(q, "li", languages=["zh"])
        await new_agent(q, "sofia", languages=["es"], status=AgentStatus.AWAY)
        return await q.claim_next("li")

    ticket = run(scenario)
    assert ticket is not None and ticket.conversation_id == "spanish"
    assert ticket.status is TicketStatus.ASSIGNED and ticket.agent_id == "li"


def test_fallback_stops_as_soon_as_a_speaker_comes_online(run):
    async def scenario(q):
        await new_ticket(q, "spanish", language="es")
        await new_agent(q, "li", languages=["zh"])
        await new_agent(q, "sofia", languages=["es"], status=AgentStatus.AWAY)
        before = await q.next_for_agent("li")
        await q.set_agent_status("sofia", AgentStatus.ONLINE)
        return before, await q.next_for_agent("li"), await q.next_for_agent("sofia")

    before, after, sofia = run(scenario)
    assert before is not None and after is None
    assert sofia.conversation_id == "spanish"


def test_strict_policy_keeps_the_ticket_for_a_speaker(run):
    async def scenario(q):
        await new_ticket(q, "spanish", language="es")
        await new_agent(q, "li", languages=["zh"])
        return await q.claim_next("li"), [w.ticket.conversation_id for w in await q.list_waiting()]

    ticket, waiting = run(scenario, QueueConfig(language_policy=LanguagePolicy.STRICT))
    assert ticket is None
    assert waiting == ["spanish"]


def test_any_policy_ignores_language(run):
    async def scenario(q):
        await new_ticket(q, "spanish", language="es")
        await new_agent(q, "li", languages=["zh"])
        await new_agent(q, "sofia", languages=["es"])
        return await q.claim_next("li")

    assert run(scenario, QueueConfig(language_policy=LanguagePolicy.ANY)).agent_id == "li"


def test_routing_by_skill_with_general_as_catch_all(run):
    async def scenario(q):
        await new_ticket(q, "refund", topic="Refund")
        await new_ticket(q, "general", topic="general")
        await new_ticket(q, "customs", topic="customs")
        await new_agent(q, "shipper", skills=["shipping"], capacity=5)
        await new_agent(q, "refunder", skills=["refund"], capacity=5)
        await new_agent(q, "generalist", skills=["general"], capacity=5)
        with pytest.raises(Rejected) as refused:
            await q.claim("shipper", (await q.open_ticket_for("refund")).id)
        return (refused.value.reason, await drain(q, "shipper"), await drain(q, "refunder"),
                await drain(q, "generalist"))

    reason, shipper, refunder, generalist = run(scenario)
    assert reason == "skill"
    assert shipper == ["general"]     # a general ticket goes to anyone
    assert refunder == ["refund"]
    assert generalist == ["customs"]  # nobody else has the skill; a generalist takes it


def test_capacity_counts_assigned_and_offered_tickets(run):
    async def scenario(q):
        ids = [(await new_ticket(q, f"c{i}")).id for i in range(4)]
        await new_agent(q, "ana", capacity=2)
        await q.claim("ana", ids[0])
        await q.offer(ids[1], "ana", timeout_s=30)
        with pytest.raises(Rejected) as refused:
            await q.claim("ana", ids[2])
        with pytest.raises(Rejected) as refused_next:
            await q.claim_next("ana")
        await q.close(ids[0])
        freed = await q.claim("ana", ids[2])
        return refused.value.reason, refused_next.value.reason, freed

    reason, reason_next, freed = run(scenario)
    assert reason == reason_next == "capacity"
    assert freed.status is TicketStatus.ASSIGNED and freed.agent_id == "ana"


def test_capacity_holds_under_concurrent_claims(run, redis_port):
    async def scenario(q):
        ids = [(await new_ticket(q, f"c{i}")).id for i in range(10)]
        await new_agent(q, "ana", capacity=3)
        results = await asyncio.gather(*(q.claim("ana", i) for i in ids), return_exceptions=True)
        return results, await q.get_agent("ana")

    results, agent = run(scenario)
    won = [r for r in results if not isinstance(r, Exception)]
    assert len(won) == 3
    assert all(isinstance(r, Rejected) and r.reason == "capacity" for r in results if r not in won)
    assert sorted(agent.active_tickets) == sorted(t.id for t in won)
    assert invariants.problems(redis_client(redis_port)) == []


def test_exactly_one_of_twenty_concurrent_claims_wins(run, redis_port):
    async def scenario(q):
        ticket = await new_ticket(q, "contested")
        agents = [f"agent-{i:02d}" for i in range(20)]
        for agent_id in agents:
            await new_agent(q, agent_id)
        results = await asyncio.gather(*(q.claim(a, ticket.id) for a in agents),
                                       return_exceptions=True)
        return results, await q.get_ticket(ticket.id), await q.list_agents(), await q.list_waiting()

    results, ticket, agents, waiting = run(scenario)
    winners = [r for r in results if not isinstance(r, Exception)]
    assert len(winners) == 1
    assert sorted(r.reason for r in results if isinstance(r, Rejected)) == ["taken"] * 19
    assert ticket.status is TicketStatus.ASSIGNED and ticket.agent_id == winners[0].agent_id
    assert [a.id for a in agents if a.active_tickets] == [ticket.agent_id]
    assert waiting == []
    assert invariants.problems(redis_client(redis_port)) == []


def test_concurrent_claim_next_gives_each_ticket_to_exactly_one_agent(run, redis_port):
    async def scenario(q):
        for i in range(10):
            await new_ticket(q, f"c{i}")
        agents = [f"agent-{i:02d}" for i in range(20)]
        for agent_id in agents:
            await new_agent(q, agent_id, capacity=1)
        return await asyncio.gather(*(q.claim_next(a) for a in agents))

    results = run(scenario)
    served = [t.conversation_id for t in results if t is not None]
    assert sorted(served) == [f"c{i}" for i in range(10)]
    assert len({t.agent_id for t in results if t is not None}) == 10
    assert invariants.problems(redis_client(redis_port)) == []


def test_a_retried_claim_by_the_winner_succeeds_and_changes_nothing(run):
    async def scenario(q):
        ticket = await new_ticket(q, "c")
        await new_agent(q, "ana", capacity=1)
        first = await q.claim("ana", ticket.id)
        again = await q.claim("ana", ticket.id)
        return first, again, await q.get_agent("ana")

    first, again, agent = run(scenario)
    assert first.assigned_at == again.assigned_at
    assert agent.active_tickets == [first.id]


def test_away_or_unknown_agents_get_nothing(run):
    async def scenario(q):
        ticket = await new_ticket(q, "c")
        await new_agent(q, "ana", status=AgentStatus.AWAY)
        with pytest.raises(Rejected) as away:
            await q.claim("ana", ticket.id)
        with pytest.raises(NotFound):
            await q.claim("ghost", ticket.id)
        await new_agent(q, "bob")
        with pytest.raises(NotFound):
            await q.claim("bob", "no-such-ticket")
        return away.value.reason, await q.get_ticket(ticket.id)

    reason, ticket = run(scenario)
    assert reason == "agent_away"
    assert ticket.status is TicketStatus.WAITING


# A German ticket whose topic needs the general skill (nobody has "cancel_order" itself).
GERMAN_CANCEL = dict(language="de", topic="cancel_order")
MAX_SKILLS = ["returns", "file_complaint", "request_return"]


def test_fallback_ignores_an_online_speaker_who_lacks_the_skill(run):
    async def scenario(q):
        first = await new_ticket(q, "de-1", **GERMAN_CANCEL)
        second = await new_ticket(q, "de-2", **GERMAN_CANCEL)
        third = await new_ticket(q, "de-3", **GERMAN_CANCEL)
        await new_agent(q, "max", languages=["de", "en", "nl"], skills=MAX_SKILLS)
        await new_agent(q, "sofia", languages=["es", "pt", "en"], skills=["general"])
        await new_agent(q, "li", languages=["zh", "en"], skills=["general"])
        await new_agent(q, "ana", languages=["en"], skills=["general"])
        with pytest.raises(Rejected) as max_refused:
            await q.claim("max", first.id)
        peek = await q.next_for_agent("sofia")
        claimed = await q.claim("sofia", first.id)        # claim of the ticket id
        taken_next = await q.claim_next("li")              # take next
        offered = await q.offer(third.id, "ana", timeout_s=30)  # auto-offer
        return (max_refused.value.reason, peek.id, claimed, taken_next, offered,
                second.id, third.id)

    max_reason, peek_id, claimed, taken_next, offered, second_id, third_id = run(scenario)
    assert max_reason == "skill"
    assert claimed.status is TicketStatus.ASSIGNED and claimed.agent_id == "sofia"
    assert peek_id == claimed.id
    assert taken_next is not None and taken_next.id == second_id
    assert taken_next.status is TicketStatus.ASSIGNED and taken_next.agent_id == "li"
    assert offered.id == third_id
    assert offered.status is TicketStatus.OFFERED and offered.agent_id == "ana"


def test_fallback_still_waits_for_an_online_speaker_who_has_the_skill(run):
    async def scenario(q):
        ticket = await new_ticket(q, "de-1", **GERMAN_CANCEL)
        await new_agent(q, "max", languages=["de", "en", "nl"], skills=MAX_SKILLS)
        await new_agent(q, "sofia", languages=["es", "pt", "en"], skills=["general"])
        await new_agent(q, "klaus", languages=["de"], skills=["general"])
        with pytest.raises(Rejected) as claim_refused:
            await q.claim("sofia", ticket.id)
        with pytest.raises(Rejected) as offer_refused:
            await q.offer(ticket.id, "sofia", timeout_s=30)
        return (claim_refused.value.reason, offer_refused.value.reason,
                await q.next_for_agent("sofia"), await q.claim_next("sofia"),
                await q.claim_next("klaus"))

    claim_reason, offer_reason, peek, taken_next, klaus = run(scenario)
    assert claim_reason == offer_reason == "language"
    assert peek is None and taken_next is None
    assert klaus.conversation_id == "de-1" and klaus.agent_id == "klaus"


def test_fallback_counts_a_speaker_with_the_topic_skill(run):
    async def scenario(q):
        ticket = await new_ticket(q, "de-1", **GERMAN_CANCEL)
        await new_agent(q, "sofia", languages=["es"], skills=["general"])
        await new_agent(q, "hanna", languages=["de"], skills=["cancel_order"])
        with pytest.raises(Rejected) as refused:
            await q.claim("sofia", ticket.id)
        return refused.value.reason, await q.claim_next("sofia")

    reason, taken_next = run(scenario)
    assert reason == "language" and taken_next is None


def test_fallback_waits_for_a_busy_speaker_but_not_one_with_capacity_zero(run):
    async def scenario(q):
        busy_chat = await new_ticket(q, "de-busy", **GERMAN_CANCEL)
        ticket = await new_ticket(q, "de-1", **GERMAN_CANCEL)
        await new_agent(q, "klaus", languages=["de"], skills=["general"], capacity=1)
        await q.claim("klaus", busy_chat.id)  # klaus is now at capacity
        await new_agent(q, "sofia", languages=["es"], skills=["general"])
        with pytest.raises(Rejected) as busy_refused:
            await q.claim("sofia", ticket.id)
        # A speaker who can never take a ticket (capacity 0) is no reason to wait.
        await new_agent(q, "klaus", languages=["de"], skills=["general"], capacity=0)
        return busy_refused.value.reason, await q.claim("sofia", ticket.id)

    reason, claimed = run(scenario)
    assert reason == "language"     # busy speakers free up: the ticket waits for them
    assert claimed.status is TicketStatus.ASSIGNED and claimed.agent_id == "sofia"


def test_fallback_lets_others_take_it_once_the_only_able_speaker_goes_away(run):
    async def scenario(q):
        ticket = await new_ticket(q, "de-1", **GERMAN_CANCEL)
        await new_agent(q, "max", languages=["de"], skills=MAX_SKILLS)
        await new_agent(q, "klaus", languages=["de"], skills=["general"])
        await new_agent(q, "sofia", languages=["es"], skills=["general"])
        before = await q.next_for_agent("sofia")
        await q.set_agent_status("klaus", AgentStatus.AWAY)
        return before, await q.claim_next("sofia"), ticket.id

    before, taken_next, ticket_id = run(scenario)
    assert before is None
    assert taken_next.id == ticket_id and taken_next.agent_id == "sofia"

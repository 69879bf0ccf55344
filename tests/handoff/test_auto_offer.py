"""The service offers waiting chats to free agents: routing, one offer at a time, lapses (real Redis)."""
from handoff.models import AgentStatus, TicketStatus
from tests.handoff.helpers import new_agent, new_service, new_ticket


def test_each_free_agent_gets_one_chat_they_can_take(run):
    async def scenario(q):
        service = new_service(q)
        spanish = await new_ticket(q, "es-buyer", language="es")
        first_en = await new_ticket(q, "en-buyer-1")
        second_en = await new_ticket(q, "en-buyer-2")
        await new_agent(q, "li", languages=["en", "zh"])
        await new_agent(q, "sofia", languages=["es", "en"])
        await new_agent(q, "away", languages=["en", "es"], status=AgentStatus.AWAY)
        offered = await service.offer_waiting(timeout_s=30)
        again = await service.offer_waiting(timeout_s=30)  # offers pending: nothing more
        tickets = {t: await q.get_ticket(t) for t in (spanish.id, first_en.id, second_en.id)}
        mine = [t.id for t in await service.mine(await q.get_agent("li"))]
        return spanish.id, first_en.id, second_en.id, offered, again, tickets, mine

    spanish, first_en, second_en, offered, again, tickets, mine = run(scenario)
    assert sorted(offered) == sorted([spanish, first_en])
    assert again == []
    assert (tickets[spanish].status, tickets[spanish].agent_id) == (TicketStatus.OFFERED, "sofia")
    assert (tickets[first_en].status, tickets[first_en].agent_id) == (TicketStatus.OFFERED, "li")
    assert tickets[second_en].status is TicketStatus.WAITING
    assert mine == [first_en]  # the console lists offers with the agent's chats


def test_an_offer_not_accepted_goes_back_and_is_offered_again(run, clock):
    async def scenario(q):
        service = new_service(q)
        ticket = await new_ticket(q, "slow-agent")
        await new_agent(q, "li")
        await service.offer_waiting(timeout_s=30)
        clock.advance(31)
        lapsed = await q.requeue_lapsed_offers()
        await service.offers_lapsed([agent for _, agent in lapsed], pause_s=30)
        back = await q.get_ticket(ticket.id)
        not_to_li_again = await service.offer_waiting(timeout_s=30)
        await new_agent(q, "ana")
        await service.offer_waiting(timeout_s=30)
        reoffered = await q.get_ticket(ticket.id)
        accepted = await q.claim("ana", ticket.id)
        return ticket.id, lapsed, back, not_to_li_again, reoffered, accepted

    ticket, lapsed, back, not_to_li_again, reoffered, accepted = run(scenario)
    assert lapsed == [(ticket, "li")] and back.status is TicketStatus.WAITING
    assert not_to_li_again == []  # li let it lapse: someone else gets it, if anyone is free
    assert (reoffered.status, reoffered.agent_id) == (TicketStatus.OFFERED, "ana")
    assert (accepted.status, accepted.agent_id) == (TicketStatus.ASSIGNED, "ana")


def test_an_agent_at_capacity_is_offered_nothing(run):
    async def scenario(q):
        service = new_service(q)
        taken = await new_ticket(q, "already-chatting")
        waiting = await new_ticket(q, "waiting")
        await new_agent(q, "li", capacity=1)
        await q.claim("li", taken.id)
        offered = await service.offer_waiting(timeout_s=30)
        return offered, await q.get_ticket(waiting.id)

    offered, waiting = run(scenario)
    assert offered == [] and waiting.status is TicketStatus.WAITING

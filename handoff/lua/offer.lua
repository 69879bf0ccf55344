-- ARGV: prefix, ticket_id, agent_id, now, deadline, language_policy, general_skill
-- Reserves a waiting ticket for one agent until the deadline. Returns {'ok'} or {reason}.
local id, agent_id, now, deadline, policy, general =
  ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local agent, why = online_agent(agent_id)
if not agent then return {why} end
local ticket = hash(key('ticket', id))
if ticket.id == nil then return {'ticket_unknown'} end
if ticket.status == 'offered' and ticket.agent_id == agent_id then return {'ok'} end
if ticket.status == 'offered' or ticket.status == 'assigned' then return {'taken'} end
if ticket.status ~= 'waiting' then return {'finished'} end
local refusal = routing_refusal(agent, ticket.language or '', ticket.topic or '', policy, general)
if refusal then return {refusal} end
if at_capacity(agent) then return {'capacity'} end
take(id, agent_id, 'offered', now, deadline)
return {'ok'}

-- ARGV: prefix, agent_id, ticket_id, now, language_policy, general_skill
-- Assigns the ticket to the agent. Returns {'ok'} or {reason}.
local agent_id, id, now, policy, general = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local t = key('ticket', id)
local ticket = hash(t)
if ticket.id == nil then return {'ticket_unknown'} end

local agent, why = online_agent(agent_id)
if not agent then return {why} end

if ticket.status == 'offered' and tonumber(ticket.offer_deadline) <= tonumber(now) then
  -- The offer has lapsed but the sweep has not run yet: treat the ticket as waiting.
  requeue(id)
  ticket.status = 'waiting'
end

if ticket.status == 'assigned' then
  if ticket.agent_id == agent_id then return {'ok'} end  -- a retried claim
  return {'taken'}
end
if ticket.status == 'offered' then
  if ticket.agent_id ~= agent_id then return {'offered_to_other'} end
  redis.call('ZREM', key('offers'), id)
  redis.call('HDEL', t, 'offer_deadline')
  redis.call('HSET', t, 'status', 'assigned', 'assigned_at', now)
  return {'ok'}
end
if ticket.status ~= 'waiting' then return {'finished'} end

local refusal = routing_refusal(agent, ticket.language or '', ticket.topic or '', policy, general)
if refusal then return {refusal} end
if at_capacity(agent) then return {'capacity'} end
take(id, agent_id, 'assigned', now)
return {'ok'}

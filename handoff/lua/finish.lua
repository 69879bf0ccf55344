-- ARGV: prefix, ticket_id, status ('resumed' or 'closed'), now, rating ('' = none), comment,
--       handling_sample, agent_id ('' = anyone may finish it, e.g. the bot)
-- Ends a ticket from any open state: out of queue, offers and the agent's load; the
-- conversation may escalate again. Returns {'ok'} or {reason}.
local id, status, now, rating, comment, sample, by_agent =
  ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), ARGV[8]
local t = key('ticket', id)
local ticket = hash(t)
if ticket.id == nil then return {'ticket_unknown'} end
if ticket.status == status then return {'ok'} end  -- a retried request
if ticket.status ~= 'waiting' and ticket.status ~= 'offered' and ticket.status ~= 'assigned' then
  return {'finished'}
end
if by_agent ~= '' and (ticket.status ~= 'assigned' or ticket.agent_id ~= by_agent) then
  return {'not_assigned'}
end

redis.call('ZREM', key('queue', ticket.priority), id)
redis.call('ZREM', key('offers'), id)
if ticket.agent_id then redis.call('SREM', key('agent', ticket.agent_id, 'tickets'), id) end
if redis.call('GET', key('conversation', ticket.conversation_id)) == id then
  redis.call('DEL', key('conversation', ticket.conversation_id))
end
if redis.call('ZREM', key('sla'), id) == 1 and tonumber(now) > tonumber(ticket.first_response_due_at) then
  redis.call('HSET', t, 'sla_breached', '1')
end
if ticket.status == 'assigned' and ticket.assigned_at then
  redis.call('LPUSH', key('stats', 'handling'), tostring(tonumber(now) - tonumber(ticket.assigned_at)))
  redis.call('LTRIM', key('stats', 'handling'), 0, sample - 1)
end
redis.call('HDEL', t, 'offer_deadline')
if ticket.status == 'offered' then redis.call('HDEL', t, 'agent_id') end
redis.call('HSET', t, 'status', status, 'finished_at', now)
if rating ~= '' then redis.call('HSET', t, 'rating', rating, 'comment', comment) end
return {'ok'}

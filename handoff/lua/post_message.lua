-- ARGV: prefix, ticket_id, sender, agent_id, idempotency_key, now, text, meta (JSON)
-- Appends a message to the ticket's stream once per idempotency key; the first agent
-- message records the first response, a buyer message the buyer's last message time. Returns {'ok', stream id, '1' if new else '0'} or {reason}.
local id, sender, agent_id, idem, now, text, meta =
  ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local keys = key('msgkeys', id)
local seen = redis.call('HGET', keys, idem)
if seen then return {'ok', seen, '0'} end

local t = key('ticket', id)
local ticket = hash(t)
if ticket.id == nil then return {'ticket_unknown'} end
if ticket.status ~= 'waiting' and ticket.status ~= 'offered' and ticket.status ~= 'assigned' then
  return {'finished'}
end
if sender == 'agent' and (ticket.status ~= 'assigned' or ticket.agent_id ~= agent_id) then
  return {'not_assigned'}
end

local entry = redis.call('XADD', key('msgs', id), '*', 'sender', sender, 'agent_id', agent_id,
                         'key', idem, 'at', now, 'text', text, 'meta', meta)
redis.call('HSET', keys, idem, entry)
if sender == 'buyer' then
  redis.call('HSET', t, 'last_buyer_at', now)
end
if sender == 'agent' and not ticket.first_response_at then
  redis.call('HSET', t, 'first_response_at', now)
  redis.call('ZREM', key('sla'), id)
  if tonumber(now) > tonumber(ticket.first_response_due_at) then
    redis.call('HSET', t, 'sla_breached', '1')
  end
end
return {'ok', entry, '1'}

-- ARGV: prefix, id, conversation_id, priority, first_response_due_at, then field/value pairs.
-- Returns {id, created}: the open ticket of the conversation if there is one, else a new one.
local id, conversation, prio, due = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local conv_key = key('conversation', conversation)

local existing = redis.call('GET', conv_key)
if existing then
  local status = redis.call('HGET', key('ticket', existing), 'status')
  if status == 'waiting' or status == 'offered' or status == 'assigned' then
    return {existing, '0'}
  end
end

local t = key('ticket', id)
local seq = redis.call('INCR', key('seq'))
redis.call('HSET', t, 'id', id, 'conversation_id', conversation, 'priority', prio,
           'first_response_due_at', due, 'status', 'waiting', 'seq', seq, 'sla_breached', '0')
for i = 6, #ARGV, 2 do
  redis.call('HSET', t, ARGV[i], ARGV[i + 1])
end
redis.call('ZADD', key('queue', prio), seq, id)
redis.call('ZADD', key('sla'), due, id)
redis.call('SET', conv_key, id)
return {id, '1'}

-- ARGV: prefix, now. Marks every unanswered ticket whose first-response target has passed.
-- Returns the ids newly marked.
local ids = redis.call('ZRANGEBYSCORE', key('sla'), '-inf', '(' .. ARGV[2])
for _, id in ipairs(ids) do
  redis.call('HSET', key('ticket', id), 'sla_breached', '1')
  redis.call('ZREM', key('sla'), id)
end
return ids

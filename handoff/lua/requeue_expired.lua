-- ARGV: prefix, now. Puts every offer whose deadline has passed back in its queue.
-- Returns ticket id, agent id (the one it was offered to), ticket id, agent id, ...
local ids = redis.call('ZRANGEBYSCORE', key('offers'), '-inf', ARGV[2])
local lapsed = {}
for _, id in ipairs(ids) do
  table.insert(lapsed, id)
  table.insert(lapsed, redis.call('HGET', key('ticket', id), 'agent_id') or '')
  requeue(id)
end
return lapsed

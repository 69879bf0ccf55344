-- ARGV: prefix, now. Puts every offer whose deadline has passed back in its queue.
-- Returns the ids put back.
local ids = redis.call('ZRANGEBYSCORE', key('offers'), '-inf', ARGV[2])
for _, id in ipairs(ids) do requeue(id) end
return ids

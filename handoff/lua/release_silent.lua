-- ARGV: prefix, cutoff. Online agents whose last heartbeat is older than the cutoff are set
-- away and their offers go back to the queue (their chats stay theirs).
-- Returns {agent ids released...}.
local released = {}
for _, agent_id in ipairs(redis.call('SMEMBERS', key('online'))) do
  local a = key('agent', agent_id)
  local beat = tonumber(redis.call('HGET', a, 'last_heartbeat') or '0')
  if beat < tonumber(ARGV[2]) then
    redis.call('HSET', a, 'status', 'away')
    redis.call('SREM', key('online'), agent_id)
    for _, id in ipairs(redis.call('SMEMBERS', key('agent', agent_id, 'tickets'))) do
      if redis.call('HGET', key('ticket', id), 'status') == 'offered' then requeue(id) end
    end
    table.insert(released, agent_id)
  end
end
return released

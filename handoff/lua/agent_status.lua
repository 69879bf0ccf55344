-- ARGV: prefix, agent_id, status ('' = unchanged), now, release ('none', 'offers' or 'all')
-- Sets the status, records a heartbeat, and with release puts the agent's offered (and with
-- 'all' also assigned) tickets back in their queues. Returns {'ok', requeued ids...} or {reason}.
local agent_id, status, now, release = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local a = key('agent', agent_id)
if redis.call('EXISTS', a) == 0 then return {'agent_unknown'} end
redis.call('HSET', a, 'last_heartbeat', now)
if status ~= '' then
  redis.call('HSET', a, 'status', status)
  if status == 'online' then
    redis.call('SADD', key('online'), agent_id)
  else
    redis.call('SREM', key('online'), agent_id)
  end
end
local result = {'ok'}
if release ~= 'none' then
  for _, id in ipairs(redis.call('SMEMBERS', key('agent', agent_id, 'tickets'))) do
    local s = redis.call('HGET', key('ticket', id), 'status')
    if s == 'offered' or (release == 'all' and s == 'assigned') then
      requeue(id)
      table.insert(result, id)
    end
  end
end
return result

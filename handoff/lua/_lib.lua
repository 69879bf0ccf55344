-- Shared helpers, prepended to every script by handoff/queue.py.
-- Every script gets the key prefix as ARGV[1]; keys are built here rather than passed as
-- KEYS because routing discovers them (ticket hashes, queues) while it runs. That is fine
-- on one Redis instance and is why the queue does not support Redis Cluster.
local PREFIX = ARGV[1]

local function key(...)
  return PREFIX .. table.concat({...}, ':')
end

local function hash(k)
  local flat = redis.call('HGETALL', k)
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return t
end

local function contains(list, value)
  for _, v in ipairs(list) do
    if v == value then return true end
  end
  return false
end

-- The agent hash if it exists and is online, else nil and the reason.
local function online_agent(agent_id)
  local agent = hash(key('agent', agent_id))
  if agent.id == nil then return nil, 'agent_unknown' end
  if agent.status ~= 'online' then return nil, 'agent_away' end
  agent.languages = cjson.decode(agent.languages)
  agent.skills = cjson.decode(agent.skills)
  return agent
end

local function at_capacity(agent)
  return redis.call('SCARD', key('agent', agent.id, 'tickets')) >= tonumber(agent.capacity)
end

-- nil if the agent may take a ticket of this language and topic, else 'skill' or 'language'.
local function routing_refusal(agent, language, topic, policy, general)
  if not (topic == '' or topic == general or contains(agent.skills, topic)
          or contains(agent.skills, general)) then
    return 'skill'
  end
  if policy == 'any' or language == '' or contains(agent.languages, language) then
    return nil
  end
  if policy == 'fallback'
     and redis.call('SINTERCARD', 2, key('online'), key('speakers', language), 'LIMIT', 1) == 0 then
    return nil
  end
  return 'language'
end

-- Put a ticket back in its queue at its original place (its score is its enqueue sequence).
local function requeue(id)
  local t = key('ticket', id)
  local fields = redis.call('HMGET', t, 'priority', 'seq', 'agent_id')
  redis.call('ZADD', key('queue', fields[1]), fields[2], id)
  redis.call('ZREM', key('offers'), id)
  if fields[3] then redis.call('SREM', key('agent', fields[3], 'tickets'), id) end
  redis.call('HSET', t, 'status', 'waiting')
  redis.call('HDEL', t, 'agent_id', 'offer_deadline', 'assigned_at')
end

-- Move a waiting ticket to an agent: 'assigned', or 'offered' with a deadline.
local function take(id, agent_id, status, now, deadline)
  local t = key('ticket', id)
  local prio = redis.call('HGET', t, 'priority')
  redis.call('ZREM', key('queue', prio), id)
  redis.call('SADD', key('agent', agent_id, 'tickets'), id)
  redis.call('HSET', t, 'status', status, 'agent_id', agent_id)
  if status == 'assigned' then
    redis.call('HSET', t, 'assigned_at', now)
  else
    redis.call('HSET', t, 'offer_deadline', deadline)
    redis.call('ZADD', key('offers'), deadline, id)
  end
end

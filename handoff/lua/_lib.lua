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

-- Whether skills (a list) cover a ticket's topic: the topic itself, the general skill, or a
-- general/empty topic that anyone may take. The one skill rule of routing.
local function has_skill(skills, topic, general)
  return topic == '' or topic == general or contains(skills, topic) or contains(skills, general)
end

-- Whether some online agent speaks the language and has the skill for the topic, i.e. could
-- take such a ticket themselves. Under the fallback policy only such a speaker makes
-- non-speakers wait: a speaker without the skill could never take it, so waiting for them
-- would leave the buyer waiting forever.
-- Capacity: a speaker who is merely busy (at capacity) still counts. Their chats end and they
-- free up, and the buyer is better served in their own language a little later. A
-- speaker with capacity 0 never takes any ticket, though, so like a
-- speaker without the skill they do not count.
-- Cached per script run (a script is atomic, so the answer cannot change meanwhile):
-- next_ticket asks for every ticket it scans.
local able_speaker_cache = {}
local function online_able_speaker(language, topic, general)
  local cache_key = language .. '\0' .. topic
  local cached = able_speaker_cache[cache_key]
  if cached ~= nil then return cached end
  local found = false
  for _, id in ipairs(redis.call('SINTER', key('online'), key('speakers', language))) do
    local f = redis.call('HMGET', key('agent', id), 'skills', 'capacity')
    if f[1] and has_skill(cjson.decode(f[1]), topic, general)
       and (tonumber(f[2]) or 0) > 0 then
      found = true
      break
    end
  end
  able_speaker_cache[cache_key] = found
  return found
end

-- nil if the agent may take a ticket of this language and topic, else 'skill' or 'language'.
-- Capacity is checked separately (at_capacity), by the callers.
local function routing_refusal(agent, language, topic, policy, general)
  if not has_skill(agent.skills, topic, general) then
    return 'skill'
  end
  if policy == 'any' or language == '' or contains(agent.languages, language) then
    return nil
  end
  if policy == 'fallback' and not online_able_speaker(language, topic, general) then
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

-- ARGV: prefix, agent_id, display_name, languages (JSON), skills (JSON), capacity, status, now
local agent_id, name, languages, skills, capacity, status, now =
  ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local a = key('agent', agent_id)
local old = redis.call('HGET', a, 'languages')
if old then
  for _, lang in ipairs(cjson.decode(old)) do redis.call('SREM', key('speakers', lang), agent_id) end
end
for _, lang in ipairs(cjson.decode(languages)) do redis.call('SADD', key('speakers', lang), agent_id) end
redis.call('HSET', a, 'id', agent_id, 'display_name', name, 'languages', languages,
           'skills', skills, 'capacity', capacity, 'status', status, 'last_heartbeat', now)
redis.call('SADD', key('agents'), agent_id)
if status == 'online' then
  redis.call('SADD', key('online'), agent_id)
else
  redis.call('SREM', key('online'), agent_id)
end
return 'ok'

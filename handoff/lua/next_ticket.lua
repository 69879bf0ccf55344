-- ARGV: prefix, agent_id, now, language_policy, general_skill, mode, priority names (highest first)
-- mode 'peek' returns the ticket the agent would get; 'claim' also assigns it.
-- Returns {'ok', ticket_id}, {'none'} or {reason}.
local agent_id, now, policy, general, mode = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local agent, why = online_agent(agent_id)
if not agent then return {why} end
if at_capacity(agent) then return {'capacity'} end

local BATCH = 100
for p = 7, #ARGV do
  local queue = key('queue', ARGV[p])
  local start = 0
  while true do
    local ids = redis.call('ZRANGE', queue, start, start + BATCH - 1)
    if #ids == 0 then break end
    for _, id in ipairs(ids) do
      local f = redis.call('HMGET', key('ticket', id), 'language', 'topic')
      if routing_refusal(agent, f[1] or '', f[2] or '', policy, general) == nil then
        if mode == 'claim' then take(id, agent_id, 'assigned', now) end
        return {'ok', id}
      end
    end
    start = start + BATCH
  end
end
return {'none'}

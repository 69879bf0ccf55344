-- ARGV: prefix, ticket_id, consumer, message id. Moves the consumer's cursor forward only,
-- so an acknowledgement that arrives late or twice never re-skips or replays messages.
local cursors = key('cursor', ARGV[2])
local function parse(sid)
  local ms, seq = string.match(sid, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local new_ms, new_seq = parse(ARGV[4])
if not new_ms then return redis.error_reply('bad message id ' .. ARGV[4]) end
local old = redis.call('HGET', cursors, ARGV[3])
if old then
  local old_ms, old_seq = parse(old)
  if old_ms > new_ms or (old_ms == new_ms and old_seq >= new_seq) then return old end
end
redis.call('HSET', cursors, ARGV[3], ARGV[4])
return ARGV[4]

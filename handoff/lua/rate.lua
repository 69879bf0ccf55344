-- ARGV: prefix, ticket_id, rating, comment. Only a finished ticket can be rated.
local t = key('ticket', ARGV[2])
local status = redis.call('HGET', t, 'status')
if not status then return {'ticket_unknown'} end
if status ~= 'closed' and status ~= 'resumed' then return {'not_finished'} end
redis.call('HSET', t, 'rating', ARGV[3], 'comment', ARGV[4])
return {'ok'}

#include "queue/lua_scripts.hpp"

namespace blendd::queue::lua {

std::string fenced(const char* script) {
  return std::string(R"lua(
local fence_key, fence_epoch = table.remove(KEYS), table.remove(ARGV)
if fence_epoch ~= '0' and redis.call('HGET', fence_key, 'epoch') ~= fence_epoch then
  return redis.error_reply('FENCED epoch ' .. fence_epoch .. ' does not hold ' .. fence_key)
end
)lua") + script;
}

// Records are "attempts \x1f last_outcome \x1f last_ms \x1f import_tag \x1f name \x1f zone
// \x1f product \x1f custom_json".

const char* const kImport = R"lua(
local out = {}
local commit = ARGV[1] == 'commit'
for i = 3, #ARGV, 3 do
  local num, rec, sched = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local existing = redis.call('HGET', KEYS[1], num)
  if existing then
    out[#out + 1] = string.match(existing, '^[^\31]*\31[^\31]*\31[^\31]*\31([^\31]*)') or '?'
  elseif commit then
    redis.call('HSET', KEYS[1], num, rec)
    if string.sub(sched, 1, 1) == '!' then
      redis.call('HSET', KEYS[3], num, string.sub(sched, 2))
    else
      redis.call('ZADD', KEYS[2], sched, num)
    end
    out[#out + 1] = ''
  else
    -- check mode: remember the number in a scratch hash to find duplicates within the file
    local first = redis.call('HGET', KEYS[3], num)
    if first then
      out[#out + 1] = first
    else
      redis.call('HSET', KEYS[3], num, string.match(rec, '^[^\31]*\31[^\31]*\31[^\31]*\31([^\31]*)'))
      out[#out + 1] = ''
    end
  end
end
if not commit then redis.call('PEXPIRE', KEYS[3], 3600000) end
return out
)lua";

const char* const kClaim = R"lua(
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0,
                      tonumber(ARGV[2]))
local out = {}
for i = 1, #due, 2 do
  local num, score = due[i], due[i + 1]
  redis.call('ZREM', KEYS[1], num)
  if redis.call('SISMEMBER', KEYS[4], num) == 1 or redis.call('SISMEMBER', KEYS[5], num) == 1 then
    redis.call('HSET', KEYS[7], num, 'on a do-not-call list')
  else
    local rec = redis.call('HGET', KEYS[2], num)
    if rec then
      local id = tostring(redis.call('HINCRBY', KEYS[6], '#seq', 1))
      -- The attempt keeps the target's score, so a release puts it back in its place.
      redis.call('HSET', KEYS[6], id,
                 num .. '\31' .. ARGV[4] .. '\31' .. ARGV[1] .. '\31' .. ARGV[5] .. '\31' .. score)
      redis.call('ZADD', KEYS[3], tonumber(ARGV[1]) + tonumber(ARGV[3]), id)
      out[#out + 1] = id
      out[#out + 1] = num
      out[#out + 1] = rec
    end
  end
end
return out
)lua";

const char* const kManualClaim = R"lua(
local num = ARGV[1]
if redis.call('SISMEMBER', KEYS[5], num) == 1 then return {'dnc_global'} end
if redis.call('SISMEMBER', KEYS[4], num) == 1 then return {'dnc_campaign'} end
local rec = redis.call('HGET', KEYS[1], num)
local score = redis.call('ZSCORE', KEYS[2], num)
if rec and not score then
  -- Not due: it may be on a call now (claimed by a node, ringing, talking).
  local open = redis.call('HGETALL', KEYS[6])
  for i = 1, #open, 2 do
    if open[i] ~= '#seq' and string.find(open[i + 1], num .. '\31', 1, true) == 1 then
      return {'in_progress'}
    end
  end
end
if not rec then
  rec = ARGV[5]
  redis.call('HSET', KEYS[1], num, rec)
end
if score then redis.call('ZREM', KEYS[2], num) else score = ARGV[2] end
local id = tostring(redis.call('HINCRBY', KEYS[6], '#seq', 1))
redis.call('HSET', KEYS[6], id, num .. '\31' .. ARGV[4] .. '\31' .. ARGV[2] .. '\31manual\31' .. score)
redis.call('ZADD', KEYS[3], tonumber(ARGV[2]) + tonumber(ARGV[3]), id)
return {'ok', id, rec}
)lua";

const char* const kOutcome = R"lua(
local a = redis.call('HGET', KEYS[4], ARGV[1])
if not a then return 0 end
local num = string.match(a, '^([^\31]*)')
local place = string.match(a, '^[^\31]*\31[^\31]*\31[^\31]*\31[^\31]*\31([^\31]+)$')
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
local rec = redis.call('HGET', KEYS[1], num)
if rec then
  local attempts, rest = string.match(rec, '^(%d+)\31[^\31]*\31[^\31]*\31(.*)$')
  -- A released or withdrawn target (claimed, never dialled) keeps its attempt count.
  local used = 1
  if ARGV[2] == 'released' or ARGV[2] == 'withdrawn' then used = 0 end
  redis.call('HSET', KEYS[1], num,
             tostring(tonumber(attempts) + used) .. '\31' .. ARGV[2] .. '\31' .. ARGV[5] .. '\31' .. rest)
  if ARGV[3] ~= '' then
    -- Released (never dialled): back to its own place, not behind every target due by now.
    local score = ARGV[3]
    if ARGV[2] == 'released' and place then score = place end
    redis.call('ZADD', KEYS[2], score, num)
  else
    redis.call('HSET', KEYS[6], num, ARGV[4])
  end
end
local entry = {'attempt', ARGV[1], 'number', num, 'outcome', ARGV[2], 'at_ms', ARGV[5],
               'agent', ARGV[6]}
if ARGV[7] and ARGV[7] ~= '' then
  -- The attempt's AMD verdict and its decision time.
  for _, v in ipairs({'amd', ARGV[7], 'amd_ms', ARGV[8]}) do table.insert(entry, v) end
end
redis.call('XADD', KEYS[5], '*', unpack(entry))
return 1
)lua";

const char* const kReconcile = R"lua(
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local out = {}
for _, id in ipairs(expired) do
  local a = redis.call('HGET', KEYS[2], id)
  local num, instance, started = '', '', ''
  if a then num, instance, started = string.match(a, '^([^\31]*)\31([^\31]*)\31([^\31]*)') end
  if a and instance == ARGV[3] then
    -- this process's own attempt: alive, not reconciled
  elseif a then
    redis.call('ZREM', KEYS[1], id)
    redis.call('HDEL', KEYS[2], id)
    redis.call('HSET', KEYS[3], num, 'attempt ' .. id .. ' by ' .. instance .. ' at ' .. started ..
               ' ms has no recorded outcome')
    redis.call('XADD', KEYS[4], '*', 'attempt', id, 'number', num, 'outcome', 'unknown',
               'at_ms', ARGV[2], 'agent', '')
    out[#out + 1] = id
    out[#out + 1] = num
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
)lua";

const char* const kUndoClaim = R"lua(
local all = redis.call('HGETALL', KEYS[1])
local undone = 0
for i = 1, #all, 2 do
  local id, a = all[i], all[i + 1]
  local num, token, place = string.match(a, '^([^\31]*)\31[^\31]*\31[^\31]*\31([^\31]*)\31?([^\31]*)$')
  if token == ARGV[1] then
    redis.call('HDEL', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    if place == nil or place == '' then place = ARGV[2] end
    redis.call('ZADD', KEYS[3], place, num)
    undone = undone + 1
  end
end
return undone
)lua";

const char* const kLateResult = R"lua(
if redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 1 then return 0 end
local note = redis.call('HGET', KEYS[1], ARGV[1])
if not note then return -1 end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('XADD', KEYS[2], '*', unpack(fields))
redis.call('SADD', KEYS[3], ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], note .. '; ' .. ARGV[3])
return 1
)lua";

const char* const kFencedCommand = R"lua(
return redis.call(unpack(ARGV))
)lua";

const char* const kFencedBatch = R"lua(
if ARGV[1] ~= '' and not redis.call('SET', ARGV[1], '1', 'NX', 'EX', 3600) then return 0 end
local i = 2
while i <= #ARGV do
  local n = tonumber(ARGV[i])
  redis.call(unpack(ARGV, i + 1, i + n))
  i = i + n + 1
end
return 1
)lua";

const char* const kReadHashes = R"lua(
local out = {}
for i = 1, #KEYS do out[i] = table.concat(redis.call('HGETALL', KEYS[i]), ' ') end
return out
)lua";

const char* const kAddResult = R"lua(
if ARGV[1] ~= '' and redis.call('SADD', KEYS[2], ARGV[1]) == 0 then return 0 end
local fields = {}
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('XADD', KEYS[1], '*', unpack(fields))
if KEYS[3] then
  -- The customer's history at this centre: the newest 20 results, what the desk shows.
  local entry = {list = ARGV[2]}
  for i = 1, #fields, 2 do
    local k = fields[i]
    if k == 'at_ms' or k == 'agent' or k == 'disposition' or k == 'product' or k == 'direction'
        or k == 'callback_ms' then
      entry[k] = fields[i + 1]
    end
  end
  redis.call('LPUSH', KEYS[3], cjson.encode(entry))
  redis.call('LTRIM', KEYS[3], 0, 19)
end
return 1
)lua";

const char* const kPenetration = R"lua(
local now = tonumber(ARGV[1])
local out = {redis.call('HLEN', KEYS[1]), redis.call('ZCOUNT', KEYS[2], '-inf', now),
             redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf'), redis.call('HLEN', KEYS[3]),
             redis.call('HLEN', KEYS[4]), redis.call('SCARD', KEYS[5]), redis.call('ZCARD', KEYS[6])}
local step = redis.call('HSCAN', KEYS[1], ARGV[2], 'COUNT', ARGV[3])
out[8] = step[1]
local by = {}
local fields = step[2]
for i = 2, #fields, 2 do
  local n = tonumber(string.match(fields[i], '^(%d+)')) or 0
  by[n] = (by[n] or 0) + 1
end
for n, c in pairs(by) do
  out[#out + 1] = n
  out[#out + 1] = c
end
return out
)lua";

const char* const kInspect = R"lua(
local function yes(n) if n == 1 then return '1' end return '0' end
return {redis.call('HGET', KEYS[1], ARGV[1]) or '', redis.call('ZSCORE', KEYS[2], ARGV[1]) or '',
        redis.call('HGET', KEYS[3], ARGV[1]) or '', redis.call('HGET', KEYS[4], ARGV[1]) or '',
        yes(redis.call('SISMEMBER', KEYS[5], ARGV[1])),
        yes(redis.call('SISMEMBER', KEYS[6], ARGV[1]))}
)lua";

const char* const kConfirm = R"lua(
local a = redis.call('HGET', KEYS[1], ARGV[1])
if not a then return {'lease_lost', 'the attempt is no longer open'} end
local num, instance = string.match(a, '^([^\31]*)\31([^\31]*)\31')
if instance ~= ARGV[2] then return {'lease_lost', 'the attempt belongs to ' .. instance} end
local function close(outcome, never_reason, next_score)
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[5], ARGV[1])
  if next_score then
    redis.call('ZADD', KEYS[8], next_score, num)
  else
    redis.call('HSET', KEYS[6], num, never_reason)
  end
  redis.call('XADD', KEYS[7], '*', 'attempt', ARGV[1], 'number', num, 'outcome', outcome,
             'at_ms', ARGV[3], 'agent', '')
end
if redis.call('SISMEMBER', KEYS[4], num) == 1 then
  close('withdrawn_dnc', 'on the global do-not-call list')
  return {'dnc_global', 'on the global do-not-call list'}
end
if redis.call('SISMEMBER', KEYS[3], num) == 1 then
  close('withdrawn_dnc', "on the campaign's do-not-call list")
  return {'dnc_campaign', "on the campaign's do-not-call list"}
end
local rec = redis.call('HGET', KEYS[2], num)
if not rec then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[5], ARGV[1])
  return {'gone', 'the target was deleted'}
end
local attempts = tonumber(string.match(rec, '^(%d+)')) or 0
local cap = tonumber(ARGV[4])
if cap > 0 and attempts >= cap then
  close('withdrawn_exhausted', 'attempts exhausted (' .. attempts .. ' of ' .. cap .. ')')
  return {'exhausted', 'attempts exhausted'}
end
if ARGV[5] ~= '' then
  if ARGV[5] == 'never' then
    close('withdrawn_window', ARGV[6])
    return {'outside_window', ARGV[6]}
  end
  close('withdrawn_window', nil, ARGV[5])
  return {'outside_window', ARGV[5]}
end
-- Confirmed: the attempt starts now (no claim token any more: it cannot be undone; its place kept).
local place = string.match(a, '^[^\31]*\31[^\31]*\31[^\31]*\31[^\31]*\31([^\31]*)$') or ''
redis.call('HSET', KEYS[1], ARGV[1], num .. '\31' .. ARGV[2] .. '\31' .. ARGV[3] .. '\31\31' .. place)
return {'ok', ''}
)lua";

}  // namespace blendd::queue::lua

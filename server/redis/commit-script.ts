import { LuaScript } from './lua-script';

/**
 * The one generic atomic commit. It knows nothing of calls or units: it checks the version of
 * every hash the change touches, writes them, updates set indexes, increments the sequence number
 * and appends the change to the stream under that number. Business rules stay in TypeScript.
 *
 * It can also hand out the next number of a counter (call numbers): the caller writes a token in
 * place of the number and the script replaces it everywhere. Numbering inside the commit saves a
 * round trip per new call, and a commit that loses a race uses no number, so numbers have no gaps.
 *
 * KEYS: seq, stream, counter, then one hash key per write, then one set key per set operation.
 * ARGV: maxlen, payload, writeCount, setOpCount, counterToken ('' when no number is wanted), then
 *   per write: expected, fieldCount, field, value, ...; then per set operation: op, member, score.
 *   expected: '-' no check, '0' must not exist, '*' must exist, '?' written only if it exists
 *   (skipped otherwise: telemetry for a unit nobody created), else the exact version.
 *   op: '+' (SADD), '-' (SREM), 'z' (ZADD with the score) or 'r' (ZREM).
 * Returns {'ok', seq, number ('' when none), skippedKey...}, {'skipped', key...} when every write
 * was skipped (nothing is committed), or {'conflict', key, actualVersion ('0' when absent)}.
 */
export const commitScript = new LuaScript(`
local maxlen, payload = ARGV[1], ARGV[2]
local nWrites, nSets, token = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local FIRST = 6

local skip, skipped = {}, {}
local pos = FIRST
for i = 1, nWrites do
  local key, expected, nFields = KEYS[3 + i], ARGV[pos], tonumber(ARGV[pos + 1])
  if expected == '?' then
    if redis.call('EXISTS', key) == 0 then
      skip[i] = true
      skipped[#skipped + 1] = key
    end
  elseif expected ~= '-' then
    local actual = redis.call('HGET', key, 'v')
    if expected == '0' then
      if actual then return {'conflict', key, actual} end
    elseif expected == '*' then
      if not actual then return {'conflict', key, '0'} end
    elseif actual ~= expected then
      return {'conflict', key, actual or '0'}
    end
  end
  pos = pos + 2 + 2 * nFields
end
if nWrites > 0 and #skipped == nWrites and nSets == 0 then
  return {'skipped', unpack(skipped)}
end

local number = ''
if token ~= '' then
  number = string.format('%06d', redis.call('INCR', KEYS[3]))
  payload = (string.gsub(payload, token, number))
end

pos = FIRST
for i = 1, nWrites do
  local nFields = tonumber(ARGV[pos + 1])
  if nFields > 0 and not skip[i] then
    if token ~= '' then
      local fields = {}
      for j = pos + 2, pos + 1 + 2 * nFields do fields[#fields + 1] = (string.gsub(ARGV[j], token, number)) end
      redis.call('HSET', KEYS[3 + i], unpack(fields))
    else
      redis.call('HSET', KEYS[3 + i], unpack(ARGV, pos + 2, pos + 1 + 2 * nFields))
    end
  end
  pos = pos + 2 + 2 * nFields
end

for i = 1, nSets do
  local key, op, member = KEYS[3 + nWrites + i], ARGV[pos], ARGV[pos + 1]
  if op == '+' then redis.call('SADD', key, member)
  elseif op == '-' then redis.call('SREM', key, member)
  elseif op == 'r' then redis.call('ZREM', key, member)
  else redis.call('ZADD', key, ARGV[pos + 2], member) end
  pos = pos + 3
end

local seq = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', maxlen, seq .. '-0', 'c', payload)
return {'ok', seq, number, unpack(skipped)}
`);

/**
 * Reads the whole live state in one atomic step, so the projection starts at exactly the
 * sequence number its data reflects, with the history id it belongs to (made here, from ARGV[3],
 * when the data set has none: a first start, or after the data was lost) and the stream entry
 * at that sequence number (to recognise the same history later).
 * KEYS: seq, openCalls, units, history, stream, destinations.
 * ARGV: callPrefix, unitPrefix, newHistoryId, destinationPrefix.
 * Returns {seq, history, lastEntryPayload or '', {callDoc, callRec, ...}, {unitDoc, unitPos, ...},
 *   {destinationDoc, ...}}.
 */
export const loadScript = new LuaScript(`
local seq = redis.call('GET', KEYS[1]) or '0'
local history = redis.call('GET', KEYS[4])
if not history then
  history = ARGV[3]
  redis.call('SET', KEYS[4], history)
end
local last = ''
if seq ~= '0' then
  local entry = redis.call('XRANGE', KEYS[5], seq .. '-0', seq .. '-0')[1]
  if entry then last = entry[2][2] end
end
local calls, units = {}, {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local fields = redis.call('HMGET', ARGV[1] .. id, 'doc', 'rec')
  if fields[1] then
    calls[#calls + 1] = fields[1]
    calls[#calls + 1] = fields[2] or ''
  end
end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  local fields = redis.call('HMGET', ARGV[2] .. id, 'doc', 'pos')
  if fields[1] then
    units[#units + 1] = fields[1]
    units[#units + 1] = fields[2] or ''
  end
end
local destinations = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[6])) do
  local doc = redis.call('HGET', ARGV[4] .. id, 'doc')
  if doc then destinations[#destinations + 1] = doc end
end
return {seq, history, last, calls, units, destinations}
`);

/**
 * Is Redis still on the history this instance follows? One round trip every few seconds.
 * KEYS: history, seq, stream. ARGV: ourSeq.
 * Returns {history or false, seq, payload of the stream entry at ourSeq or ''}.
 */
export const verifyScript = new LuaScript(`
local history = redis.call('GET', KEYS[1])
local seq = redis.call('GET', KEYS[2]) or '0'
local payload = ''
if ARGV[1] ~= '0' then
  local entry = redis.call('XRANGE', KEYS[3], ARGV[1] .. '-0', ARGV[1] .. '-0')[1]
  if entry then payload = entry[2][2] end
end
return {history or false, seq, payload}
`);

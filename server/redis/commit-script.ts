import { LuaScript } from './lua-script';

/**
 * The one generic atomic commit. It knows nothing of calls or units: it checks the version of
 * every hash the change touches, writes them, updates set indexes, increments the sequence number
 * and appends the change to the stream under that number. Business rules stay in TypeScript.
 *
 * KEYS: seq, stream, then one hash key per write, then one set key per set operation.
 * ARGV: maxlen, payload, writeCount, setOpCount, then per write:
 *   expected ('-' no check, '0' must not exist, '*' must exist, else the exact version),
 *   fieldCount, field, value, ...; then per set operation: op, member, score, where op is
 *   '+' (SADD), '-' (SREM) or 'z' (ZADD with the score).
 * Returns {'ok', seq} or {'conflict', key, actualVersion ('0' when absent)}.
 */
export const commitScript = new LuaScript(`
local maxlen, payload = ARGV[1], ARGV[2]
local nWrites, nSets = tonumber(ARGV[3]), tonumber(ARGV[4])

local pos = 5
for i = 1, nWrites do
  local key, expected, nFields = KEYS[2 + i], ARGV[pos], tonumber(ARGV[pos + 1])
  if expected ~= '-' then
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

pos = 5
for i = 1, nWrites do
  local nFields = tonumber(ARGV[pos + 1])
  if nFields > 0 then
    redis.call('HSET', KEYS[2 + i], unpack(ARGV, pos + 2, pos + 1 + 2 * nFields))
  end
  pos = pos + 2 + 2 * nFields
end

for i = 1, nSets do
  local key, op, member = KEYS[2 + nWrites + i], ARGV[pos], ARGV[pos + 1]
  if op == '+' then redis.call('SADD', key, member)
  elseif op == '-' then redis.call('SREM', key, member)
  else redis.call('ZADD', key, ARGV[pos + 2], member) end
  pos = pos + 3
end

local seq = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', maxlen, seq .. '-0', 'c', payload)
return {'ok', seq}
`);

/**
 * Reads the whole live state in one atomic step, so the projection starts at exactly the
 * sequence number its data reflects. KEYS: seq, openCalls, units. ARGV: callPrefix, unitPrefix.
 * Returns {seq, {callDoc, callRec, ...}, {unitDoc, unitPos, ...}}.
 */
export const loadScript = new LuaScript(`
local seq = redis.call('GET', KEYS[1]) or '0'
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
return {seq, calls, units}
`);

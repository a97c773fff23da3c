import { SafetyProfile, SafetyProfileInput, normalizePhone, type ProfileImportRecordResult, type ProfileImportResult } from '../../shared/profile';
import { DomainError } from '../domain/errors';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { LuaScript } from '../redis/lua-script';
import { parseInput } from '../edge/validate';

/**
 * Writes a profile and its phone index in one step, so a phone never points at the wrong
 * household. The caller passes the phones it read before (ARGV[3]); if they changed meanwhile
 * the script answers 'retry'. A phone already verified for another profile is refused.
 * KEYS: profile hash, profiles set, the new phones' index keys, then the dropped phones' keys.
 * ARGV: id, doc, phones read before (csv), new phones (csv), number of new phone keys.
 */
const upsertScript = new LuaScript(`
local id, doc, before, phones, nNew = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
if (redis.call('HGET', KEYS[1], 'phones') or '') ~= before then return {'retry'} end
for i = 1, nNew do
  local owner = redis.call('GET', KEYS[2 + i])
  if owner and owner ~= id then return {'taken', tostring(i), owner} end
end
for i = 3 + nNew, #KEYS do
  if redis.call('GET', KEYS[i]) == id then redis.call('DEL', KEYS[i]) end
end
for i = 1, nNew do redis.call('SET', KEYS[2 + i], id) end
local created = redis.call('EXISTS', KEYS[1]) == 0
redis.call('HSET', KEYS[1], 'doc', doc, 'phones', phones)
redis.call('SADD', KEYS[2], id)
return {'ok', created and '1' or '0'}
`);

/** KEYS: profile hash, profiles set, its phones' index keys. ARGV: id, phones read before (csv). */
const deleteScript = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if (redis.call('HGET', KEYS[1], 'phones') or '') ~= ARGV[2] then return 'retry' end
for i = 3, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 'ok'
`);

const splitPhones = (csv: string | null | undefined): string[] => (csv ? csv.split(',') : []);

/** Safety profiles in Redis: a hash per profile (JSON doc and its phones), a phone index, the set of ids. */
export class ProfileStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async get(id: string): Promise<SafetyProfile | null> {
    const doc = await this.redis.hGet(this.keys.profile(id), 'doc');
    return doc ? SafetyProfile.parse(JSON.parse(doc)) : null;
  }

  /** The profile whose verified phones include this number (any format), or null. */
  async findByPhone(rawPhone: string): Promise<SafetyProfile | null> {
    const phone = normalizePhone(rawPhone);
    if (!phone) return null;
    const id = await this.redis.get(this.keys.profileByPhone(phone));
    return id ? this.get(id) : null;
  }

  async ids(): Promise<string[]> {
    return (await this.redis.sMembers(this.keys.profiles)).sort();
  }

  /** Creates or replaces a profile (same id = same household); refuses a phone another profile holds. */
  async upsert(profile: SafetyProfile): Promise<{ created: boolean }> {
    const key = this.keys.profile(profile.id);
    const phones = [...profile.verifiedPhones].sort();
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = (await this.redis.hGet(key, 'phones')) ?? '';
      const dropped = splitPhones(before).filter((p) => !phones.includes(p));
      const reply = (await upsertScript.run(
        this.redis,
        [key, this.keys.profiles, ...phones.map((p) => this.keys.profileByPhone(p)), ...dropped.map((p) => this.keys.profileByPhone(p))],
        [profile.id, JSON.stringify(profile), before, phones.join(','), String(phones.length)],
      )) as string[];
      if (reply[0] === 'ok') return { created: reply[1] === '1' };
      if (reply[0] === 'taken') {
        const phone = phones[Number(reply[1]) - 1];
        throw new DomainError('conflict', `phone ${phone} is already verified for profile ${reply[2]}; remove it there first`, { phone, profileId: reply[2] });
      }
    }
    throw new DomainError('conflict', `profile ${profile.id} is being changed by someone else; try again`);
  }

  /** Removes a profile and its phone index; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const key = this.keys.profile(id);
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = (await this.redis.hGet(key, 'phones')) ?? '';
      const phoneKeys = splitPhones(before).map((p) => this.keys.profileByPhone(p));
      const reply = await deleteScript.run(this.redis, [key, this.keys.profiles, ...phoneKeys], [id, before]);
      if (reply === 'ok') return true;
      if (reply === 'missing') return false;
    }
    throw new DomainError('conflict', `profile ${id} is being changed by someone else; try again`);
  }

  /**
   * Validates and stores each record on its own, so one bad record does not block the rest;
   * the answer says, per record, what happened and what to fix.
   */
  async importMany(records: readonly unknown[], now: number): Promise<ProfileImportResult> {
    const results: ProfileImportRecordResult[] = [];
    for (const [index, record] of records.entries()) {
      const rawId = typeof record === 'object' && record !== null ? (record as { id?: unknown }).id : undefined;
      const id = typeof rawId === 'string' ? rawId : null;
      try {
        const input = parseInput(SafetyProfileInput, record, `profile #${index + 1}`);
        const { created } = await this.upsert({ ...input, updatedAt: input.updatedAt ?? now });
        results.push({ index, id: input.id, ok: true, created });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        results.push({ index, id, ok: false, error: err.toApiError() });
      }
    }
    const imported = results.filter((r) => r.ok).length;
    return { imported, failed: results.length - imported, results };
  }
}

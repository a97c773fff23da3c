import type { Grant } from '../../shared/profile';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { LuaScript } from '../redis/lua-script';

export const DEFAULT_GRANT_TTL_MS = 45 * 60_000;
/** A link outlives its grant so that "expired" can be told from "no profile"; closing the call deletes it. */
const LINK_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Links a call to a profile and opens its grant, once: SET NX on the link makes the first server
 * instance win and every other one (or a replay after a restart) do nothing, so an expired
 * grant is never revived by accident. The grant is a hash whose Redis TTL is the time limit.
 * KEYS: link, grant. ARGV: profileId, callId, expiresAt, ttlMs, linkTtlMs. Returns 1 when created.
 */
const createScript = new LuaScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[5]) then return 0 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'callId', ARGV[2], 'profileId', ARGV[1], 'expiresAt', ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return 1
`);

/**
 * Extends (or, once expired, reopens) the grant of a linked call by ARGV[1] ms beyond what is
 * left. Refused when the call has no link (never matched, or closed: closing deletes it).
 * KEYS: link, grant. ARGV: extendMs, now, extendedBy, reason, callId.
 * Returns {'ok', profileId, expiresAt} or {'unlinked'}.
 */
const extendScript = new LuaScript(`
local profileId = redis.call('GET', KEYS[1])
if not profileId then return {'unlinked'} end
local left = redis.call('PTTL', KEYS[2])
if left < 0 then left = 0 end
local ttl = left + tonumber(ARGV[1])
local expiresAt = tostring(tonumber(ARGV[2]) + ttl)
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'callId', ARGV[5], 'profileId', profileId, 'expiresAt', expiresAt, 'extendedBy', ARGV[3], 'reason', ARGV[4])
redis.call('PEXPIRE', KEYS[2], ttl)
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return {'ok', profileId, expiresAt}
`);

export interface GrantOptions {
  /** How long a new grant lasts; default 45 minutes. */
  ttlMs?: number;
  /** How much an extension adds; default the same as ttlMs. */
  extendMs?: number;
  now?: () => number;
}

/** Per-call, time-limited access to the caller's safety profile. */
export class Grants {
  readonly ttlMs: number;
  readonly extendMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    opts: GrantOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_GRANT_TTL_MS;
    this.extendMs = opts.extendMs ?? this.ttlMs;
    this.now = opts.now ?? Date.now;
  }

  /** Links the call to the profile and opens a grant; false when the call was already linked. */
  async create(callId: string, profileId: string): Promise<boolean> {
    const expiresAt = this.now() + this.ttlMs;
    const created = await createScript.run(
      this.redis,
      [this.keys.profileLink(callId), this.keys.grant(callId)],
      [profileId, callId, String(expiresAt), String(this.ttlMs), String(LINK_TTL_MS)],
    );
    return created === 1;
  }

  /** The live grant, or null when there is none or it expired (Redis removed it). */
  async get(callId: string): Promise<Grant | null> {
    const h = await this.redis.hGetAll(this.keys.grant(callId));
    if (!h.callId || !h.profileId || !h.expiresAt) return null;
    const grant: Grant = { callId: h.callId, profileId: h.profileId, expiresAt: Number(h.expiresAt) };
    if (h.extendedBy) grant.extendedBy = h.extendedBy;
    if (h.reason) grant.reason = h.reason;
    return grant;
  }

  /** The profile this call was matched to, whether or not its grant is still live. */
  async linkedProfile(callId: string): Promise<string | null> {
    return (await this.redis.get(this.keys.profileLink(callId))) ?? null;
  }

  /** A supervisor's extension; null when the call is not linked to a profile. */
  async extend(callId: string, by: string, reason: string): Promise<Grant | null> {
    const reply = (await extendScript.run(
      this.redis,
      [this.keys.profileLink(callId), this.keys.grant(callId)],
      [String(this.extendMs), String(this.now()), by, reason, callId],
    )) as string[];
    if (reply[0] !== 'ok') return null;
    return { callId, profileId: reply[1]!, expiresAt: Number(reply[2]), extendedBy: by, reason };
  }

  /** Ends access for good (the call closed): the grant and the link both go. Idempotent. */
  async revoke(callId: string): Promise<void> {
    await this.redis.del([this.keys.grant(callId), this.keys.profileLink(callId)]);
  }
}

import type { Grant } from '../../shared/profile';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { LuaScript } from '../redis/lua-script';

export const DEFAULT_GRANT_TTL_MS = 45 * 60_000;
/**
 * One incident of a household: calls from its phone within this long of the first share that
 * first call's grant, so calling again (or having someone call) does not buy more time. A
 * crisis that goes on longer needs a supervisor's extension, with a reason.
 */
export const DEFAULT_INCIDENT_WINDOW_MS = 12 * 3_600_000;
/** A link outlives its grant, so that "expired" can be told from "no profile" and a reopened call gets no fresh grant. */
const LINK_TTL_MS = 7 * 24 * 3_600_000;

/**
 * Links a call to a profile and opens its grant, once: SET NX on the link makes the first server
 * instance win and every other one (or a replay after a restart, or the call reopened) do
 * nothing, so an expired grant is never revived by accident. The grant ends when the household's
 * incident grant ends: the first call of the window sets that time, later calls share it. The
 * grant is a hash whose Redis TTL is the time limit.
 * KEYS: link, grant, household incident. ARGV: profileId, callId, now, ttlMs, linkTtlMs, windowMs.
 * Returns 0 when the call was linked already, 1 for a live grant, 2 when linked with the
 * household's grant already used up (a supervisor may extend it).
 */
const createScript = new LuaScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[5]) then return 0 end
local now = tonumber(ARGV[3])
local ends = tonumber(redis.call('GET', KEYS[3]) or '0')
if ends == 0 then
  ends = now + tonumber(ARGV[4])
  redis.call('SET', KEYS[3], tostring(ends), 'PX', ARGV[6])
end
redis.call('DEL', KEYS[2])
if ends <= now then return 2 end
redis.call('HSET', KEYS[2], 'callId', ARGV[2], 'profileId', ARGV[1], 'expiresAt', tostring(ends))
redis.call('PEXPIRE', KEYS[2], tostring(ends - now))
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
  /** How long a household's grant lasts from its first call; default 45 minutes. */
  ttlMs?: number;
  /** How long calls from one household count as one incident; default 12 hours. */
  incidentWindowMs?: number;
  /** How much an extension adds; default the same as ttlMs. */
  extendMs?: number;
  now?: () => number;
}

/** Per-call, time-limited access to the caller's safety profile. */
export class Grants {
  readonly ttlMs: number;
  readonly extendMs: number;
  readonly incidentWindowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    opts: GrantOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_GRANT_TTL_MS;
    this.extendMs = opts.extendMs ?? this.ttlMs;
    this.incidentWindowMs = opts.incidentWindowMs ?? DEFAULT_INCIDENT_WINDOW_MS;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Links the call to the profile and opens a grant that ends with the household's incident
   * grant: 'live', 'used-up' (linked, but the household's time already ran out), or
   * 'already-linked' (this call was linked before, and is never linked afresh).
   */
  async create(callId: string, profileId: string): Promise<'live' | 'used-up' | 'already-linked'> {
    const reply = await createScript.run(
      this.redis,
      [this.keys.profileLink(callId), this.keys.grant(callId), this.keys.profileIncident(profileId)],
      [profileId, callId, String(this.now()), String(this.ttlMs), String(LINK_TTL_MS), String(this.incidentWindowMs)],
    );
    return reply === 1 ? 'live' : reply === 2 ? 'used-up' : 'already-linked';
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

  /**
   * Ends access (the call closed). The link stays until it expires, so reopening the call does
   * not open a fresh grant: only a supervisor's extension, with a reason, does. Idempotent.
   */
  async revoke(callId: string): Promise<void> {
    await this.redis.del(this.keys.grant(callId));
  }
}

import type { Role } from '../../shared/roles';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { LuaScript } from '../redis/lua-script';

/**
 * Takes one sign-in attempt for an account before its password is checked, in one step, so a
 * burst on any number of instances verifies at most `max` passwords: each attempt counts as a
 * failure until it succeeds (a success clears the count), and the attempt that reaches `max`
 * locks the account at once, before its own password is checked.
 * KEYS: user hash. ARGV: now, max, lockMs. Returns -1 for no such user, 0 when locked, else the
 * attempt's number.
 */
const reserveAttemptScript = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local now = tonumber(ARGV[1])
if tonumber(redis.call('HGET', KEYS[1], 'lockedUntil') or '0') > now then return 0 end
local n = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if n >= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'lockedUntil', tostring(now + tonumber(ARGV[3])), 'failures', '0')
end
return n
`);

/** What a sign-in attempt may do: check the password (its number in the run of failures), or not. */
export type Attempt = { kind: 'unknown' } | { kind: 'locked' } | { kind: 'check'; n: number; locksAccount: boolean };

export interface UserRecord {
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: number;
  /** Consecutive failed sign-ins (an attempt counts from before its password is checked); reset by a success. */
  failures: number;
  /** Epoch ms until which sign-in is refused after too many failures; 0 when not locked. */
  lockedUntil: number;
}

/** Sign-in accounts in Redis: one hash per user, and a set of all user names. */
export class UserStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async get(username: string): Promise<UserRecord | null> {
    const h = await this.redis.hGetAll(this.keys.user(username));
    if (!h.passwordHash) return null;
    return {
      username,
      role: h.role as Role,
      passwordHash: h.passwordHash,
      createdAt: Number(h.createdAt ?? 0),
      failures: Number(h.failures ?? 0),
      lockedUntil: Number(h.lockedUntil ?? 0),
    };
  }

  async list(): Promise<Omit<UserRecord, 'passwordHash'>[]> {
    const names = (await this.redis.sMembers(this.keys.users)).sort();
    const users = await Promise.all(names.map((n) => this.get(n)));
    return users.filter((u): u is UserRecord => u !== null).map(({ passwordHash: _h, ...u }) => u);
  }

  /** Creates a user; false when the name is taken (HSETNX on the hash makes the check atomic). */
  async create(username: string, role: Role, passwordHash: string, now: number): Promise<boolean> {
    const key = this.keys.user(username);
    const created = await this.redis.hSetNX(key, 'passwordHash', passwordHash);
    if (!created) return false;
    await this.redis.hSet(key, { role, createdAt: String(now), failures: '0', lockedUntil: '0' });
    await this.redis.sAdd(this.keys.users, username);
    return true;
  }

  async setRole(username: string, role: Role): Promise<void> {
    await this.redis.hSet(this.keys.user(username), 'role', role);
  }

  async setPassword(username: string, passwordHash: string): Promise<void> {
    await this.redis.hSet(this.keys.user(username), { passwordHash, failures: '0', lockedUntil: '0' });
  }

  async delete(username: string): Promise<void> {
    await this.redis.del(this.keys.user(username));
    await this.redis.sRem(this.keys.users, username);
  }

  /** Takes one attempt before the password is checked (see reserveAttemptScript). */
  async reserveAttempt(username: string, now: number, max: number, lockMs: number): Promise<Attempt> {
    const n = Number(await reserveAttemptScript.run(this.redis, [this.keys.user(username)], [String(now), String(max), String(lockMs)]));
    if (n < 0) return { kind: 'unknown' };
    if (n === 0) return { kind: 'locked' };
    return { kind: 'check', n, locksAccount: n >= max };
  }

  async clearFailures(username: string): Promise<void> {
    await this.redis.hSet(this.keys.user(username), { failures: '0', lockedUntil: '0' });
  }

  async anyAdmin(): Promise<boolean> {
    for (const u of await this.list()) if (u.role === 'admin') return true;
    return false;
  }
}

import type { Role } from '../../shared/roles';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';

export interface UserRecord {
  username: string;
  role: Role;
  passwordHash: string;
  createdAt: number;
  /** Consecutive failed sign-ins; reset by a success. */
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

  /** Counts a failure atomically; returns the new count. */
  async recordFailure(username: string): Promise<number> {
    return this.redis.hIncrBy(this.keys.user(username), 'failures', 1);
  }

  async lock(username: string, until: number): Promise<void> {
    await this.redis.hSet(this.keys.user(username), { lockedUntil: String(until), failures: '0' });
  }

  async clearFailures(username: string): Promise<void> {
    await this.redis.hSet(this.keys.user(username), { failures: '0', lockedUntil: '0' });
  }

  async anyAdmin(): Promise<boolean> {
    for (const u of await this.list()) if (u.role === 'admin') return true;
    return false;
  }
}

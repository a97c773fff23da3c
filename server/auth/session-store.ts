import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/roles';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';

export interface Session {
  id: string;
  /** The user, or the display key's name for a wall. */
  actor: string;
  role: Role;
  kind: 'user' | 'wall';
  /** The display key a wall session came from, so revoking the key ends it. */
  keyId: string | null;
  createdAt: number;
  /** Idle timeout in ms; 0 = none (wall displays run for days). */
  idleMs: number;
}

/**
 * Sessions in Redis. A board session expires after `idleMs` without activity (a Redis TTL that
 * every use pushes back); a wall session has no TTL and lives until its key is revoked.
 */
export class SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async create(s: Omit<Session, 'id'>): Promise<Session> {
    const id = randomBytes(32).toString('base64url');
    const key = this.keys.session(id);
    const multi = this.redis
      .multi()
      .hSet(key, {
        actor: s.actor,
        role: s.role,
        kind: s.kind,
        keyId: s.keyId ?? '',
        createdAt: String(s.createdAt),
        idleMs: String(s.idleMs),
      })
      .sAdd(s.kind === 'user' ? this.keys.sessionsOfUser(s.actor) : this.keys.sessionsOfKey(s.keyId ?? ''), id);
    if (s.idleMs > 0) multi.pExpire(key, s.idleMs);
    await multi.exec();
    return { id, ...s };
  }

  /** The live session for an id, or null. `touch` pushes back its idle timeout (a user action). */
  async get(id: string, touch: boolean): Promise<Session | null> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(id)) return null;
    const h = await this.redis.hGetAll(this.keys.session(id));
    if (!h.actor) return null;
    const session: Session = {
      id,
      actor: h.actor,
      role: h.role as Role,
      kind: h.kind === 'wall' ? 'wall' : 'user',
      keyId: h.keyId || null,
      createdAt: Number(h.createdAt),
      idleMs: Number(h.idleMs ?? 0),
    };
    if (touch && session.idleMs > 0) await this.redis.pExpire(this.keys.session(id), session.idleMs);
    return session;
  }

  async revoke(id: string): Promise<void> {
    await this.redis.del(this.keys.session(id));
  }

  /** Signs a user out everywhere; returns the ids ended. */
  async revokeAllOfUser(username: string): Promise<string[]> {
    return this.revokeSet(this.keys.sessionsOfUser(username));
  }

  async revokeAllOfKey(keyId: string): Promise<string[]> {
    return this.revokeSet(this.keys.sessionsOfKey(keyId));
  }

  private async revokeSet(setKey: string): Promise<string[]> {
    const ids = await this.redis.sMembers(setKey);
    if (ids.length) await this.redis.del([...ids.map((id) => this.keys.session(id)), setKey]);
    return ids;
  }
}

import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/roles';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';

export interface Session {
  /** The secret the session cookie holds; never written to Redis. */
  id: string;
  /** SHA-256 of the id: the name the session goes by in Redis, in socket rooms and in "sessions ended" lists. */
  ref: string;
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

/** The name a session id goes by anywhere but the cookie. */
export function sessionRefOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/**
 * Sessions in Redis, keyed by the hash of their id, so whoever reads Redis (a backup, a replica,
 * MONITOR) cannot take one over. A board session expires after `idleMs` without activity (a Redis TTL that
 * every use pushes back); a wall session has no TTL and lives until its key is revoked.
 */
export class SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  async create(s: Omit<Session, 'id' | 'ref'>): Promise<Session> {
    const id = randomBytes(32).toString('base64url');
    const ref = sessionRefOf(id);
    const key = this.keys.session(ref);
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
      .sAdd(this.setOf(s), ref);
    if (s.idleMs > 0) multi.pExpire(key, s.idleMs);
    await multi.exec();
    return { id, ref, ...s };
  }

  /** The live session for an id, or null. `touch` pushes back its idle timeout (a user action). */
  async get(id: string, touch: boolean): Promise<Session | null> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(id)) return null;
    const ref = sessionRefOf(id);
    let h = await this.redis.hGetAll(this.keys.session(ref));
    if (!h.actor) h = await this.adoptUnhashed(id, ref);
    if (!h.actor) return null;
    const session: Session = {
      id,
      ref,
      actor: h.actor,
      role: h.role as Role,
      kind: h.kind === 'wall' ? 'wall' : 'user',
      keyId: h.keyId || null,
      createdAt: Number(h.createdAt),
      idleMs: Number(h.idleMs ?? 0),
    };
    if (touch && session.idleMs > 0) await this.redis.pExpire(this.keys.session(ref), session.idleMs);
    return session;
  }

  /** Is the session of this ref still live? For sessions held only by their ref (connected sockets). */
  async isLive(ref: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.session(ref))) === 1;
  }

  async revoke(session: Session): Promise<void> {
    await this.redis.multi().del(this.keys.session(session.ref)).sRem(this.setOf(session), session.ref).exec();
  }

  /**
   * A session written before ids were hashed (its key is the id itself) moves to its hashed key
   * on first use, so an upgrade signs no one out: wall displays keep their year-long sessions.
   */
  private async adoptUnhashed(id: string, ref: string): Promise<Record<string, string>> {
    const h = await this.redis.hGetAll(this.keys.session(id));
    if (!h.actor) return h;
    const set = h.kind === 'wall' ? this.keys.sessionsOfKey(h.keyId ?? '') : this.keys.sessionsOfUser(h.actor);
    await this.redis.multi().rename(this.keys.session(id), this.keys.session(ref)).sRem(set, id).sAdd(set, ref).exec();
    return h;
  }

  private setOf(s: Pick<Session, 'kind' | 'actor' | 'keyId'>): string {
    return s.kind === 'user' ? this.keys.sessionsOfUser(s.actor) : this.keys.sessionsOfKey(s.keyId ?? '');
  }

  /** Signs a user out everywhere; returns the refs of the sessions ended. */
  async revokeAllOfUser(username: string): Promise<string[]> {
    return this.revokeSet(this.keys.sessionsOfUser(username));
  }

  async revokeAllOfKey(keyId: string): Promise<string[]> {
    return this.revokeSet(this.keys.sessionsOfKey(keyId));
  }

  private async revokeSet(setKey: string): Promise<string[]> {
    const refs = await this.redis.sMembers(setKey);
    if (refs.length) await this.redis.del([...refs.map((ref) => this.keys.session(ref)), setKey]);
    return refs;
  }
}

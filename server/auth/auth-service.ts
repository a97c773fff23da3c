import type { Principal } from '../../shared/auth';
import { DomainError } from '../domain/errors';
import type { ApiKeyStore } from './api-keys';
import type { AuditLog } from './audit-log';
import { hashPassword, verifyPassword } from './passwords';
import type { Session, SessionStore } from './session-store';
import type { UserStore } from './user-store';

export interface AuthOptions {
  idleMinutes: number;
  maxFailures?: number;
  lockMinutes?: number;
  now?: () => number;
}

const WRONG = 'wrong user name or password';

/**
 * Sign-in and identification: passwords with lockout, wall displays by key, integrations by
 * bearer key. Every attempt, good or bad, is audited here, so no caller can forget to.
 */
export class AuthService {
  private readonly now: () => number;
  /** Verified against when the user does not exist, so a wrong name takes as long as a wrong password. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    readonly users: UserStore,
    readonly sessions: SessionStore,
    readonly apiKeys: ApiKeyStore,
    readonly audit: AuditLog,
    private readonly opts: AuthOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  async signIn(username: string, password: string, from: string): Promise<Session> {
    const name = username.trim().toLowerCase();
    const user = await this.users.get(name);
    const fail = async (detail: string, error: DomainError): Promise<never> => {
      await this.audit.record({ component: 'auth', type: 'signin', actor: name, outcome: 'failure', subject: name, detail: `${detail} from ${from}` });
      throw error;
    };
    if (!user) {
      this.dummyHash ??= hashPassword('not a real password, only for timing');
      await verifyPassword(await this.dummyHash, password);
      return fail('unknown user', new DomainError('unauthorized', WRONG));
    }
    const now = this.now();
    if (user.lockedUntil > now) {
      const minutes = Math.ceil((user.lockedUntil - now) / 60_000);
      return fail('locked', new DomainError('locked', `too many failed sign-ins: try again in ${minutes} min, or ask an admin to reset the password`));
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const failures = await this.users.recordFailure(name);
      if (failures >= (this.opts.maxFailures ?? 5)) {
        await this.users.lock(name, now + (this.opts.lockMinutes ?? 10) * 60_000);
        await this.audit.record({ component: 'auth', type: 'lockout', actor: name, outcome: 'denied', subject: name, detail: `${failures} failures` });
      }
      return fail('wrong password', new DomainError('unauthorized', WRONG));
    }
    await this.users.clearFailures(name);
    const session = await this.sessions.create({
      actor: name,
      role: user.role,
      kind: 'user',
      keyId: null,
      createdAt: now,
      idleMs: this.opts.idleMinutes * 60_000,
    });
    await this.audit.record({ component: 'auth', type: 'signin', actor: name, outcome: 'success', subject: name, detail: `role ${user.role} from ${from}` });
    return session;
  }

  /** A wall display presents its key once and gets a session with no idle timeout. */
  async wallSignIn(secret: string, from: string): Promise<Session> {
    const key = await this.apiKeys.verify(secret);
    if (!key || key.kind !== 'display') {
      await this.audit.record({
        component: 'auth',
        type: 'signin.wall',
        actor: 'unknown display',
        outcome: 'failure',
        subject: 'display key',
        detail: `from ${from}`,
      });
      throw new DomainError('unauthorized', 'this display key is not valid (revoked or mistyped); ask an admin for a new one');
    }
    const session = await this.sessions.create({ actor: `wall:${key.name}`, role: 'wall', kind: 'wall', keyId: key.id, createdAt: this.now(), idleMs: 0 });
    await this.audit.record({ component: 'auth', type: 'signin.wall', actor: `wall:${key.name}`, outcome: 'success', subject: key.id, detail: `from ${from}` });
    return session;
  }

  async signOut(session: Session): Promise<void> {
    await this.sessions.revoke(session.id);
    await this.audit.record({ component: 'auth', type: 'signout', actor: session.actor, outcome: 'success', subject: session.actor });
  }

  /** A sign-in refused before any password was checked (the address made too many failures). */
  async refusedSignIn(name: string, from: string, why: string): Promise<void> {
    await this.audit.record({ component: 'auth', type: 'signin', actor: name || 'unknown', outcome: 'denied', subject: name, detail: `${why} from ${from}` });
  }

  /** Ends every session of a user; returns the ids ended. */
  async signOutEverywhere(username: string, by: string): Promise<string[]> {
    const ended = await this.sessions.revokeAllOfUser(username);
    await this.audit.record({ component: 'auth', type: 'signout.all', actor: by, outcome: 'success', subject: username, detail: `${ended.length} sessions` });
    return ended;
  }

  /** The principal of a session cookie, or null when it is missing, expired or revoked. */
  async fromSession(id: string, touch: boolean): Promise<(Principal & { session: Session }) | null> {
    const session = await this.sessions.get(id, touch);
    if (!session) return null;
    return { actor: session.actor, role: session.role, via: session.kind === 'wall' ? 'display_key' : 'session', sessionId: session.id, session };
  }

  /** The principal of an `Authorization: Bearer` ingest key, or null. */
  async fromBearer(secret: string): Promise<Principal | null> {
    const key = await this.apiKeys.verify(secret);
    if (!key || key.kind !== 'ingest') return null;
    return { actor: `ingest:${key.name}`, role: 'ingest', via: 'ingest_key', sessionId: null };
  }
}

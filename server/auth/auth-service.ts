import { createHash } from 'node:crypto';
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

/**
 * How the audit trail names a sign-in under a name that is no account: people type passwords
 * into the user-name box, so the name itself is never stored; a short hash still shows repeated
 * guesses at one name.
 */
function unknownUser(name: string): string {
  return `unknown user #${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

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

  /**
   * A locked account, an unknown name and a wrong password get the same answer, in the same
   * time (a dummy hash is verified where no real one is), so sign-in tells no one which names
   * exist or are locked. Each attempt is taken in Redis before any password is checked
   * (UserStore.reserveAttempt): a burst verifies at most `maxFailures` passwords.
   */
  async signIn(username: string, password: string, from: string): Promise<Session> {
    const name = username.trim().toLowerCase();
    const max = this.opts.maxFailures ?? 5;
    const lockMinutes = this.opts.lockMinutes ?? 10;
    const wrong = new DomainError(
      'unauthorized',
      `wrong user name or password. After ${max} failed tries an account is locked for ${lockMinutes} min; an admin can unlock it by resetting the password`,
    );
    const now = this.now();
    const attempt = await this.users.reserveAttempt(name, now, max, lockMinutes * 60_000);
    if (attempt.kind !== 'check') {
      await this.verifyDummy(password);
      const actor = attempt.kind === 'unknown' ? unknownUser(name) : name;
      await this.audit.record({
        component: 'auth',
        type: 'signin',
        actor,
        outcome: 'failure',
        subject: actor,
        detail: `${attempt.kind === 'unknown' ? 'unknown user' : 'locked'} from ${from}`,
      });
      throw wrong;
    }
    const user = await this.users.get(name);
    if (!user || !(await verifyPassword(user.passwordHash, password))) {
      await this.audit.record({ component: 'auth', type: 'signin', actor: name, outcome: 'failure', subject: name, detail: `wrong password from ${from}` });
      if (attempt.locksAccount) {
        await this.audit.record({ component: 'auth', type: 'lockout', actor: name, outcome: 'denied', subject: name, detail: `${attempt.n} failures` });
      }
      throw wrong;
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

  private async verifyDummy(password: string): Promise<void> {
    this.dummyHash ??= hashPassword('not a real password, only for timing');
    await verifyPassword(await this.dummyHash, password);
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

  /** A wall link refused before its key was looked at (see wallEntryRoutes). */
  async refusedWallSignIn(from: string, why: string): Promise<void> {
    await this.audit.record({
      component: 'auth',
      type: 'signin.wall',
      actor: 'unknown display',
      outcome: 'denied',
      subject: 'display key',
      detail: `${why}, from ${from}`,
    });
  }

  async signOut(session: Session): Promise<void> {
    await this.sessions.revoke(session);
    await this.audit.record({ component: 'auth', type: 'signout', actor: session.actor, outcome: 'success', subject: session.actor });
  }

  /** A sign-in refused before any password was checked (the address made too many failures). */
  async refusedSignIn(username: string, from: string, why: string): Promise<void> {
    const name = username.trim().toLowerCase();
    const actor = name && (await this.users.get(name)) ? name : unknownUser(name);
    await this.audit.record({ component: 'auth', type: 'signin', actor, outcome: 'denied', subject: actor, detail: `${why} from ${from}` });
  }

  /** Ends every session of a user; returns the refs of those ended. */
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

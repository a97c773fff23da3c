import type { Role } from '../../shared/roles';
import { DomainError } from '../domain/errors';
import type { ApiKeyKind, ApiKeyRecord } from './api-keys';
import type { AuthService } from './auth-service';
import { hashPassword, passwordProblem } from './passwords';

/**
 * What an admin can do to accounts and keys, shared by the admin API and the CLI so both check
 * and audit the same way. `onRevoked` lets the server disconnect sockets of ended sessions at once.
 */
export class AdminOps {
  constructor(
    private readonly auth: AuthService,
    private readonly component: 'admin' | 'cli',
    private readonly now: () => number = Date.now,
    private readonly onRevoked: (sessionRefs: string[]) => void = () => undefined,
  ) {}

  private audit(by: string, type: string, subject: string, detail?: string) {
    return this.auth.audit.record({ component: this.component, type, actor: by, outcome: 'success', subject, ...(detail ? { detail } : {}) });
  }

  async addUser(by: string, username: string, role: Role, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new DomainError('bad_request', `the password ${problem}`);
    if (!(await this.auth.users.create(username, role, await hashPassword(password), this.now()))) {
      throw new DomainError('conflict', `a user named ${username} already exists`);
    }
    await this.audit(by, 'user.create', username, `role ${role}`);
  }

  /** Changing a role ends the user's sessions: the new rights apply from the next sign-in. */
  async setRole(by: string, username: string, role: Role): Promise<void> {
    await this.mustExist(username);
    await this.auth.users.setRole(username, role);
    this.onRevoked(await this.auth.sessions.revokeAllOfUser(username));
    await this.audit(by, 'user.role', username, `role ${role}`);
  }

  /**
   * Changes a role and/or a password as one decision: everything is checked before anything
   * changes, so a refused request (a password too short) leaves the role as it was too.
   */
  async updateUser(by: string, username: string, change: { role?: Role; password?: string }): Promise<void> {
    await this.mustExist(username);
    const problem = change.password === undefined ? null : passwordProblem(change.password);
    if (problem) throw new DomainError('bad_request', `the password ${problem}; nothing was changed`);
    const hash = change.password === undefined ? null : await hashPassword(change.password);
    if (change.role) await this.auth.users.setRole(username, change.role);
    if (hash) await this.auth.users.setPassword(username, hash);
    this.onRevoked(await this.auth.sessions.revokeAllOfUser(username));
    if (change.role) await this.audit(by, 'user.role', username, `role ${change.role}`);
    if (hash) await this.audit(by, 'user.password', username);
  }

  async resetPassword(by: string, username: string, password: string): Promise<void> {
    await this.mustExist(username);
    const problem = passwordProblem(password);
    if (problem) throw new DomainError('bad_request', `the password ${problem}`);
    await this.auth.users.setPassword(username, await hashPassword(password));
    this.onRevoked(await this.auth.sessions.revokeAllOfUser(username));
    await this.audit(by, 'user.password', username);
  }

  async removeUser(by: string, username: string): Promise<void> {
    await this.mustExist(username);
    this.onRevoked(await this.auth.sessions.revokeAllOfUser(username));
    await this.auth.users.delete(username);
    await this.audit(by, 'user.delete', username);
  }

  async signOutEverywhere(by: string, username: string): Promise<number> {
    const ids = await this.auth.sessions.revokeAllOfUser(username);
    this.onRevoked(ids);
    await this.audit(by, 'signout.all', username, `${ids.length} sessions`);
    return ids.length;
  }

  async createKey(by: string, kind: ApiKeyKind, name: string): Promise<{ record: ApiKeyRecord; secret: string }> {
    const made = await this.auth.apiKeys.create(kind, name, by, this.now());
    await this.audit(by, 'key.create', made.record.id, `${kind} key "${name}"`);
    return made;
  }

  /** Revoking a display key also ends the wall sessions made with it. */
  async revokeKey(by: string, id: string): Promise<ApiKeyRecord> {
    const record = await this.auth.apiKeys.revoke(id);
    if (!record) throw new DomainError('not_found', `no key with id ${id}`);
    this.onRevoked(await this.auth.sessions.revokeAllOfKey(id));
    await this.audit(by, 'key.revoke', id, `${record.kind} key "${record.name}"`);
    return record;
  }

  private async mustExist(username: string): Promise<void> {
    if (!(await this.auth.users.get(username))) throw new DomainError('not_found', `no user named ${username}`);
  }
}

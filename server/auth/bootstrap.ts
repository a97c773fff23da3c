import { randomBytes } from 'node:crypto';
import type { AuditLog } from './audit-log';
import { hashPassword, passwordProblem } from './passwords';
import type { UserStore } from './user-store';

/**
 * First start: with no admin account, create `admin`, with TANDEM_ADMIN_PASSWORD when it is set,
 * otherwise with a random password that is printed once. Returns what to tell the operator.
 */
export async function ensureAdmin(users: UserStore, audit: AuditLog, envPassword: string | undefined, now: number): Promise<string | null> {
  if (await users.anyAdmin()) return null;
  if (envPassword !== undefined) {
    const problem = passwordProblem(envPassword);
    if (problem) throw new Error(`TANDEM_ADMIN_PASSWORD ${problem}; choose a longer one`);
  }
  const password = envPassword ?? randomBytes(12).toString('base64url');
  const created = await users.create('admin', 'admin', await hashPassword(password), now);
  if (!created) return null; // another instance created it first
  await audit.record({ component: 'auth', type: 'user.create', actor: 'bootstrap', outcome: 'success', subject: 'admin', detail: 'first start' });
  return envPassword !== undefined
    ? 'Created the admin account "admin" with the password from TANDEM_ADMIN_PASSWORD.'
    : `Created the admin account "admin" with password ${password}\n(shown once: sign in at /login and change it, or reset it with npm run admin -- reset-password admin)`;
}

import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AuditLog } from './audit-log';
import { hashPassword, passwordProblem } from './passwords';
import type { UserStore } from './user-store';

/**
 * Where the credentials a start makes (a generated admin password, the demo accounts' password,
 * the demo wall link) go. On a terminal (stdout a TTY) they are printed straight to it, never
 * through the logger. Anything else (a pipe, a file, journald, a container's log) is a log that
 * others read and keep: they are then appended to an owner-only file (mode 0600) and only its
 * path is told.
 */
export interface CredentialOutput {
  /** A person reads stdout at a terminal. */
  isTTY: boolean;
  /** The owner-only file credentials go to otherwise (absolute). */
  file: string;
}

export const CREDENTIALS_FILE_NAME = 'credentials.txt';

/**
 * Set by main.ts to `<REDIS_DATA_DIR>/credentials.txt`: the credentials sit with the data they
 * open, and go when it is deleted. Until then, REDIS_DATA_DIR's default (server/config.ts).
 */
let credentialsFile = resolve('data', 'redis', CREDENTIALS_FILE_NAME);

export function useCredentialsDir(dir: string): string {
  credentialsFile = resolve(dir, CREDENTIALS_FILE_NAME);
  return credentialsFile;
}

export function credentialOutput(): CredentialOutput {
  return { isTTY: process.stdout.isTTY === true, file: credentialsFile };
}

/**
 * Appends `text` to `file`, creating it (and its folder, 0700) if needed, owner-only (0600) even
 * when it existed with a wider mode. A symbolic link or anything but a plain file is refused.
 */
export function appendOwnerOnly(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const noFollow = (constants as { O_NOFOLLOW?: number }).O_NOFOLLOW ?? 0;
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | noFollow, 0o600);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'it is a symbolic link' : (err as Error).message;
    throw new Error(`cannot write the credentials file ${file}: ${why}`, { cause: err });
  }
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`cannot write the credentials file ${file}: it is not a plain file`);
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Hands `secretText` to the operator and returns what to print on stdout: on a terminal the text
 * itself; otherwise the text goes to the owner-only file and the answer says only where,
 * as "<what> written to <file> ...". Callers write the answer with process.stdout.write, not the logger.
 */
export function deliverCredentials(secretText: string, what: string, out: CredentialOutput = credentialOutput()): string {
  if (out.isTTY) return secretText;
  appendOwnerOnly(out.file, `# ${new Date().toISOString()}\n${secretText}\n\n`);
  return `${what} written to ${out.file} (readable by its owner only; delete it once you have them).`;
}

/**
 * First start: with no admin account, create `admin`, with TANDEM_ADMIN_PASSWORD when it is set,
 * otherwise with a random password, handed over once by deliverCredentials. Returns what to
 * tell the operator on stdout (never a password unless stdout is a terminal).
 */
export async function ensureAdmin(
  users: UserStore,
  audit: AuditLog,
  envPassword: string | undefined,
  now: number,
  out: CredentialOutput = credentialOutput(),
): Promise<string | null> {
  if (await users.anyAdmin()) return null;
  if (envPassword !== undefined) {
    const problem = passwordProblem(envPassword);
    if (problem) throw new Error(`TANDEM_ADMIN_PASSWORD ${problem}; choose a longer one`);
  }
  const password = envPassword ?? randomBytes(12).toString('base64url');
  const created = await users.create('admin', 'admin', await hashPassword(password), now);
  if (!created) return null; // another instance created it first
  await audit.record({ component: 'auth', type: 'user.create', actor: 'bootstrap', outcome: 'success', subject: 'admin', detail: 'first start' });
  if (envPassword !== undefined) return 'Created the admin account "admin" with the password from TANDEM_ADMIN_PASSWORD.';
  try {
    return deliverCredentials(
      `Created the admin account "admin" with password ${password}\n(shown once: sign in at /login and change it, or reset it with npm run admin -- reset-password admin)`,
      'Created the admin account "admin"; its password was',
      out,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; the admin account was created: set its password with npm run admin -- reset-password admin`, { cause: err });
  }
}

/**
 * The admin CLI's input checks: the admin API's own schemas (shared/operations/admin.ts and
 * profiles.ts) and password policy (server/auth/passwords.ts), so what the API refuses the CLI
 * refuses too, with errors that name the argument. No rule is written here a second time.
 */
import type { z } from 'zod';
import { ADMIN_OPERATIONS } from '../../shared/operations/admin';
import { PROFILE_OPERATIONS } from '../../shared/operations/profiles';
import { MAX_IMPORT } from '../../shared/profile';
import type { Role } from '../../shared/roles';
import { passwordProblem } from '../auth/passwords';
import { CliError } from './password-input';

/** What each field of an operation's input is called on the command line. */
const ARGUMENT_NAMES: Record<string, string> = {
  username: 'user name',
  role: 'role',
  password: 'password',
  kind: 'key kind',
  name: 'key name',
  keyId: 'key id',
};

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);

/**
 * `input` as `schema` reads it, or a CliError naming the argument, what it was (never for a
 * password) and what is wrong with it. `hint` says what to do, when the schema's message does not.
 */
export function check<S extends z.ZodType>(schema: S, input: unknown, hint = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = String(issue.path.at(-1) ?? '');
  const what = ARGUMENT_NAMES[field] ?? 'input';
  const given = valueAt(input, issue.path);
  // JSON quoting also makes control characters visible instead of letting them act on the terminal.
  const shown = typeof given === 'string' && field !== 'password' ? ` ${JSON.stringify(given)}` : '';
  throw new CliError(`invalid ${what}${shown}: ${issue.message}; nothing was changed${hint ? `. ${hint}` : ''}`);
}

const ops = ADMIN_OPERATIONS;

export const newUser = (username: string | undefined, role: string | undefined): { username: string; role: Role } =>
  check(ops['admin:addUser'].input.pick({ username: true, role: true }), { username, role });

export const userName = (username: string | undefined): string => check(ops['admin:updateUser'].input.pick({ username: true }), { username }).username;

export const roleChange = (username: string | undefined, role: string | undefined): { username: string; role: Role } => {
  const { username: name, patch } = check(ops['admin:updateUser'].input, { username, patch: { role } });
  return { username: name, role: patch.role! };
};

export const removal = (username: string | undefined): string => check(ops['admin:removeUser'].input, { username }).username;

export const signOut = (username: string | undefined): string => check(ops['admin:signOutUser'].input, { username }).username;

export const newKey = (kind: 'display' | 'ingest', name: string | undefined): { kind: 'display' | 'ingest'; name: string } =>
  check(ops['admin:createKey'].input, { kind, name });

export const keyId = (id: string | undefined): string => check(ops['admin:revokeKey'].input, { keyId: id }, 'list-keys shows the ids').keyId;

/**
 * A password as the API takes it for a new user (`forUser`) or a changed one: the operation's
 * schema, then the policy. `again` says how to give another.
 */
export function password(value: string, forUser: { username: string; role?: Role }, again: string): string {
  if (value === '') throw new CliError(`the password is empty; nothing was changed. ${again}`);
  if (forUser.role) check(ops['admin:addUser'].input, { ...forUser, role: forUser.role, password: value }, again);
  else check(ops['admin:updateUser'].input, { username: forUser.username, patch: { password: value } }, again);
  const problem = passwordProblem(value);
  if (problem) throw new CliError(`the password ${problem}; nothing was changed. ${again}`);
  return value;
}

/** The records of a profile import, as POST /api/v1/profiles takes them (each is then checked on its own). */
export const profileImport = (raw: unknown): unknown[] =>
  check(PROFILE_OPERATIONS['profile:import'].input, raw, `The file must hold one profile object or an array of 1 to ${MAX_IMPORT}`);

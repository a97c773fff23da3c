import { z } from 'zod';
import { ROLES, type Role } from './roles';

/** Sign-in names: short, lower case, safe in keys and logs. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'must be 2-32 lower-case letters, digits, ".", "_" or "-"');

export const SignInInput = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type SignInInput = z.infer<typeof SignInInput>;

export const RoleSchema = z.enum(ROLES);

/**
 * Sent by a board on requests it makes by itself (a poll), not for a person: the server then
 * does not count the request as use, so a screen left alone is still signed out when idle.
 */
export const BACKGROUND_REQUEST_HEADER = 'x-tandem-background';

/** Who is acting, however they proved it. */
export interface Principal {
  /** User name, display key name ("wall:floor-2") or integration key name ("ingest:cad"). */
  actor: string;
  role: Role | 'ingest';
  via: 'session' | 'display_key' | 'ingest_key';
  /** The session behind a board or wall connection; null for API keys. */
  sessionId: string | null;
}

export interface SignedIn {
  username: string;
  role: Role;
  /** Idle sign-out after this many minutes without activity; null for wall displays. */
  idleMinutes: number | null;
}

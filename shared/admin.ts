import type { Role } from './roles';

/** Records the admin API returns; the server's stores produce exactly these shapes. */

/** A sign-in account as admins see it (never the password hash). */
export interface AdminUser {
  username: string;
  role: Role;
  createdAt: number;
  /** Consecutive failed sign-ins. */
  failures: number;
  /** Epoch ms until which sign-in is refused; 0 when not locked. */
  lockedUntil: number;
}

export type ApiKeyKind = 'display' | 'ingest';

export interface ApiKeyRecord {
  id: string;
  kind: ApiKeyKind;
  name: string;
  createdAt: number;
  createdBy: string;
}

/** One audit record: who did what to what, when, and how it ended. */
export interface AuditRecord {
  at: number;
  /** Which part of Tandem wrote it: auth, rest, socket, profiles, admin, cli. */
  component: string;
  /** What happened, e.g. signin, signout, command, profile.view, profile.denied, user.role. */
  type: string;
  /** The user, key or system that acted. */
  actor: string;
  outcome: 'success' | 'failure' | 'denied';
  /** What it was done to: a call id, a user name, a key id... */
  subject: string;
  /** A short free-text detail (the command name, the reason for a denial...). */
  detail?: string;
}

import { z } from 'zod';
import { RoleSchema, Username } from './auth';
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

/** Inputs of the admin operations (shared/operations.ts). */
export const NewUserInput = z.strictObject({ username: Username, role: RoleSchema, password: z.string().min(1).max(256) });
export const UserPatchInput = z
  .strictObject({ role: RoleSchema.optional(), password: z.string().min(1).max(256).optional() })
  .refine((p) => p.role !== undefined || p.password !== undefined, { message: 'give a role or a password' });
export const NewKeyInput = z.strictObject({
  kind: z.enum(['display', 'ingest']),
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 ._-]{1,48}$/, 'must be 1-48 letters, digits, spaces, ".", "_" or "-"'),
});
export const AuditFilter = z.strictObject({
  actor: z.string().max(100).optional(),
  subject: z.string().max(200).optional(),
  type: z.string().max(50).optional(),
  since: z.coerce.number().int().min(0).optional(),
  until: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

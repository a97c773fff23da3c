import { Router } from 'express';
import { z } from 'zod';
import { RoleSchema, Username } from '../../../shared/auth';
import type { AdminOps } from '../../auth/admin-ops';
import type { AuditLog } from '../../auth/audit-log';
import type { AuthService } from '../../auth/auth-service';
import { actorOf, requireRole } from '../request-auth';
import { parseInput } from '../../edge/validate';

const NewUser = z.strictObject({ username: Username, role: RoleSchema, password: z.string().min(1).max(256) });
const UserPatch = z
  .strictObject({ role: RoleSchema.optional(), password: z.string().min(1).max(256).optional() })
  .refine((p) => p.role !== undefined || p.password !== undefined, { message: 'give a role or a password' });
const NewKey = z.strictObject({ kind: z.enum(['display', 'ingest']), name: z.string().trim().regex(/^[A-Za-z0-9 ._-]{1,48}$/, 'must be 1-48 letters, digits, spaces, ".", "_" or "-"') });
const AuditFilter = z.strictObject({
  actor: z.string().max(100).optional(),
  subject: z.string().max(200).optional(),
  type: z.string().max(50).optional(),
  since: z.coerce.number().int().min(0).optional(),
  until: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** Accounts, keys and the audit trail: admins only. */
export function adminRoutes(auth: AuthService, ops: AdminOps, audit: AuditLog): Router {
  const r = Router();
  r.use('/admin', requireRole('admin'));

  r.get('/admin/users', async (_req, res) => {
    res.json(await auth.users.list());
  });
  r.post('/admin/users', async (req, res) => {
    const u = parseInput(NewUser, req.body);
    await ops.addUser(actorOf(res), u.username, u.role, u.password);
    res.status(201).json({ username: u.username, role: u.role });
  });
  r.patch('/admin/users/:username', async (req, res) => {
    const username = parseInput(Username, req.params.username, 'user name');
    const patch = parseInput(UserPatch, req.body);
    if (patch.role) await ops.setRole(actorOf(res), username, patch.role);
    if (patch.password) await ops.resetPassword(actorOf(res), username, patch.password);
    res.json({ username, ...(patch.role ? { role: patch.role } : {}) });
  });
  r.delete('/admin/users/:username', async (req, res) => {
    await ops.removeUser(actorOf(res), parseInput(Username, req.params.username, 'user name'));
    res.status(204).end();
  });
  r.post('/admin/users/:username/signout', async (req, res) => {
    res.json({ ended: await ops.signOutEverywhere(actorOf(res), parseInput(Username, req.params.username, 'user name')) });
  });

  r.get('/admin/keys', async (_req, res) => {
    res.json(await auth.apiKeys.list());
  });
  r.post('/admin/keys', async (req, res) => {
    const k = parseInput(NewKey, req.body);
    const { record, secret } = await ops.createKey(actorOf(res), k.kind, k.name);
    // The secret is in this response and nowhere else: it is stored only as a hash.
    res.status(201).json({ ...record, secret });
  });
  r.delete('/admin/keys/:id', async (req, res) => {
    res.json(await ops.revokeKey(actorOf(res), parseInput(z.uuid(), req.params.id, 'key id')));
  });

  r.get('/admin/audit', async (req, res) => {
    res.json(await audit.query(parseInput(AuditFilter, req.query, 'audit filter')));
  });
  return r;
}

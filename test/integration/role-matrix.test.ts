import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { OPERATIONS, SOCKET_OPERATIONS, type OperationName, type SocketOperationName } from '../../shared/operations';
import { ROLES, type Role } from '../../shared/roles';
import type { AuditRecord } from '../../server/auth/audit-log';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

let redis: TestRedis;
let server: TestServer;
const cookies = {} as Record<Role, string>;
const boards = {} as Record<Role, TestLiveClient>;
let call: Call;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  for (const role of ROLES) {
    cookies[role] = await server.signIn(role, `matrix-${role}`);
    boards[role] = new TestLiveClient(server.url, { cookie: cookies[role] });
    await boards[role].waitFor('snapshot', () => true);
  }
  call = (await api<Call>(server.url, 'POST', '/calls', { nature: 'THEFT', priority: 4, location: { lat: 39.7, lon: -104.9 } })).body;
});
afterAll(async () => {
  for (const b of Object.values(boards)) b.close();
  await server?.close();
  await redis?.stop();
});

/** A well-formed payload for each command; whether it succeeds does not matter, only whether the role got past the door. */
const payloads = (): Record<SocketOperationName, unknown> => ({
  'call:assign': { callId: call.id, unitId: 'nobody' },
  'call:unassign': { callId: call.id, unitId: 'nobody' },
  'call:update': { callId: call.id, expectedVersion: 999, patch: { priority: 3 } },
  'call:note': { callId: 'no-such-call', text: 'matrix' },
  'call:reopen': { callId: call.id, expectedVersion: 999, reason: 'matrix' },
  'call:backup': { callId: 'no-such-call' },
  'unit:reassign': { unitId: 'nobody', toCallId: call.id, expectedUnitVersion: 1 },
  'unit:setStatus': { unitId: 'nobody', status: 'available', expectedVersion: 1 },
  'unit:checkIn': { unitId: 'nobody' },
  'destination:setBeds': { destinationId: 'nowhere', freeBeds: 1 },
});

describe('role x socket command matrix', () => {
  it('has a payload for every board command the registry declares', () => {
    expect(new Set(Object.keys(payloads()))).toEqual(new Set(SOCKET_OPERATIONS));
  });
  const cases = ROLES.flatMap((role) => SOCKET_OPERATIONS.map((command) => [role, command] as const));

  it.each(cases)('%s running %s is allowed only when the table says so, and a refusal is audited', async (role, command) => {
    const allowed = (OPERATIONS[command].roles as readonly Role[]).includes(role);
    const ack = await boards[role].socket.emitWithAck(command, payloads()[command] as never);
    if (allowed) {
      // Past the door: the command ran and failed on its merits (no such unit/call, stale version).
      expect(ack.ok === true || ack.error.code !== 'forbidden').toBe(true);
    } else {
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const admin = cookies.admin;
      const records = (await api<AuditRecord[]>(server.url, 'GET', `/admin/audit?actor=matrix-${role}&type=command`, undefined, { cookie: admin })).body;
      expect(records.some((r) => r.outcome === 'denied' && r.detail?.startsWith(`${command}:`))).toBe(true);
    }
  });
});

type Who = Role | 'ingest' | 'anonymous';
const WHO: Who[] = [...ROLES, 'ingest', 'anonymous'];

/** Each REST route and who may use it (everyone else gets 401 without credentials, 403 with). */
const ROUTES: { method: string; path: () => string; body?: () => unknown; allowed: Who[] }[] = [
  {
    method: 'POST',
    path: () => '/calls',
    body: () => ({ nature: 'NOISE', priority: 5, location: { lat: 39.7, lon: -104.9 } }),
    allowed: ['ingest', 'dispatcher', 'supervisor'],
  },
  { method: 'GET', path: () => `/calls/${call.id}`, allowed: ['ingest', 'dispatcher', 'supervisor', 'coordinator'] },
  { method: 'GET', path: () => '/calls?status=closed&q=theft', allowed: ['ingest', 'dispatcher', 'supervisor', 'coordinator'] },
  { method: 'PATCH', path: () => `/calls/${call.id}`, body: () => ({ note: 'matrix' }), allowed: ['ingest', 'dispatcher', 'supervisor'] },
  { method: 'POST', path: () => `/calls/${call.id}/assignments`, body: () => ({ unitId: 'nobody' }), allowed: ['ingest', 'dispatcher', 'supervisor'] },
  { method: 'PUT', path: () => '/units/matrix-unit', body: () => ({ callsign: 'M1', type: 'law' }), allowed: ['ingest', 'supervisor'] },
  { method: 'POST', path: () => '/units/matrix-unit/position', body: () => ({ lat: 39.7, lon: -104.9 }), allowed: ['ingest'] },
  { method: 'POST', path: () => '/units/matrix-unit/status', body: () => ({ status: 'available' }), allowed: ['ingest', 'dispatcher', 'supervisor'] },
  { method: 'POST', path: () => '/units/matrix-unit/reassign', body: () => ({ toCallId: call.id, expectedUnitVersion: 1 }), allowed: ['ingest', 'supervisor'] },
  { method: 'POST', path: () => '/units/matrix-unit/check-in', allowed: ['ingest', 'dispatcher', 'supervisor', 'coordinator'] },
  { method: 'POST', path: () => `/calls/${call.id}/backup`, allowed: ['ingest', 'dispatcher', 'supervisor', 'coordinator'] },
  { method: 'GET', path: () => '/state', allowed: ['ingest', 'wall', 'dispatcher', 'supervisor', 'coordinator', 'admin'] },
  { method: 'GET', path: () => `/calls/${call.id}/profile/status`, allowed: ['dispatcher', 'supervisor', 'coordinator'] },
  { method: 'POST', path: () => `/calls/${call.id}/profile/extend`, body: () => ({ reason: 'matrix' }), allowed: ['supervisor'] },
  { method: 'POST', path: () => '/profiles', body: () => [], allowed: ['admin', 'ingest'] },
  { method: 'GET', path: () => '/admin/users', allowed: ['admin'] },
  { method: 'GET', path: () => '/admin/audit', allowed: ['admin'] },
];

describe('role x REST route matrix', () => {
  // Paths are functions because the call they name is made in beforeAll; the test name shows the template.
  const template = (route: (typeof ROUTES)[number]) =>
    route.path
      .toString()
      .replace(/^\(\) => /, '')
      .replace(/[`'"]/g, '');
  const cases = ROUTES.flatMap((route) => WHO.map((who) => [`${route.method} ${template(route)}`, who, route] as const));

  it.each(cases)('%s as %s', async (_name, who, route) => {
    const headers: Record<string, string> =
      who === 'ingest' ? { authorization: `Bearer ${server.ingestKey}` } : who === 'anonymous' ? { cookie: 'none=1' } : { cookie: cookies[who as Role] };
    const res = await api<{ error?: { code: string } }>(server.url, route.method, route.path(), route.body?.(), headers);
    if (route.allowed.includes(who)) expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(who === 'anonymous' ? 401 : 403);
  });
});

describe('role x REST operation matrix, from the operation registry', () => {
  // No bodies: the role is checked before anything is read, so an allowed caller gets past the
  // door (and then a 400 or 404 on its merits) and nothing else does.
  const rest = (Object.keys(OPERATIONS) as OperationName[]).flatMap((name) => {
    const op = OPERATIONS[name];
    return 'rest' in op && op.rest
      ? [{ name, method: op.rest.method.toUpperCase(), path: op.rest.path, allowed: [...(op.ingest ? ['ingest'] : []), ...op.roles] as Who[] }]
      : [];
  });
  const concrete = (path: string) =>
    path
      .replace(':unitId', 'nobody')
      .replace(/^\/calls\/:id/, `/calls/${call.id}`)
      .replace(':id', 'matrix-unit');
  const cases = rest.flatMap((r) => WHO.map((who) => [`${r.name} (${r.method} ${r.path})`, who, r] as const));

  it.each(cases)('%s as %s', async (_name, who, r) => {
    const headers: Record<string, string> =
      who === 'ingest' ? { authorization: `Bearer ${server.ingestKey}` } : who === 'anonymous' ? { cookie: 'none=1' } : { cookie: cookies[who as Role] };
    const res = await api<{ error?: { code: string } }>(server.url, r.method, concrete(r.path), undefined, headers);
    if (r.allowed.includes(who)) expect([401, 403]).not.toContain(res.status);
    else expect(res.status).toBe(who === 'anonymous' ? 401 : 403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/admin';
import type { Call } from '../../shared/call';
import type { ApiErrorBody } from '../../shared/errors';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { makeKeys } from '../../server/redis/keys';
import { Store } from '../../server/redis/store';

let redis: TestRedis;
let server: TestServer;
let admin: string;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  admin = await server.signIn('admin');
  for (const id of ['avl-1', 'avl-2', 'avl-3']) await api(server.url, 'PUT', `/units/${id}`, { callsign: id.toUpperCase(), type: 'law' });
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const location = { lat: 39.7392, lon: -104.9903 };
const metric = async (name: string) => {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.ingestKey}` } })).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
};

describe('POST /api/v1/units/positions (an AVL feed)', () => {
  it('moves many units in one request, answered 204, and every board sees the moves', async () => {
    const board = new TestLiveClient(server.url);
    await board.waitFor('snapshot', () => true);
    const res = await api(server.url, 'POST', '/units/positions', {
      positions: [
        { unitId: 'avl-1', lat: 39.71, lon: -104.91, heading: 90 },
        { unitId: 'avl-2', lat: 39.72, lon: -104.92, at: '2026-11-27T10:00:00Z' },
      ],
    });
    expect(res.status).toBe(204);
    const state = await board.waitFor('both moves', (s) => s.units.get('avl-1')?.position?.lat === 39.71 && s.units.get('avl-2')?.position?.lat === 39.72);
    expect(state.units.get('avl-2')!.position).toEqual({ lat: 39.72, lon: -104.92, heading: null, at: Date.parse('2026-11-27T10:00:00Z') });
    board.close();
  });

  it('writes the known units and names the unknown ones instead of refusing the whole report', async () => {
    const res = await api<{ ignored: string[]; message: string }>(server.url, 'POST', '/units/positions', {
      positions: [
        { unitId: 'avl-3', lat: 39.73, lon: -104.93 },
        { unitId: 'nobody-99', lat: 39.7, lon: -104.9 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.ignored).toEqual(['nobody-99']);
    expect(res.body.message).toMatch(/PUT \/api\/v1\/units/);
    const unit = await api<{ position: { lat: number } }>(server.url, 'GET', '/units/avl-3');
    expect(unit.body.position.lat).toBe(39.73);
    const ghost = await api(server.url, 'GET', '/units/nobody-99');
    expect(ghost.status).toBe(404);
  });

  it('commits nothing when no unit of the report exists', async () => {
    const before = server.app.feed.projection.seq;
    const res = await api<{ ignored: string[] }>(server.url, 'POST', '/units/positions', { positions: [{ unitId: 'ghost-1', lat: 39.7, lon: -104.9 }] });
    expect(res.body.ignored).toEqual(['ghost-1']);
    expect(Number(await server.redis.get(server.app.store.keys.seq))).toBe(before);
  });

  it('refuses an oversized or malformed report with the limit named, writing nothing', async () => {
    const tooMany = Array.from({ length: 1001 }, () => ({ unitId: 'avl-1', lat: 39.7, lon: -104.9 }));
    const big = await api<ApiErrorBody>(server.url, 'POST', '/units/positions', { positions: tooMany });
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/at most 1000 positions/);
    const bad = await api<ApiErrorBody>(server.url, 'POST', '/units/positions', { positions: [{ unitId: 'avl-1', lat: 91, lon: 0 }] });
    expect(bad.status).toBe(400);
    const unit = await api<{ position: { lat: number } }>(server.url, 'GET', '/units/avl-1');
    expect(unit.body.position.lat).toBe(39.71);
  });

  it('is only for integrations', async () => {
    const res = await api(server.url, 'POST', '/units/positions', { positions: [{ unitId: 'avl-1', lat: 39.7, lon: -104.9 }] }, { cookie: server.cookie });
    expect(res.status).toBe(403);
  });

  it('counts positions on /metrics instead of writing an audit record for each', async () => {
    const counted = await metric('tandem_positions_total');
    for (let i = 0; i < 5; i++) {
      await api(server.url, 'POST', '/units/positions', { positions: [{ unitId: 'avl-1', lat: 39.7 + i / 1000, lon: -104.9 }] });
      await api(server.url, 'POST', '/units/avl-2/position', { lat: 39.7 + i / 1000, lon: -104.9 });
    }
    expect(await metric('tandem_positions_total')).toBe(counted + 10);
    const records = (await api<AuditRecord[]>(server.url, 'GET', '/admin/audit?limit=1000', undefined, { cookie: admin })).body;
    expect(records.filter((r) => r.outcome !== 'denied' && r.detail?.includes('/position'))).toEqual([]);
    // A refused report is still a security event and is audited.
    await api(server.url, 'POST', '/units/positions', { positions: [{ unitId: 'avl-1', lat: 39.7, lon: -104.9 }] }, { cookie: server.cookie });
    const after = (await api<AuditRecord[]>(server.url, 'GET', '/admin/audit?limit=1000', undefined, { cookie: admin })).body;
    expect(after.some((r) => r.outcome === 'denied' && r.detail?.includes('/units/positions'))).toBe(true);
  });
});

describe('call numbers and external ids inside the one commit', () => {
  it('numbers calls created at once without gaps or repeats, and the number in the answer is the stored one', async () => {
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) => api<Call>(server.url, 'POST', '/calls', { nature: 'THEFT', priority: 3, location, notes: `burst ${i}` })),
    );
    const numbers = created.map((r) => Number(r.body.number.split('-')[1])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(30);
    expect(numbers.at(-1)! - numbers[0]!).toBe(29);
    for (const r of created.slice(0, 5)) {
      const stored = await api<Call>(server.url, 'GET', `/calls/${r.body.id}`);
      expect(stored.body.number).toBe(r.body.number);
      expect(stored.body.number).toMatch(/^\d{4}-\d{6}$/);
    }
  });

  it('answers the same externalId posted twice at once with one call', async () => {
    const body = { nature: 'EDP', priority: 2, location, externalId: 'cad-dup-1' };
    const [a, b] = await Promise.all([api<Call>(server.url, 'POST', '/calls', body), api<Call>(server.url, 'POST', '/calls', body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.number).toBe(b.body.number);
  });
});

describe("the change stream's bounds", () => {
  it('holds fewer entries when they are large (fleet reports), to stay near its byte cap', async () => {
    const keys = makeKeys('bytecap:');
    const store = new Store(server.redis, keys, 100_000, 50_000);
    const fleet = Array.from({ length: 40 }, (_, i) => ({
      kind: 'position' as const,
      unitId: `f${i}`,
      position: { lat: 39.7, lon: -104.9, heading: null, at: i },
      ifExists: true,
    }));
    await server.redis.hSet(keys.unit('f0'), { v: '1', doc: '{}' });
    for (let i = 0; i < 1500; i++) await store.commit(fleet, { at: i, by: 'avl' });
    // About 2 KB an entry against a 50 KB cap: the floor of 1,000 entries applies (trimming is approximate).
    const length = await server.redis.xLen(keys.stream);
    expect(length).toBeGreaterThanOrEqual(1000);
    expect(length).toBeLessThan(1200);
  });
});

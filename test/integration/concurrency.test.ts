import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { UnitDoc } from '../../shared/unit';
import type { ApiErrorBody } from '../../shared/errors';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

let redis: TestRedis;
let server: TestServer;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const newCall = (nature: string) =>
  api<Call>(server.url, 'POST', '/calls', { nature, priority: 2, location: { lat: 39.74, lon: -104.98 } }).then((r) => r.body);

describe('concurrent commits', () => {
  it('lets exactly one of two commits on the same entity version win at the store', async () => {
    const call = await newCall('NOISE');
    const store = server.app.store;
    const edit = (priority: number) =>
      store.commit([{ kind: 'call', call: { ...call, priority, version: call.version + 1 }, expectedVersion: call.version }], {
        at: Date.now(),
        by: `user-${priority}`,
      });

    const results = await Promise.all([edit(1), edit(5)]);
    const wins = results.filter((r) => r.ok);
    const conflicts = results.filter((r) => !r.ok);
    expect(wins).toHaveLength(1);
    expect(conflicts).toEqual([{ ok: false, conflict: { entity: 'call', id: call.id, actualVersion: call.version + 1 } }]);

    const stored = await store.readCall(call.id);
    expect(stored!.version).toBe(call.version + 1);
  });

  it('refuses a stale commit as a whole: nothing of it is written and no change is streamed', async () => {
    const call = await newCall('ALARM');
    await api(server.url, 'PUT', '/units/law-9', { callsign: '1A9', type: 'law', position: { lat: 39.7, lon: -104.9 } });
    const store = server.app.store;
    const seqBefore = Number(await server.redis.get(store.keys.seq));
    const result = await store.commit(
      [
        { kind: 'call', call: { ...call, priority: 1, version: 99 }, expectedVersion: 98 },
        { kind: 'position', unitId: 'law-9', position: { lat: 39.8, lon: -104.8, heading: null, at: 1 } },
      ],
      { at: Date.now(), by: 'test' },
    );
    expect(result.ok).toBe(false);
    expect(Number(await server.redis.get(store.keys.seq))).toBe(seqBefore);
    expect((await store.readCall(call.id))!.priority).toBe(2);
    expect((await store.readUnit('law-9'))!.position!.lat).toBe(39.7);
  });

  it('puts a unit on exactly one call when two dispatchers assign it at once', async () => {
    await api(server.url, 'PUT', '/units/law-1', { callsign: '1A1', type: 'law', position: { lat: 39.74, lon: -104.98 } });
    const [c1, c2] = await Promise.all([newCall('THEFT'), newCall('BURGLARY')]);

    const [r1, r2] = await Promise.all([
      api<{ call: Call } | ApiErrorBody>(server.url, 'POST', `/calls/${c1.id}/assignments`, { unitId: 'law-1' }),
      api<{ call: Call } | ApiErrorBody>(server.url, 'POST', `/calls/${c2.id}/assignments`, { unitId: 'law-1' }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([201, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect((loser.body as ApiErrorBody).error.code).toBe('unit_busy');

    const unit = (await api<UnitDoc>(server.url, 'GET', '/units/law-1')).body;
    const calls = await Promise.all([c1, c2].map((c) => api<Call>(server.url, 'GET', `/calls/${c.id}`).then((r) => r.body)));
    const holding = calls.filter((c) => c.assignedUnitIds.includes('law-1'));
    expect(holding).toHaveLength(1);
    expect(unit.currentCallId).toBe(holding[0]!.id);
    expect(unit.status).toBe('dispatched');
  });
});

describe('field-level edits', () => {
  it('lands two concurrent edits of different fields (REST and a board), and refuses the same field naming it', async () => {
    const supervisor = await server.signIn('supervisor', 'sue-fields');
    const dispatcher = await server.signIn('dispatcher', 'dan-fields');
    const seen = await newCall('WELFARE');
    // Both opened the call at the same version; the supervisor sets Weapons, the dispatcher Violence.
    const [weapons, violence] = await Promise.all([
      api<Call>(server.url, 'PATCH', `/calls/${seen.id}`, { weapons: 'yes' }, { cookie: supervisor, 'if-match': String(seen.version) }),
      api<Call>(server.url, 'PATCH', `/calls/${seen.id}`, { violence: 'yes' }, { cookie: dispatcher, 'if-match': String(seen.version) }),
    ]);
    expect([weapons.status, violence.status]).toEqual([200, 200]);
    const both = (await api<Call>(server.url, 'GET', `/calls/${seen.id}`)).body;
    expect(both.mh).toMatchObject({ weapons: 'yes', violence: 'yes' });

    // The dispatcher, still on the first view, sets Weapons too: refused, saying what happened.
    const clash = await api<ApiErrorBody>(
      server.url,
      'PATCH',
      `/calls/${seen.id}`,
      { weapons: 'no' },
      { cookie: dispatcher, 'if-match': String(seen.version) },
    );
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('conflict');
    expect(clash.body.error.message).toMatch(
      new RegExp(`^weapons of call ${seen.number} was changed by sue-fields \\d+ s ago, from unknown to yes, after you looked; your change was not saved$`),
    );
    expect(clash.body.error.details).toMatchObject({ field: 'weapons', from: 'unknown', to: 'yes', by: 'sue-fields' });
    expect((await api<Call>(server.url, 'GET', `/calls/${seen.id}`)).body.mh.weapons).toBe('yes');
  });
});

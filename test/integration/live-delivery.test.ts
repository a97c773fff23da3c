import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { summarize } from '../../shared/changes';
import type { Unit } from '../../shared/unit';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

let redis: TestRedis;
let server: TestServer;
const clients: TestLiveClient[] = [];

/** Waits until both clients stand at the same sequence number (changes may still be arriving). */
async function atSameSeq(a: TestLiveClient, b: TestLiveClient): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const target = Math.max(a.state!.seq, b.state!.seq);
    await Promise.all([a.waitForSeq(target), b.waitForSeq(target)]);
    if (a.state!.seq === b.state!.seq) return;
  }
  throw new Error(`clients never met at one sequence number: ${a.state!.seq} and ${b.state!.seq}`);
}

function client(url = server.url, opts?: ConstructorParameters<typeof TestLiveClient>[1]): TestLiveClient {
  const c = new TestLiveClient(url, opts);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const welfareCall = {
  nature: 'WELFARE',
  priority: 2,
  location: { lat: 39.7392, lon: -104.9903, address: '1437 Bannock St' },
  notes: 'Neighbour says he is hearing voices and has not eaten in days',
  weapons: 'no',
  violence: 'no',
};

describe('live delivery', () => {
  it('delivers a call posted through REST to two connected clients', async () => {
    const a = client();
    const b = client();
    await Promise.all([a.waitFor('snapshot', () => true), b.waitFor('snapshot', () => true)]);

    const res = await api<Call>(server.url, 'POST', '/calls', welfareCall);
    expect(res.status).toBe(201);

    for (const c of [a, b]) {
      const state = await c.waitFor('the new call', (s) => s.calls.has(res.body.id));
      const seen = state.calls.get(res.body.id)!;
      // Live frames carry the call's summary: everything but notes, timeline, phone and external id.
      expect(seen).toEqual(summarize(res.body));
      expect(seen.mh.flagged).toBe(true);
      expect(seen.mh.reasons).toEqual(['nature', 'keyword']);
    }
  });

  it('sends a call a board already holds as the fields that changed, and the board ends where a fresh snapshot starts', async () => {
    const watching = client();
    await watching.waitFor('snapshot', () => true);
    const posted = (
      await api<Call>(server.url, 'POST', '/calls', { nature: 'THEFT', priority: 4, location: { lat: 39.7, lon: -104.9, address: '9 Patch Way' } })
    ).body;
    await watching.waitFor('the call', (s) => s.calls.has(posted.id));
    await api(server.url, 'PUT', '/units/patch-u1', { callsign: 'PT1', type: 'law', position: { lat: 39.7, lon: -104.9 } });
    await api(server.url, 'PATCH', `/calls/${posted.id}`, { priority: 2, weapons: 'yes' });
    await api(server.url, 'POST', `/calls/${posted.id}/assignments`, { unitId: 'patch-u1' });
    await api(server.url, 'POST', '/units/patch-u1/status', { status: 'onscene' });
    await watching.waitFor('the call on scene', (s) => s.calls.get(posted.id)?.status === 'onscene');
    expect(watching.kinds.get('callPatch')).toBeGreaterThanOrEqual(3);

    const fresh = client();
    await fresh.waitFor('snapshot', () => true);
    await atSameSeq(watching, fresh);
    expect(watching.state!.calls.get(posted.id)).toEqual(fresh.state!.calls.get(posted.id));
    expect(watching.state!.calls.get(posted.id)).toMatchObject({ priority: 2, status: 'onscene', assignedUnitIds: ['patch-u1'], mh: { weapons: 'yes' } });
  });

  it('brings a client that missed changes to exactly the state of one that never left', async () => {
    const steady = client();
    let lastSeq: number | undefined;
    const dropper = client(server.url, { resumeFrom: () => lastSeq });
    await Promise.all([steady.waitFor('snapshot', () => true), dropper.waitFor('snapshot', () => true)]);
    lastSeq = dropper.state!.seq;
    dropper.socket.disconnect();

    // Changes of every kind while the dropper is away: calls, units, positions, assignment, closing.
    const unit = await api<Unit>(server.url, 'PUT', '/units/cr-7', {
      callsign: 'CR7',
      type: 'co_responder',
      position: { lat: 39.75, lon: -104.99 },
      capabilities: { clinician: true },
    });
    expect(unit.status).toBe(201);
    const call = await api<Call>(server.url, 'POST', '/calls', welfareCall);
    const other = await api<Call>(server.url, 'POST', '/calls', { ...welfareCall, nature: 'THEFT', notes: undefined });
    for (let i = 0; i < 30; i++) {
      await api(server.url, 'POST', '/units/cr-7/position', { lat: 39.75 - i * 0.001, lon: -104.99, heading: 180 });
    }
    await api(server.url, 'POST', `/calls/${call.body.id}/assignments`, { unitId: 'cr-7' });
    await api(server.url, 'POST', '/units/cr-7/status', { status: 'enroute' });
    await api(server.url, 'PATCH', `/calls/${other.body.id}`, { status: 'closed', disposition: 'resolved_on_scene' });

    const end = (await api<{ seq: number }>(server.url, 'GET', '/state')).body.seq;
    await steady.waitForSeq(end);

    const snapshotsBefore = dropper.snapshots;
    dropper.socket.connect();
    await dropper.waitForSeq(end);
    // The recommender may still be committing advice: compare the two at one sequence number.
    await atSameSeq(dropper, steady);

    expect(dropper.snapshots).toBe(snapshotsBefore); // caught up by replay, not by a new snapshot
    expect(dropper.state).toEqual(steady.state);
    expect(dropper.state!.calls.has(other.body.id)).toBe(false);
    expect(dropper.state!.calls.get(call.body.id)!.status).toBe('enroute');
    expect(dropper.state!.units.get('cr-7')!.position!.lat).toBeCloseTo(39.75 - 29 * 0.001, 6);
  });

  it('replays from the Redis stream for a client resuming on a restarted server', async () => {
    const first = client();
    await first.waitFor('snapshot', () => true);
    const before = first.state!;
    const history = first.history;
    first.close();

    await api(server.url, 'POST', '/calls', { ...welfareCall, nature: 'EDP' });
    await api(server.url, 'POST', '/units/cr-7/position', { lat: 39.7, lon: -104.95 });

    // A second instance on the same Redis has an empty memory of recent changes.
    const second = await startTestServer(redis.url);
    try {
      const reference = client(second.url);
      // The same history (one Redis), so the second server replays instead of sending a snapshot.
      const resumed = client(second.url, { initialState: before, history });
      const end = second.app.feed.projection.seq;
      await Promise.all([reference.waitForSeq(end), resumed.waitForSeq(end)]);
      await atSameSeq(reference, resumed);
      expect(resumed.snapshots).toBe(0);
      expect(resumed.state).toEqual(reference.state);
    } finally {
      await second.close();
    }
  });

  it('sends a fresh snapshot to a client whose sequence the server never issued', async () => {
    const c = client(server.url, { resumeFrom: () => 10_000_000 });
    // The snapshot (and the batch that may follow it) bring the client to the present.
    await c.waitForSeq(server.app.feed.projection.seq);
    expect(c.snapshots).toBe(1);
  });

  it('ends a burst of positions of one unit at the position Redis holds last', async () => {
    const c = client();
    await c.waitFor('snapshot', () => true);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => api(server.url, 'POST', '/units/cr-7/position', { lat: 39.6 + i * 0.0001, lon: -104.9, at: 1_800_000_000_000 + i })),
    );
    // Every request was answered, so Redis holds the last of them: the client must end there.
    const end = Number(await server.redis.get(server.app.store.keys.seq));
    const state = await c.waitForSeq(end);
    const held = (await server.app.store.readUnit('cr-7'))!.position;
    expect(state.units.get('cr-7')!.position).toEqual(held);
  });
});

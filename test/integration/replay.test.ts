import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { CallSummary } from '../../shared/changes';
import { replayStateAt, type ReplayRecording } from '../../shared/replay';
import { RecordedStream } from '../../server/replay/recorded-stream';
import type { Unit } from '../../shared/unit';
import { api } from '../helpers/server';
import { useTestServer } from '../helpers/use-server';
import { until } from '../helpers/wait';

const city = useTestServer();
const spot = { lat: 39.7392, lon: -104.9903 };

/** The board's state as GET /state gives it. */
async function board(): Promise<{ seq: number; calls: CallSummary[]; units: Unit[] }> {
  return (await api<{ seq: number; calls: CallSummary[]; units: Unit[] }>(city.server.url, 'GET', '/state')).body;
}

/** Every change up to `seq` is in the recording (each instance records what its feed applied). */
async function recordedThrough(seq: number): Promise<void> {
  const keys = city.server.app.store.keys;
  await until(`replay recorded through ${seq}`, async () => {
    const [last] = (await city.server.redis.xRevRange(keys.replayChanges, '+', '-', { COUNT: 1 })) ?? [];
    return last !== undefined && Number(last.id.split('-')[0]) >= seq;
  });
}

describe('shift replay (GET /api/v1/replay)', () => {
  it('replaying a recorded stretch ends in the state the board had at that time', async () => {
    const url = city.server.url;
    const { recorder } = city.server.app;
    await api(url, 'PUT', '/units/rp-ct1', { callsign: 'CT61', type: 'crisis_team', status: 'available', position: spot });
    await api(url, 'PUT', '/units/rp-p1', { callsign: '2B61', type: 'law', status: 'available', position: spot });
    const before = (await api<Call>(url, 'POST', '/calls', { nature: 'NOISE', priority: 5, location: spot })).body;
    await until('the feed has the units', async () => (await board()).units.some((u) => u.id === 'rp-p1'));
    const start = Date.now();
    await recorder.keyframe();

    // An hour of a floor, compressed: calls come in, units go, move and clear, one call closes.
    // (A call that draws no recommendation: the recommender's advice would change it behind the test's back.)
    const theft = (
      await api<Call>(url, 'POST', '/calls', { nature: 'THEFT', priority: 2, location: { lat: 39.75, lon: -104.98 }, weapons: 'no', violence: 'no' })
    ).body;
    await api(url, 'POST', `/calls/${theft.id}/assignments`, { unitId: 'rp-ct1' });
    await api(url, 'POST', '/units/rp-ct1/position', { lat: 39.745, lon: -104.985 });
    await api(url, 'POST', '/units/rp-ct1/status', { status: 'onscene' });
    await api(url, 'PATCH', `/calls/${before.id}`, { status: 'cancelled' });
    const seq = (await board()).seq;
    await recordedThrough(seq);
    await until('the feed has the move', async () => (await board()).units.find((u) => u.id === 'rp-ct1')?.position?.lat === 39.745);
    await recorder.sample();
    const then = await board();
    const at = Date.now();
    await until('a millisecond has passed', () => Date.now() > at);

    // Afterwards: more happens, which the replay at `at` must not show.
    await api(url, 'POST', '/calls', { nature: 'EDP', priority: 1, location: spot });
    await api(url, 'POST', '/units/rp-p1/position', { lat: 39.7, lon: -105 });
    await recorder.sample();
    await recordedThrough((await board()).seq);

    const res = await api<ReplayRecording>(url, 'GET', `/replay?from=${start}&hours=1`, undefined, { cookie: city.server.cookie });
    expect(res.status).toBe(200);
    const replayed = replayStateAt(res.body, at);
    const callsOf = (calls: Iterable<CallSummary>) => [...calls].map((c) => [c.id, c.status, c.version]).sort();
    expect(callsOf(replayed.calls.values())).toEqual(callsOf(then.calls));
    const unitsOf = (units: Iterable<Unit>) =>
      [...units].map((u) => [u.id, u.status, u.version, u.position && [u.position.lat.toFixed(5), u.position.lon.toFixed(5)]]).sort();
    expect(unitsOf(replayed.units.values())).toEqual(unitsOf(then.units));
    expect(replayed.units.get('rp-ct1')).toMatchObject({ status: 'onscene', position: { lat: 39.745 } });

    // And at the end of the recording, the later call and move are there.
    const end = replayStateAt(res.body, res.body.to);
    expect(end.calls.size).toBe(replayed.calls.size + 1);
    expect(end.units.get('rp-p1')?.position).toMatchObject({ lat: 39.7, lon: -105 });
  });

  it('plays the same once the recording is packed into hourly blocks, and what came after the packing with it', async () => {
    const url = city.server.url;
    const cookie = city.server.cookie;
    const { recorder } = city.server.app;
    const { redis } = city.server;
    const keys = city.server.app.store.keys;
    await api(url, 'PUT', '/units/pk-ct1', { callsign: 'CT71', type: 'crisis_team', status: 'available', position: spot });
    await until('the feed has the unit', async () => (await board()).units.some((u) => u.id === 'pk-ct1'));
    const start = Date.now();
    await recorder.keyframe();
    const theft = (await api<Call>(url, 'POST', '/calls', { nature: 'THEFT', priority: 4, location: spot, weapons: 'no', violence: 'no' })).body;
    await api(url, 'POST', `/calls/${theft.id}/assignments`, { unitId: 'pk-ct1' });
    // (A move alone is not a recorded change, only sampled: recorded through the assignment.)
    await recordedThrough((await board()).seq);
    await api(url, 'POST', '/units/pk-ct1/position', { lat: 39.76, lon: -104.97 });
    await until('the feed has the move', async () => (await board()).units.find((u) => u.id === 'pk-ct1')?.position?.lat === 39.76);
    await recorder.sample();
    const read = async () => (await api<ReplayRecording>(url, 'GET', `/replay?from=${start}&hours=1`, undefined, { cookie })).body;
    const unpacked = await read();

    await recorder.pack(Date.now() + 1);
    expect(await redis.xLen(keys.replayChanges)).toBe(0);
    expect(await redis.xLen(keys.replayPositions)).toBe(0);
    expect(await redis.xLen(keys.replayChangesPacked)).toBeGreaterThan(0);
    const packed = await read();
    const upTo = (rec: ReplayRecording) => ({
      changes: rec.changes.filter((c) => c.at <= unpacked.to),
      positions: rec.positions.filter((p) => p.at <= unpacked.to),
    });
    expect(upTo(packed)).toEqual(upTo(unpacked));
    expect(replayStateAt(packed, unpacked.to).units.get('pk-ct1')).toMatchObject({ status: 'dispatched', position: { lat: 39.76 } });

    // Recorded after the packing: read from the recent stream, after the blocks.
    await api(url, 'POST', '/units/pk-ct1/status', { status: 'onscene' });
    await recordedThrough((await board()).seq);
    const later = await read();
    expect(replayStateAt(later, later.to).units.get('pk-ct1')).toMatchObject({ status: 'onscene', position: { lat: 39.76 } });
    expect(later.changes.slice(0, packed.changes.length)).toEqual(packed.changes);
  });

  it('packs a backlog of several hours into one block per clock hour, and a reader sees it all in order', async () => {
    const { redis } = city.server;
    const stream = new RecordedStream(redis, 'test:backlog:recent', 'test:backlog:packed', (f) => JSON.parse(f.d!));
    const hour = 3_600_000;
    const t0 = Math.floor(Date.parse('2026-06-01T10:00:00Z') / hour) * hour;
    // Three and a half hours of entries, one every 10 minutes (ids are the change numbers).
    const ats = Array.from({ length: 21 }, (_, i) => t0 + i * 600_000);
    for (const [i, at] of ats.entries()) await redis.xAdd(stream.recentKey, `${i + 1}-0`, { at: String(at), d: JSON.stringify({ n: i + 1 }) });

    expect(await stream.pack(t0 + 3 * hour)).toBe(18);
    const blocks = (await redis.xRange(stream.packedKey, '-', '+')) ?? [];
    expect(blocks.map((b) => b.id)).toEqual(['6-0', '12-0', '18-0']);
    expect(await redis.xLen(stream.recentKey)).toBe(3);
    const read = await stream.read('0-0', () => false);
    expect(read.map((e) => [e.id, e.at, e.body])).toEqual(ats.map((at, i) => [`${i + 1}-0`, at, { n: i + 1 }]));
    // From the middle of a block, up to a moment.
    const part = await stream.read('8-0', (e) => e.at > t0 + 2 * hour);
    expect(part.map((e) => e.id)).toEqual(['9-0', '10-0', '11-0', '12-0', '13-0']);
  });

  it('says where the recording begins when asked for earlier, ends at the present, refuses the future and more than 12 hours, and is not for the wall', async () => {
    const url = city.server.url;
    const cookie = city.server.cookie;
    const early = await api<{ error: { message: string; details: { recordingBegins: number } } }>(
      url,
      'GET',
      `/replay?from=${Date.parse('2020-01-01T00:00:00Z')}&hours=1`,
      undefined,
      { cookie },
    );
    expect(early.status).toBe(404);
    expect(early.body.error.message).toMatch(/recording begins at 20\d\d-/);
    expect(early.body.error.details.recordingBegins).toBeLessThan(Date.now());
    // Never past the present: a replay shows nothing that has not happened.
    const recent = await api<ReplayRecording>(url, 'GET', `/replay?from=${early.body.error.details.recordingBegins + 1}&hours=12`, undefined, { cookie });
    expect(recent.status).toBe(200);
    expect(recent.body.to).toBeLessThanOrEqual(Date.now());
    expect((await api(url, 'GET', `/replay?from=${Date.now() + 60_000}&hours=1`, undefined, { cookie })).status).toBe(400);
    expect((await api(url, 'GET', `/replay?from=${Date.now()}&hours=13`, undefined, { cookie })).status).toBe(400);
    const wall = await city.server.signIn('wall', 'replay-wall');
    expect((await api(url, 'GET', `/replay?from=${Date.now() - 1000}&hours=1`, undefined, { cookie: wall })).status).toBe(403);
  });
});

import { expandCall } from '../../shared/call-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { CallSummary, ChangeBatch, Snapshot } from '../../shared/changes';
import { decodeSnapshot, type EncodedSnapshot } from '../../shared/snapshot-codec';
import { startSimulator, type Simulator } from '../../server/sim/simulator';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

let redis: TestRedis;
let server: TestServer;
let sim: Simulator | null = null;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
});
afterAll(async () => {
  await sim?.stop();
  await server?.close();
  await redis?.stop();
});

/** Words planted in private fields: none may reach a wall. */
const SECRETS = ['Zanzibar-note-marker', '303-555-0177', '777 Hidden Hollow Rd', 'cad-private-7', 'hearing voices', 'quill-supervisor', 'Amharic'];

/** Every private field of a call a wall frame could carry, checked structurally. */
function privateFieldsOf(call: CallSummary): string[] {
  const leaks: string[] = [];
  // Live frames carry summaries: these fields must not be there at all.
  for (const field of ['notes', 'timeline', 'callerPhone', 'externalId', 'language']) if (field in call) leaks.push(field);
  if ('address' in call.location) leaks.push('location.address');
  if (call.mh.reasons.length || call.mh.keywords.length) leaks.push('mh reasons');
  if (call.mh.recommendation !== null) leaks.push('mh.recommendation');
  if (call.updatedBy !== '') leaks.push('updatedBy');
  return leaks;
}

/** The private fields a call patch (the fields of a call that changed) could carry. */
function privatePatchFieldsOf(set: Partial<CallSummary>): string[] {
  const leaks: string[] = [];
  for (const field of ['notes', 'timeline', 'callerPhone', 'externalId', 'language']) if (field in set) leaks.push(field);
  if (set.location && 'address' in set.location) leaks.push('location.address');
  if (set.mh && (set.mh.reasons.length || set.mh.keywords.length)) leaks.push('mh reasons');
  if (set.mh && set.mh.recommendation !== null) leaks.push('mh.recommendation');
  if (set.updatedBy !== undefined && set.updatedBy !== '') leaks.push('updatedBy');
  return leaks;
}

describe('the wall audience', () => {
  it('receives no private field in any frame over a simulated hour of a busy city', async () => {
    const admin = await server.signIn('admin');
    const key = (await api<{ secret: string }>(server.url, 'POST', '/admin/keys', { kind: 'display', name: 'scan' }, { cookie: admin })).body.secret;
    const entry = await fetch(`${server.url}/wall?key=${key}`, { redirect: 'manual' });
    const wall = new TestLiveClient(server.url, { cookie: entry.headers.get('set-cookie')!.split(';')[0]! });
    const board = new TestLiveClient(server.url); // a supervisor, to prove the data was there

    const frames: { event: string; text: string; calls: CallSummary[]; unitsBy: string[] }[] = [];
    const patchLeaks: string[] = [];
    let patches = 0;
    const inflating: Promise<void>[] = [];
    wall.socket.onAny((event: string, payload: unknown) => {
      if (event === 'state:snapshot') {
        inflating.push(
          decodeSnapshot(payload as EncodedSnapshot).then((snap: Snapshot) => {
            frames.push({ event, text: JSON.stringify(snap), calls: snap.calls, unitsBy: snap.units.map((u) => u.updatedBy) });
          }),
        );
      } else if (event === 'state:changes') {
        const batch = payload as ChangeBatch;
        // Calls come whole, new without their defaults, or as the fields that changed: each form is checked.
        const calls = batch.changes.flatMap((c) => (c.kind === 'call' ? [c.call] : c.kind === 'callNew' ? [expandCall(c.call)] : []));
        for (const c of batch.changes) if (c.kind === 'callPatch') patchLeaks.push(...privatePatchFieldsOf(c.set));
        patches += batch.changes.filter((c) => c.kind === 'callPatch').length;
        const unitsBy = batch.changes.flatMap((c) => (c.kind === 'unit' ? [c.unit.updatedBy] : []));
        if (batch.changes.some((c) => c.kind === 'recommendation')) frames.push({ event: 'recommendation change', text: '', calls: [], unitsBy: [] });
        frames.push({ event, text: JSON.stringify(batch), calls, unitsBy });
      } else {
        frames.push({ event, text: JSON.stringify(payload ?? null), calls: [], unitsBy: [] });
      }
    });
    await Promise.all([wall.waitFor('snapshot', () => true), board.waitFor('snapshot', () => true)]);

    const planted = await api<Call>(server.url, 'POST', '/calls', {
      nature: 'WELFARE',
      priority: 2,
      location: { lat: 39.74, lon: -104.98, address: '777 Hidden Hollow Rd' },
      callerPhone: '303-555-0177',
      notes: 'Zanzibar-note-marker: son is hearing voices',
      externalId: 'cad-private-7',
      weapons: 'no',
      violence: 'no',
      language: 'Amharic',
    });
    await api(server.url, 'PATCH', `/calls/${planted.body.id}`, { note: 'Zanzibar-note-marker again', priority: 1 });
    // A supervisor by name takes a unit out of service: the wall sees the status, not who.
    await api(server.url, 'PUT', '/units/redact-u1', { callsign: 'R1', type: 'law', status: 'available', position: { lat: 39.74, lon: -104.98 } });
    const quill = await server.signIn('supervisor', 'quill-supervisor');
    expect((await api(server.url, 'POST', '/units/redact-u1/status', { status: 'out_of_service' }, { cookie: quill })).status).toBe(200);
    // Checked before the simulated city starts: its dispatcher may send a unit and close the call.
    // The data was there for those who may see it: the supervisor's board has the address.
    await board.waitFor('the planted call, address and all', (s) => JSON.stringify(s.calls.get(planted.body.id) ?? null).includes('777 Hidden Hollow Rd'));
    const onWall = await wall.waitFor(
      'the planted call and the unit out of service',
      (s) => s.calls.has(planted.body.id) && s.units.get('redact-u1')?.status === 'out_of_service',
    );
    expect(onWall.calls.get(planted.body.id)!.mh.flagged).toBe(true); // the MH icon shows

    // A simulated hour: 360x speed for ten seconds of a city with calls, notes and phones.
    const { feed, commands } = server.app;
    sim = await startSimulator({
      commands,
      feed,
      log: { debug() {}, info() {}, warn() {}, error() {} },
      config: {
        enabled: true,
        autoDispatch: 'all',
        seed: 11,
        center: { lat: 39.7392, lon: -104.9903 },
        radiusKm: 11,
        callsPerHour: 240,
        speed: 360,
        fleetScale: 0.3,
      },
    });
    const start = feed.projection.seq;
    await board.waitFor('a simulated hour of changes', (s) => s.seq > start + 500, 30_000);
    await sim.stop();
    sim = null;
    const end = feed.projection.seq;
    await wall.waitForSeq(end, 10_000);

    // The whole call (what the supervisor's drawer reads) has the note.
    const whole = await api<Call>(server.url, 'GET', `/calls/${planted.body.id}`, undefined, { cookie: server.cookie });
    expect(JSON.stringify(whole.body)).toContain('Zanzibar-note-marker');
    await Promise.all(inflating);
    expect(frames.length).toBeGreaterThan(20);
    const callsSeen = frames.flatMap((f) => f.calls);
    expect(callsSeen.length).toBeGreaterThan(50);
    for (const call of callsSeen) expect(privateFieldsOf(call), `call ${call.number}`).toEqual([]);
    expect(patches).toBeGreaterThan(50);
    expect(patchLeaks).toEqual([]);
    const unitEditors = frames.flatMap((f) => f.unitsBy);
    expect(unitEditors.length).toBeGreaterThan(50);
    expect(new Set(unitEditors)).toEqual(new Set(['']));
    for (const f of frames) {
      expect(f.event).not.toBe('recommendation change');
      for (const secret of SECRETS) expect(f.text, `${f.event} frame`).not.toContain(secret);
    }
    wall.close();
    board.close();
  }, 60_000);
});

describe('the admin role (least privilege)', () => {
  it('gets no caller data: its socket and GET /state carry the wall view, and it may not read a call', async () => {
    const admin = await server.signIn('admin', 'ada-least');
    const planted = (
      await api<Call>(server.url, 'POST', '/calls', {
        nature: 'WELFARE',
        priority: 2,
        location: { lat: 39.75, lon: -104.97, address: '12 Least Privilege Way' },
        callerPhone: '303-555-0142',
        notes: 'Least-privilege-marker: daughter in crisis',
      })
    ).body;
    const socket = new TestLiveClient(server.url, { cookie: admin });
    const seen = await socket.waitFor('the planted call', (s) => s.calls.has(planted.id));
    const call = seen.calls.get(planted.id)!;
    expect(privateFieldsOf(call)).toEqual([]);
    socket.close();

    const state = await api<Snapshot>(server.url, 'GET', '/state', undefined, { cookie: admin });
    const text = JSON.stringify(state.body);
    for (const secret of ['12 Least Privilege Way', '303-555-0142', 'Least-privilege-marker']) expect(text).not.toContain(secret);
    expect(state.body.calls.some((c) => c.id === planted.id)).toBe(true);

    expect((await api(server.url, 'GET', `/calls/${planted.id}`, undefined, { cookie: admin })).status).toBe(403);
    expect((await api(server.url, 'PUT', '/units/least-u1', { callsign: 'L1', type: 'law' }, { cookie: admin })).status).toBe(403);
  });
});

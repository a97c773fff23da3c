import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { Ack } from '../../shared/board-commands';
import type { Unit } from '../../shared/unit';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

let redis: TestRedis;
let server: TestServer;
const clients: TestLiveClient[] = [];

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

async function board(): Promise<TestLiveClient> {
  const c = new TestLiveClient(server.url);
  clients.push(c);
  await c.waitFor('snapshot', () => true);
  return c;
}

let n = 0;
async function newCall(over: Record<string, unknown> = {}): Promise<Call> {
  const res = await api<Call>(server.url, 'POST', '/calls', { nature: 'WELFARE', priority: 2, location: { lat: 39.74, lon: -104.98 }, ...over });
  return res.body;
}
async function newUnit(type: string, over: Record<string, unknown> = {}, at = { lat: 39.74, lon: -104.98 }): Promise<Unit> {
  const id = `${type.replace('_', '')}-${++n}`;
  return (await api<Unit>(server.url, 'PUT', `/units/${id}`, { callsign: `${type.slice(0, 2).toUpperCase()}${n}`, type, position: at, ...over })).body;
}
function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`command refused: ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

describe('board commands over Socket.IO', () => {
  it('assigns a unit and answers with the call and unit as committed', async () => {
    const b = await board();
    const [call, unit] = await Promise.all([newCall(), newUnit('crisis_team')]);
    const data = ok(await b.socket.emitWithAck('call:assign', { callId: call.id, unitId: unit.id, expectedUnitVersion: unit.version }));
    expect(data.call).toMatchObject({ status: 'dispatched', assignedUnitIds: [unit.id] });
    expect(data.unit).toMatchObject({ status: 'dispatched', currentCallId: call.id });
    expect(data.call.timeline.at(-1)).toMatchObject({ kind: 'assigned', by: 'supervisor', text: `${unit.callsign} assigned` });
    expect(data.call.assignedAt).toBe(data.call.statusSince);
    // The day's time-to-assign counters follow within a couple of seconds.
    const stats = await b.waitFor('the assignment counted', () => (b.stats?.assignedToday ?? 0) >= 1).then(() => b.stats!);
    expect(stats.medianSecondsToAssignToday).toBeGreaterThanOrEqual(0);
  });

  it('refuses a malformed command with a clear error and changes nothing', async () => {
    const b = await board();
    const call = await newCall({ nature: 'THEFT' });
    const unit = await newUnit('law');
    const ack = await b.socket.emitWithAck('call:assign', { callId: call.id, unitId: unit.id, extra: 1 } as never);
    expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(!ack.ok && ack.error.message).toMatch(/invalid call:assign/);
    const bad = await b.socket.emitWithAck('call:assign', { callId: call.id, unitId: '../etc' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect((await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body).toEqual(call);
    expect((await api<Unit>(server.url, 'GET', `/units/${unit.id}`)).body).toEqual(unit);
  });

  it('lets a supervisor reassign a busy unit: the old call goes back to pending, both timelines record it', async () => {
    const b = await board();
    const [from, to, unit] = await Promise.all([newCall(), newCall({ nature: 'SUICTHRT', priority: 1 }), newUnit('co_responder')]);
    const assigned = ok(await b.socket.emitWithAck('call:assign', { callId: from.id, unitId: unit.id }));

    const busy = await b.socket.emitWithAck('call:assign', { callId: to.id, unitId: unit.id });
    expect(busy).toMatchObject({ ok: false, error: { code: 'unit_busy' } });

    const moved = ok(
      await b.socket.emitWithAck('unit:reassign', {
        unitId: unit.id,
        toCallId: to.id,
        expectedUnitVersion: assigned.unit.version,
        reason: 'P1 suicide threat',
      }),
    );
    expect(moved.unit).toMatchObject({ currentCallId: to.id, status: 'dispatched' });
    expect(moved.fromCall).toMatchObject({ status: 'pending', assignedUnitIds: [] });
    expect(moved.toCall).toMatchObject({ status: 'dispatched', assignedUnitIds: [unit.id] });
    expect(moved.fromCall!.timeline.map((e) => e.text)).toContain(`${unit.callsign} reassigned to call ${to.number} (P1 suicide threat)`);
    expect(moved.toCall.timeline.at(-1)).toMatchObject({
      kind: 'reassigned',
      text: `${unit.callsign} reassigned here from call ${from.number} (P1 suicide threat)`,
    });

    const state = await b.waitFor('the reassignment', (s) => s.units.get(unit.id)?.currentCallId === to.id);
    expect(state.calls.get(from.id)!.assignedUnitIds).toEqual([]);
    expect(state.calls.get(to.id)!.assignedUnitIds).toEqual([unit.id]);
  });

  it('refuses a reassignment made on a stale view, saying who changed the unit', async () => {
    const b = await board();
    const [c1, c2, unit] = await Promise.all([newCall(), newCall(), newUnit('law')]);
    ok(await b.socket.emitWithAck('call:assign', { callId: c1.id, unitId: unit.id }));
    const ack = await b.socket.emitWithAck('unit:reassign', { unitId: unit.id, toCallId: c2.id, expectedUnitVersion: unit.version });
    expect(ack).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!ack.ok && ack.error.message).toMatch(new RegExp(`unit ${unit.callsign} was changed by supervisor .* ago`));
  });

  it('closes the call with the disposition the last unit gives, or returns it to pending without one', async () => {
    const b = await board();
    const [c1, c2, u1, u2] = await Promise.all([newCall(), newCall(), newUnit('crisis_team'), newUnit('crisis_team')]);
    const a1 = ok(await b.socket.emitWithAck('call:assign', { callId: c1.id, unitId: u1.id }));
    const a2 = ok(await b.socket.emitWithAck('call:assign', { callId: c2.id, unitId: u2.id }));

    const cleared = ok(
      await b.socket.emitWithAck('unit:setStatus', { unitId: u1.id, status: 'available', expectedVersion: a1.unit.version, disposition: 'referred' }),
    );
    expect(cleared.call).toMatchObject({ status: 'closed', disposition: 'referred' });
    const back = ok(await b.socket.emitWithAck('unit:setStatus', { unitId: u2.id, status: 'available', expectedVersion: a2.unit.version }));
    expect(back.call).toMatchObject({ status: 'pending', disposition: null });
  });

  it('starts a check-in clock for a civilian team on scene, and sends the nearest free CIT officer as backup', async () => {
    const b = await board();
    const call = await newCall({ location: { lat: 39.7, lon: -104.9 } });
    const team = await newUnit('crisis_team');
    // A plain officer nearer than a CIT officer by less than the CIT preference: the CIT officer goes.
    const plain = await newUnit('law', { capabilities: { cit: false } }, { lat: 39.701, lon: -104.9 });
    const cit = await newUnit('law', { capabilities: { cit: true } }, { lat: 39.706, lon: -104.9 });
    const assigned = ok(await b.socket.emitWithAck('call:assign', { callId: call.id, unitId: team.id }));
    const enroute = ok(await b.socket.emitWithAck('unit:setStatus', { unitId: team.id, status: 'enroute', expectedVersion: assigned.unit.version }));
    const onscene = ok(await b.socket.emitWithAck('unit:setStatus', { unitId: team.id, status: 'onscene', expectedVersion: enroute.unit.version }));
    expect(onscene.unit.lastCheckInAt).toBe(onscene.unit.statusSince);

    const checked = ok(await b.socket.emitWithAck('unit:checkIn', { unitId: team.id }));
    expect(checked.lastCheckInAt).toBeGreaterThanOrEqual(onscene.unit.statusSince);

    await b.waitFor('both officers in the projection', (s) => s.units.has(plain.id) && s.units.has(cit.id));
    const backup = ok(await b.socket.emitWithAck('call:backup', { callId: call.id }));
    expect(backup.unit.id).toBe(cit.id);
    expect(backup.call.assignedUnitIds).toEqual([team.id, cit.id]);
    expect(backup.call.timeline.at(-1)!.text).toBe(`${cit.callsign} sent as police backup`);
  });

  it('keeps reopening for supervisors, with a reason on the timeline', async () => {
    const b = await board();
    const call = await newCall();
    const closed = (await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { status: 'closed', disposition: 'unfounded' })).body;
    const viaUpdate = await b.socket.emitWithAck('call:update', {
      callId: call.id,
      expectedVersion: closed.version,
      patch: { status: 'pending', reason: 'rang again' },
    });
    expect(viaUpdate).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const reopened = ok(await b.socket.emitWithAck('call:reopen', { callId: call.id, expectedVersion: closed.version, reason: 'caller rang again' }));
    expect(reopened).toMatchObject({ status: 'pending', disposition: null });
    expect(reopened.timeline.at(-1)).toMatchObject({ kind: 'reopened', text: 'Reopened: caller rang again' });
  });
});

describe('contention', () => {
  it('lets exactly one of 200 socket clients assigning the same unit at once succeed', async () => {
    const unit = await newUnit('co_responder');
    const calls = await Promise.all(Array.from({ length: 10 }, () => newCall()));
    const contenders = await Promise.all(Array.from({ length: 200 }, () => board()));

    const acks = await Promise.all(
      contenders.map((c, i) =>
        c.socket.emitWithAck('call:assign', { callId: calls[i % calls.length]!.id, unitId: unit.id, expectedUnitVersion: unit.version }),
      ),
    );
    const wins = acks.filter((a) => a.ok);
    const refusals = acks.filter((a) => !a.ok);
    expect(wins).toHaveLength(1);
    expect(refusals).toHaveLength(199);
    for (const r of refusals) expect(!r.ok && ['conflict', 'unit_busy']).toContain(!r.ok && r.error.code);

    const winner = wins[0]!.ok ? wins[0]!.data : null;
    const stored = (await api<Unit>(server.url, 'GET', `/units/${unit.id}`)).body;
    expect(stored.currentCallId).toBe(winner!.call.id);
    const holding = await Promise.all(calls.map((c) => api<Call>(server.url, 'GET', `/calls/${c.id}`).then((r) => r.body)));
    expect(holding.filter((c) => c.assignedUnitIds.includes(unit.id)).map((c) => c.id)).toEqual([winner!.call.id]);
  });
});

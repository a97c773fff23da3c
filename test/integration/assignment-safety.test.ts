import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/admin';
import type { Ack, CallAndUnit } from '../../shared/board-commands';
import type { Call } from '../../shared/call';
import type { ApiErrorBody } from '../../shared/errors';
import type { Unit } from '../../shared/unit';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

/**
 * The risky-assignment guard (server/domain/assignment-safety.ts, rules in
 * server/response-rules.json): a civilian team is not sent to a shots-fired call, or one with
 * weapons or violence reported, while no police unit is on it, unless a supervisor overrides.
 */
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

let n = 0;
const at = { lat: 39.74, lon: -104.98 };
const newCall = async (over: Record<string, unknown>) => (await api<Call>(server.url, 'POST', '/calls', { priority: 1, location: at, ...over })).body;
const newUnit = async (type: string) => {
  const id = `safety-${type}-${++n}`;
  return (await api<Unit>(server.url, 'PUT', `/units/${id}`, { callsign: `S${n}`, type, position: at })).body;
};
async function boardAs(role: 'dispatcher' | 'supervisor'): Promise<TestLiveClient> {
  const c = new TestLiveClient(server.url, { cookie: await server.signIn(role) });
  clients.push(c);
  await c.waitFor('snapshot', () => true);
  return c;
}

describe('sending a civilian team where the rules want police', () => {
  it('refuses a crisis team for a shots-fired call with weapons, naming the rule, over REST and from the board', async () => {
    const call = await newCall({ nature: 'SHOTS', weapons: 'yes' });
    const team = await newUnit('crisis_team');
    const rest = await api<ApiErrorBody>(server.url, 'POST', `/calls/${call.id}/assignments`, { unitId: team.id });
    expect(rest.status).toBe(409);
    expect(rest.body.error.code).toBe('unsafe_assignment');
    expect(rest.body.error.message).toMatch(/is a civilian team and shots fired calls \(SHOTS\) need police: send police first/);

    const dispatcher = await boardAs('dispatcher');
    const ack = (await dispatcher.socket.emitWithAck('call:assign', { callId: call.id, unitId: team.id })) as Ack<CallAndUnit>;
    expect(ack).toMatchObject({ ok: false, error: { code: 'unsafe_assignment' } });
    // Nothing moved: the team is still free and the call has no unit.
    expect((await api<Unit>(server.url, 'GET', `/units/${team.id}`)).body.status).toBe('available');
    expect((await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body.assignedUnitIds).toEqual([]);
  });

  it('refuses a co-responder where violence is reported on an MH call, and lets it go once police are on the call', async () => {
    const call = await newCall({ nature: 'EDP', violence: 'yes' });
    const coResponder = await newUnit('co_responder');
    const police = await newUnit('law');
    const refused = await api<ApiErrorBody>(server.url, 'POST', `/calls/${call.id}/assignments`, { unitId: coResponder.id });
    expect(refused.body.error.message).toMatch(/violence is reported/);
    expect((await api(server.url, 'POST', `/calls/${call.id}/assignments`, { unitId: police.id })).status).toBe(201);
    expect((await api(server.url, 'POST', `/calls/${call.id}/assignments`, { unitId: coResponder.id })).status).toBe(201);
  });

  it('sends a crisis team to a calm welfare check as before', async () => {
    const call = await newCall({ nature: 'WELFARE', priority: 3, weapons: 'no', violence: 'no' });
    const team = await newUnit('crisis_team');
    expect((await api(server.url, 'POST', `/calls/${call.id}/assignments`, { unitId: team.id })).status).toBe(201);
  });

  it("lets only a supervisor override, with a reason that goes on the call's timeline and into the audit", async () => {
    const call = await newCall({ nature: 'EDP', weapons: 'yes' });
    const team = await newUnit('crisis_team');
    const override = { reason: 'knife put away, family asks for the clinician' };

    const dispatcher = await boardAs('dispatcher');
    const refused = (await dispatcher.socket.emitWithAck('call:assign', { callId: call.id, unitId: team.id, override })) as Ack<CallAndUnit>;
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/only a supervisor may send a civilian team without police/) },
    });

    const supervisor = await boardAs('supervisor');
    const ack = (await supervisor.socket.emitWithAck('call:assign', { callId: call.id, unitId: team.id, override })) as Ack<CallAndUnit>;
    expect(ack.ok).toBe(true);
    const whole = (await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body;
    expect(whole.assignedUnitIds).toEqual([team.id]);
    expect(whole.timeline.map((e) => e.text)).toContainEqual(
      `${team.callsign} assigned without police (weapons are reported), on a supervisor's override: knife put away, family asks for the clinician`,
    );
    const admin = await server.signIn('admin');
    const audit = (await api<AuditRecord[]>(server.url, 'GET', `/admin/audit?subject=${call.id}&type=command`, undefined, { cookie: admin })).body;
    expect(audit.map((r) => `${r.outcome} ${r.detail}`)).toEqual(
      expect.arrayContaining([
        'denied call:assign: forbidden: only a supervisor may send a civilian team without police (you are dispatcher)',
        'success call:assign: ok',
      ]),
    );
  });

  it('guards a reassignment the same way', async () => {
    const from = await newCall({ nature: 'WELFARE', priority: 4, weapons: 'no', violence: 'no' });
    const to = await newCall({ nature: 'ASSAULT' });
    const team = await newUnit('crisis_team');
    const assigned = (await api<CallAndUnit>(server.url, 'POST', `/calls/${from.id}/assignments`, { unitId: team.id })).body;
    const supervisor = await boardAs('supervisor');
    const ack = (await supervisor.socket.emitWithAck('unit:reassign', {
      unitId: team.id,
      toCallId: to.id,
      expectedUnitVersion: assigned.unit.version,
    })) as Ack<unknown>;
    expect(ack).toMatchObject({ ok: false, error: { code: 'unsafe_assignment', message: expect.stringMatching(/assault calls \(ASSAULT\) need police/) } });
  });
});

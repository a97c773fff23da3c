import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { Unit } from '../../shared/unit';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

let redis: TestRedis;
let server: TestServer;
let board: TestLiveClient;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
});
afterEach(() => board?.close());
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

// A shift of 00:00-00:00 is "always on", so the test does not depend on the hour it runs at.
const ALWAYS = { start: '00:00', end: '00:00' };
const scene = { lat: 39.74, lon: -104.98 };

const putUnit = (id: string, callsign: string, type: string, at: { lat: number; lon: number }, extra: Record<string, unknown> = {}) =>
  api<Unit>(server.url, 'PUT', `/units/${id}`, { callsign, type, position: at, shift: ALWAYS, ...extra }).then((r) => r.body);

describe('recommendations on the live board', () => {
  it('recommends the nearest free crisis team for an eligible call, re-ranks as teams move, and falls back when none is free', async () => {
    board = new TestLiveClient(server.url);
    await board.waitFor('snapshot', () => true);

    const far = await putUnit('star-far', 'STAR9', 'crisis_team', { lat: 39.78, lon: -104.98 });
    // Far enough that the far team driving up to the scene beats it by more than stickyMinutes (2).
    const near = await putUnit('star-near', 'STAR8', 'crisis_team', { lat: 39.756, lon: -104.98 });
    await putUnit('law-cit', '2B11', 'law', { lat: 39.745, lon: -104.98 }, { capabilities: { cit: true } });
    const call = (await api<Call>(server.url, 'POST', '/calls', { nature: 'WELFARE', priority: 2, location: scene, weapons: 'no', violence: 'no' })).body;

    let state = await board.waitFor('an alternative recommendation', (s) => s.calls.get(call.id)?.mh.recommendation?.model === 'alternative');
    let seen = state.calls.get(call.id)!;
    // One team per call: the nearest.
    expect(seen.mh.recommendation!.unitIds).toEqual([near.id]);
    expect(seen.mh.recommendation!.rationale).toMatch(/^Welfare check with no weapons or violence reported: STAR8/);
    // The board's summary has no timeline; the whole call (what the drawer reads) has the line.
    const whole = (await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body;
    expect(whole.timeline.map((e) => e.kind)).toContain('recommended');
    const versionAfterModel = seen.version;

    // The far team drives past the near one: only the ranking changes, not the call's version.
    await api(server.url, 'POST', `/units/${far.id}/position`, { lat: 39.741, lon: -104.98 });
    state = await board.waitFor('the re-ranking', (s) => s.calls.get(call.id)?.mh.recommendation?.unitIds[0] === far.id);
    seen = state.calls.get(call.id)!;
    expect(seen.version).toBe(versionAfterModel);
    expect((await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body.mh.recommendation!.unitIds[0]).toBe(far.id);

    // Both teams go out of service: police with a CIT officer, and the call counts as unmet demand.
    await api(server.url, 'POST', `/units/${far.id}/status`, { status: 'out_of_service' });
    await api(server.url, 'POST', `/units/${near.id}/status`, { status: 'out_of_service' });
    state = await board.waitFor('the fallback', (s) => s.calls.get(call.id)?.mh.recommendation?.model === 'police_cit');
    seen = state.calls.get(call.id)!;
    expect(seen.mh.recommendation!.unitIds).toEqual(['law-cit']);
    expect(seen.mh.unmetSince).not.toBeNull();
    await board.waitFor('unmet demand counted', () => board.stats?.unmetToday === 1);
  });

  it('plans across calls: one team goes to the most urgent call, the other waits and says for what; a P1 with no team in reach is offered a reassignment', async () => {
    board = new TestLiveClient(server.url);
    await board.waitFor('snapshot', () => true);
    // South of the other tests' units, out of their reach.
    const area = { lat: 39.55, lon: -105.0 };
    const team = await putUnit('plan-star', 'STAR31', 'crisis_team', { lat: 39.552, lon: -105.0 });
    const p3 = (await api<Call>(server.url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location: area, weapons: 'no', violence: 'no' })).body;
    const p1 = (await api<Call>(server.url, 'POST', '/calls', { nature: 'WELFARE', priority: 1, location: area, weapons: 'no', violence: 'no' })).body;

    await board.waitFor('the team offered to the P1 call', (s) => s.calls.get(p1.id)?.mh.recommendation?.unitIds[0] === team.id);
    await board.waitFor('the P3 call waiting', (s) => s.calls.get(p3.id)?.mh.recommendation?.unitIds.length === 0);
    let state = await board.waitFor('the P3 call counted as unmet', (s) => s.calls.get(p3.id)?.mh.unmetSince != null);
    expect(state.calls.get(p3.id)!.mh.recommendation!.rationale).toContain(
      `waiting for a team, as crisis team STAR31 (about 1 min) is offered first to more urgent P1 call ${p1.number}`,
    );

    // Sent to the P3 call anyway: the P1 call has no team in reach, and is offered this one back.
    await api(server.url, 'POST', `/calls/${p3.id}/assignments`, { unitId: team.id });
    state = await board.waitFor('a reassignment suggested', (s) => s.calls.get(p1.id)?.mh.recommendation?.reassign?.unitId === team.id);
    const rec = state.calls.get(p1.id)!.mh.recommendation!;
    expect(rec.reassign).toMatchObject({ fromCallId: p3.id, fromCallNumber: p3.number, fromPriority: 3 });
    expect(rec.rationale).toContain(`or reassign crisis team STAR31 (about 1 min) from P3 call ${p3.number}`);

    // The supervisor's one click: the team moves, and the P1 call's advice is the team, assigned.
    const moving = state.units.get(team.id)!;
    const moved = await api(server.url, 'POST', `/units/${team.id}/reassign`, {
      toCallId: p1.id,
      expectedUnitVersion: moving.version,
      reason: 'P1 needs the team',
    });
    expect(moved.status).toBe(200);
    state = await board.waitFor(
      'the team on the P1 call',
      (s) => s.calls.get(p1.id)?.mh.recommendation?.model === 'alternative' && !s.calls.get(p1.id)?.mh.recommendation?.reassign,
    );
    expect(state.calls.get(p1.id)!.mh.recommendation!.unitIds).toEqual([team.id]);
  });

  it("prefers a team that speaks the caller's language once the call says it", async () => {
    board = new TestLiveClient(server.url);
    await board.waitFor('snapshot', () => true);
    // Farther south again, out of every other test's reach.
    const area = { lat: 39.4, lon: -105.0 };
    const near = await putUnit('lang-near', 'STAR41', 'crisis_team', { lat: 39.405, lon: -105.0 });
    const es = await putUnit('lang-es', 'STAR42', 'crisis_team', { lat: 39.41, lon: -105.0 }, { capabilities: { languages: ['Spanish'] } });
    const call = (await api<Call>(server.url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location: area, weapons: 'no', violence: 'no' })).body;
    await board.waitFor('the nearest team', (s) => s.calls.get(call.id)?.mh.recommendation?.unitIds[0] === near.id);

    const patched = await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { language: 'Spanish' });
    expect(patched.status).toBe(200);
    expect(patched.body.language).toBe('Spanish');
    expect(patched.body.timeline.at(-1)).toMatchObject({ kind: 'language', text: "Caller's language: Spanish" });
    const state = await board.waitFor('the Spanish-speaking team', (s) => s.calls.get(call.id)?.mh.recommendation?.unitIds[0] === es.id);
    expect(state.calls.get(call.id)!.mh.recommendation!.rationale).toContain('STAR42, the nearest free crisis team that speaks Spanish, is about 2 min away');
    expect(state.calls.get(call.id)!.language).toBe('Spanish');
  });

  it('recommends a co-responder with police when weapons are reported, and drops the advice when the flag is cleared', async () => {
    board = new TestLiveClient(server.url);
    await board.waitFor('snapshot', () => true);
    await putUnit('cr-1', 'CR1', 'co_responder', { lat: 39.742, lon: -104.98 });
    const call = (await api<Call>(server.url, 'POST', '/calls', { nature: 'EDP', priority: 1, location: scene, weapons: 'yes', violence: 'no' })).body;

    const state = await board.waitFor('a co-response', (s) => s.calls.get(call.id)?.mh.recommendation?.model === 'co_response');
    const rec = state.calls.get(call.id)!.mh.recommendation!;
    expect(rec.unitIds).toEqual(['cr-1', 'law-cit']);
    expect(rec.rationale).toContain('CR1');

    await api(server.url, 'PATCH', `/calls/${call.id}`, { mhFlag: { flagged: false, reason: 'caller was joking' } });
    await board.waitFor('the advice to go', (s) => s.calls.get(call.id)?.mh.flagged === false && s.calls.get(call.id)?.mh.recommendation === null);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { Snapshot } from '../../shared/changes';
import type { ApiErrorBody } from '../../shared/errors';
import type { Unit } from '../../shared/unit';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';

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

const location = { lat: 39.7392, lon: -104.9903 };
const post = (body: unknown) => api<Call & ApiErrorBody>(server.url, 'POST', '/calls', body);

describe('POST /api/v1/calls', () => {
  it('creates a pending call with an MH block derived from the nature', async () => {
    const res = await post({ nature: 'suicthrt', priority: 1, location, weapons: 'no', violence: 'no', callerPhone: '303-555-0142' });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/api/v1/calls/${res.body.id}`);
    expect(res.body).toMatchObject({ version: 1, status: 'pending', nature: 'SUICTHRT', priority: 1, callerPhone: '303-555-0142', assignedUnitIds: [] });
    expect(res.body.mh).toMatchObject({ flagged: true, reasons: ['nature'], weapons: 'no', violence: 'no' });
  });

  it('flags a call of a non-MH nature from keywords in its notes', async () => {
    const res = await post({ nature: 'SUSP', priority: 3, location, notes: 'Man in the park, says he wants to kill myself... talking to himself' });
    expect(res.body.mh.flagged).toBe(true);
    expect(res.body.mh.reasons).toEqual(['keyword']);
    expect(res.body.mh.keywords).toContain('kill myself');
  });

  it('does not flag an ordinary call', async () => {
    const res = await post({ nature: 'THEFT', priority: 4, location });
    expect(res.body.mh).toMatchObject({ flagged: false, reasons: [] });
  });

  it.each([
    [{ nature: 'EDP', priority: 9, location }, 'priority'],
    [{ nature: 'EDP', priority: 2, location: { lat: 91, lon: 0 } }, 'location.lat'],
    [{ nature: 'EDP', priority: 2 }, 'location'],
    [{ nature: 'EDP', priority: 2, location, role: 'admin' }, '(root)'],
    [{ nature: '<script>', priority: 2, location }, 'nature'],
    [{ nature: 'EDP', priority: 2, location, notes: 'x'.repeat(5000) }, 'notes'],
    [{ nature: 'EDP', priority: 2, location, weapons: 'maybe' }, 'weapons'],
  ])('refuses %j with a 400 that names %s', async (body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.message).toContain(field === '(root)' ? 'role' : field);
    const issues = (res.body.error.details as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path)).toContain(field);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await api<ApiErrorBody>(server.url, 'POST', '/calls', '{"nature": ');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not valid JSON/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await api<ApiErrorBody>(server.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location, notes: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('returns the first call again when an integrator repeats an externalId', async () => {
    const first = await post({ nature: 'WELFARE', priority: 3, location, externalId: 'cad-991' });
    const again = await post({ nature: 'WELFARE', priority: 3, location, externalId: 'cad-991' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('GET and PATCH /api/v1/calls/:id', () => {
  it('returns a call with its version as ETag, and 404 for an unknown id', async () => {
    const created = await post({ nature: 'NOISE', priority: 5, location });
    const got = await api<Call>(server.url, 'GET', `/calls/${created.body.id}`);
    expect(got.body).toEqual(created.body);
    expect(got.headers.get('etag')).toBe('"1"');
    const missing = await api<ApiErrorBody>(server.url, 'GET', '/calls/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('changes priority and appends a note, and refuses a stale If-Match with 409 saying who changed it', async () => {
    const created = await post({ nature: 'NOISE', priority: 5, location });
    const id = created.body.id;
    const ok = await api<Call>(server.url, 'PATCH', `/calls/${id}`, { priority: 3, note: 'Caller called back' }, { 'If-Match': '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, priority: 3 });
    expect(ok.body.notes.map((n) => n.text)).toEqual(['Caller called back']);

    const stale = await api<ApiErrorBody>(server.url, 'PATCH', `/calls/${id}`, { priority: 1 }, { 'If-Match': '1' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('conflict');
    expect(stale.body.error.message).toMatch(/changed by ingest:env-1 .* ago/);
    expect((await api<Call>(server.url, 'GET', `/calls/${id}`)).body.priority).toBe(3);
  });

  it('sets and clears the MH flag by hand, recording the reason', async () => {
    const { body: call } = await post({ nature: 'THEFT', priority: 4, location });
    const flagged = await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { mhFlag: { flagged: true, reason: 'caller sounds confused' } });
    expect(flagged.body.mh).toMatchObject({ flagged: true, reasons: ['dispatcher'] });
    const noReason = await api<ApiErrorBody>(server.url, 'PATCH', `/calls/${call.id}`, { mhFlag: { flagged: false } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('mhFlag.reason');
    const cleared = await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { mhFlag: { flagged: false, reason: 'it was a prank' } });
    expect(cleared.body.mh.flagged).toBe(false);
    expect(cleared.body.timeline.at(-1)).toMatchObject({ kind: 'unflagged', text: 'Mental-health flag cleared: it was a prank' });
  });

  it('refuses a forbidden status change naming the allowed ones', async () => {
    const { body: call } = await post({ nature: 'THEFT', priority: 4, location });
    const res = await api<ApiErrorBody>(server.url, 'PATCH', `/calls/${call.id}`, { status: 'onscene' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('transition_forbidden');
    expect(res.body.error.message).toContain('pending');
  });
});

describe('units and assignments', () => {
  it('creates, replaces and moves a unit', async () => {
    const created = await api<Unit>(server.url, 'PUT', '/units/star-1', {
      callsign: 'STAR1',
      type: 'crisis_team',
      capabilities: { clinician: true, paramedic: true },
      shift: { start: '06:00', end: '22:00' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'available', version: 1, position: null, capabilities: { clinician: true, paramedic: true, cit: false } });
    const replaced = await api<Unit>(server.url, 'PUT', '/units/star-1', { callsign: 'STAR-1', type: 'crisis_team' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ callsign: 'STAR-1', version: 2, capabilities: { clinician: true } });
    const moved = await api<Unit>(server.url, 'POST', '/units/star-1/position', { lat: 39.7, lon: -104.9, heading: 90, at: '2026-11-27T10:00:00Z' });
    expect(moved.body.position).toEqual({ lat: 39.7, lon: -104.9, heading: 90, at: Date.parse('2026-11-27T10:00:00Z') });
    expect(moved.body.version).toBe(2); // positions do not make a unit's version stale
  });

  it('refuses a status change the table forbids, naming the allowed ones', async () => {
    await api(server.url, 'PUT', '/units/law-5', { callsign: '1A5', type: 'law' });
    const res = await api<ApiErrorBody>(server.url, 'POST', '/units/law-5/status', { status: 'transporting' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('unit 1A5 cannot go from available to transporting; allowed: dispatched, out_of_service, off_duty');
    expect(res.body.error.details).toMatchObject({ allowed: ['dispatched', 'out_of_service', 'off_duty'] });
  });

  it('runs a call from assignment to closed, rolling unit progress up to the call', async () => {
    await api(server.url, 'PUT', '/units/cr-1', { callsign: 'CR1', type: 'co_responder' });
    const { body: call } = await post({ nature: 'EDP', priority: 2, location });
    const assigned = await api<{ call: Call; unit: Unit }>(server.url, 'POST', `/calls/${call.id}/assignments`, { unitId: 'cr-1' });
    expect(assigned.status).toBe(201);
    expect(assigned.body.call.status).toBe('dispatched');
    expect(assigned.body.unit).toMatchObject({ status: 'dispatched', currentCallId: call.id });

    await api(server.url, 'POST', '/units/cr-1/status', { status: 'enroute' });
    expect((await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body.status).toBe('enroute');
    await api(server.url, 'POST', '/units/cr-1/status', { status: 'onscene' });
    expect((await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body.status).toBe('onscene');

    const closed = await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { status: 'closed', disposition: 'resolved_on_scene' });
    expect(closed.body).toMatchObject({ status: 'closed', assignedUnitIds: [] });
    expect((await api<Unit>(server.url, 'GET', '/units/cr-1')).body).toMatchObject({ status: 'available', currentCallId: null });

    const state = (await api<Snapshot>(server.url, 'GET', '/state')).body;
    expect(state.calls.some((c) => c.id === call.id)).toBe(false);
  });

  it('returns a call to pending when its last unit is unassigned', async () => {
    await api(server.url, 'PUT', '/units/law-6', { callsign: '1A6', type: 'law' });
    const { body: call } = await post({ nature: 'ASSAULT', priority: 1, location });
    await api(server.url, 'POST', `/calls/${call.id}/assignments`, { unitId: 'law-6' });
    const res = await api<{ call: Call; unit: Unit }>(server.url, 'DELETE', `/calls/${call.id}/assignments/law-6`);
    expect(res.status).toBe(200);
    expect(res.body.call).toMatchObject({ status: 'pending', assignedUnitIds: [] });
    expect(res.body.unit).toMatchObject({ status: 'available', currentCallId: null });
  });

  it('refuses an assignment made on a stale view of the unit', async () => {
    const unit = (await api<Unit>(server.url, 'PUT', '/units/law-7', { callsign: '1A7', type: 'law' })).body;
    await api(server.url, 'POST', '/units/law-7/status', { status: 'out_of_service' });
    await api(server.url, 'POST', '/units/law-7/status', { status: 'available' });
    const { body: call } = await post({ nature: 'THEFT', priority: 3, location });
    const res = await api<ApiErrorBody>(server.url, 'POST', `/calls/${call.id}/assignments`, { unitId: 'law-7', expectedVersion: unit.version });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/unit 1A7 was changed by ingest:env-1/);
  });

  it('reassigns a busy unit (supervisor or integration, not a dispatcher), and both calls record it', async () => {
    const unit = (await api<Unit>(server.url, 'PUT', '/units/law-8', { callsign: '1A8', type: 'law', position: location })).body;
    const { body: first } = await post({ nature: 'THEFT', priority: 4, location });
    const { body: urgent } = await post({ nature: 'ASSAULT', priority: 1, location });
    const assigned = (await api<{ unit: Unit }>(server.url, 'POST', `/calls/${first.id}/assignments`, { unitId: 'law-8' })).body.unit;
    expect(assigned.version).toBe(unit.version + 1);

    const dispatcher = await server.signIn('dispatcher', 'rest-dan');
    const refused = await api<ApiErrorBody>(
      server.url,
      'POST',
      '/units/law-8/reassign',
      { toCallId: urgent.id, expectedUnitVersion: assigned.version },
      { cookie: dispatcher },
    );
    expect(refused.status).toBe(403);

    const supervisor = await server.signIn('supervisor', 'rest-sue');
    const moved = await api<{ unit: Unit; fromCall: Call; toCall: Call }>(
      server.url,
      'POST',
      '/units/law-8/reassign',
      { toCallId: urgent.id, expectedUnitVersion: assigned.version, reason: 'P1 assault next door' },
      { cookie: supervisor },
    );
    expect(moved.status).toBe(200);
    expect(moved.body.unit.currentCallId).toBe(urgent.id);
    expect(moved.body.fromCall).toMatchObject({ id: first.id, status: 'pending', assignedUnitIds: [] });
    expect(moved.body.toCall.assignedUnitIds).toEqual(['law-8']);
    expect(moved.body.fromCall.timeline.map((t) => t.text).join('\n')).toMatch(/P1 assault next door/);
    expect(moved.body.toCall.timeline.map((t) => t.text).join('\n')).toMatch(/P1 assault next door/);

    // A stale view of the unit is refused, as on the board.
    const stale = await api<ApiErrorBody>(
      server.url,
      'POST',
      '/units/law-8/reassign',
      { toCallId: first.id, expectedUnitVersion: assigned.version },
      { cookie: supervisor },
    );
    expect(stale.status).toBe(409);
  });

  it('checks a team in and sends police backup to a team on scene', async () => {
    await api(server.url, 'PUT', '/units/star-9', { callsign: 'STAR9', type: 'crisis_team', position: location });
    await api(server.url, 'PUT', '/units/law-9', { callsign: '1A9', type: 'law', position: { lat: location.lat + 0.01, lon: location.lon } });
    const { body: call } = await post({ nature: 'WELFARE', priority: 3, location, weapons: 'no', violence: 'no' });
    await api(server.url, 'POST', `/calls/${call.id}/assignments`, { unitId: 'star-9' });
    await api(server.url, 'POST', '/units/star-9/status', { status: 'enroute' });
    await api(server.url, 'POST', '/units/star-9/status', { status: 'onscene' });

    const checkedIn = await api<Unit>(server.url, 'POST', '/units/star-9/check-in');
    expect(checkedIn.status).toBe(200);
    expect(checkedIn.body.lastCheckInAt).toEqual(expect.any(Number));

    const backup = await api<{ call: Call; unit: Unit }>(server.url, 'POST', `/calls/${call.id}/backup`);
    expect(backup.status).toBe(201);
    expect(backup.body.unit).toMatchObject({ type: 'law', currentCallId: call.id });
    expect(backup.body.call.assignedUnitIds).toEqual(expect.arrayContaining(['star-9', backup.body.unit.id]));
  });
});

describe('state and health', () => {
  it('serves the whole live state with its sequence number', async () => {
    const before = server.app.feed.projection.seq;
    const res = await api<Snapshot>(server.url, 'GET', '/state');
    expect(res.status).toBe(200);
    // The present when it was asked: the recommender may commit advice a moment later.
    expect(res.body.seq).toBeGreaterThanOrEqual(before);
    expect(res.body.seq).toBeLessThanOrEqual(server.app.feed.projection.seq);
    expect(res.body.units.length).toBeGreaterThan(0);
  });

  it("gives an integration whole calls (its external id included), a screen's session only summaries", async () => {
    const created = (await post({ nature: 'THEFT', priority: 4, location, externalId: 'cad-state-1', notes: 'bike taken from the rack' })).body;
    // /state is the live projection, which follows the commit a moment later.
    let whole: Call | undefined;
    await until('the call in /state', async () => {
      whole = (await api<{ calls: Call[] }>(server.url, 'GET', '/state')).body.calls.find((c) => c.id === created.id);
      return whole !== undefined;
    });
    if (!whole) throw new Error('unreachable: until() resolved without the call');
    expect(whole.externalId).toBe('cad-state-1');
    expect(whole.notes.map((n) => n.text)).toEqual(['bike taken from the rack']);
    const asBoard = await api<{ calls: Record<string, unknown>[] }>(server.url, 'GET', '/state', undefined, { cookie: server.cookie });
    const summary = asBoard.body.calls.find((c) => c.id === created.id)!;
    expect(summary).not.toHaveProperty('notes');
    expect(summary).not.toHaveProperty('externalId');
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, redis: 'up' });
  });

  it('sends security headers, with a CSP that lets the configured map tiles load and nothing else', async () => {
    const res = await fetch(`${server.url}/api/v1/config`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/img-src 'self' data: https:\/\/tile\.openstreetmap\.org/);
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('describes itself in an OpenAPI document generated from the validation schemas', async () => {
    const doc = (
      await api<{
        openapi: string;
        paths: Record<
          string,
          Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } }>
        >;
      }>(server.url, 'GET', '/openapi.json')
    ).body;
    expect(doc.openapi).toBe('3.1.0');
    const create = doc.paths['/calls']!.post!.requestBody!.content['application/json']!.schema;
    expect(create.required).toEqual(['nature', 'priority', 'location']);
    expect(Object.keys(create.properties)).toContain('externalId');
  });

  it('exposes counts (and nothing identifying) as Prometheus metrics, to an ingest key or an admin only', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const dispatcher = await server.signIn('dispatcher', 'metrics-dora');
    expect((await fetch(`${server.url}/metrics`, { headers: { cookie: dispatcher } })).status).toBe(403);
    const admin = await server.signIn('admin', 'metrics-ada');
    expect((await fetch(`${server.url}/metrics`, { headers: { cookie: admin } })).status).toBe(200);
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.ingestKey}` } })).text();
    expect(text).toContain('# TYPE tandem_open_calls gauge');
    expect(text).toMatch(/^tandem_sequence \d+$/m);
    expect(text).toMatch(/^tandem_units\{status="available"\} \d+$/m);
    expect(text).not.toMatch(/Bannock|303-555/);
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await api<ApiErrorBody>(server.url, 'GET', '/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('bodies the server cannot read', () => {
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${server.url}/api/v1/calls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.ingestKey}`, 'content-type': 'application/json', ...headers },
      body,
    });

  it('answers a corrupt gzip, deflate or br body with 400 saying what to check, never 500', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const res = await post('this is not compressed at all, whatever the header says', { 'content-encoding': encoding });
      const body = (await res.json()) as ApiErrorBody;
      expect(res.status, encoding).toBe(400);
      expect(body.error.code).toBe('bad_request');
      expect(body.error.message).toMatch(/^the body could not be read .*check its Content-Encoding/);
    }
  });

  it('answers an encoding it does not read with 415 and what to send', async () => {
    const res = await post('{}', { 'content-encoding': 'compress' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ApiErrorBody).error).toMatchObject({ code: 'unsupported_encoding', message: expect.stringMatching(/send UTF-8 JSON/) });
    const latin = await post('{}', { 'content-type': 'application/json; charset=koi8-r' });
    expect(latin.status).toBe(415);
  });
});

describe('bounded notes', () => {
  it('refuses the 301st note of a call with a 400 naming the limit, and keeps the 300', async () => {
    const call = (await post({ nature: 'WELFARE', priority: 3, location })).body;
    for (let i = 0; i < 30; i++) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => api(server.url, 'PATCH', `/calls/${call.id}`, { note: `note ${i * 10 + j + 1}` })));
      expect(batch.map((r) => r.status)).toEqual(Array(10).fill(200));
    }
    const refused = await api<ApiErrorBody>(server.url, 'PATCH', `/calls/${call.id}`, { note: 'one too many' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/already has 300 notes, the most a call holds \(300\)/);
    const kept = (await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body;
    expect(kept.notes).toHaveLength(300);
    expect(kept.notes.some((n) => n.text === 'one too many')).toBe(false);
  });

  it("refuses a note that would take a call's notes past 120,000 characters, saying how many it has", async () => {
    const call = (await post({ nature: 'WELFARE', priority: 3, location })).body;
    for (let i = 0; i < 60; i++) expect((await api(server.url, 'PATCH', `/calls/${call.id}`, { note: `${i} `.padEnd(2000, 'x') })).status).toBe(200);
    const refused = await api<ApiErrorBody>(server.url, 'PATCH', `/calls/${call.id}`, { note: 'a little more' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/notes would pass 120,000 characters in all \(they have 120,000\)/);
  });
});

describe('co-response outcomes', () => {
  it('closes a call with each co-response disposition, and refuses one it does not know', async () => {
    for (const disposition of [
      'police_not_needed',
      'resolved_by_clinician',
      'transported_crisis_center',
      'transported_detox',
      'referred_988',
      'emergency_hold',
    ]) {
      const call = (await post({ nature: 'EDP', priority: 2, location })).body;
      const closed = await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { status: 'closed', disposition });
      expect(closed.status, disposition).toBe(200);
      expect(closed.body).toMatchObject({ status: 'closed', disposition });
    }
    const call = (await post({ nature: 'EDP', priority: 2, location })).body;
    const bad = await api<ApiErrorBody>(server.url, 'PATCH', `/calls/${call.id}`, { status: 'closed', disposition: 'sent_home' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/disposition/);
  });
});

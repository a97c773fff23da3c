import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { ApiErrorBody } from '../../shared/errors';
import type { ProfileImportResult, ProfileResponse, ProfileStatus } from '../../shared/profile';
import type { Role } from '../../shared/roles';
import type { AuditRecord } from '../../server/auth/audit-log';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

let redis: TestRedis;
/** Two instances on one Redis, as in production: both link calls, exactly one may win. */
let server: TestServer;
let twin: TestServer;
/** An instance of its own (own key prefix) whose grants last 1.5 s, for expiry. */
let short: TestServer;
const cookies = new Map<TestServer, Record<Role, string>>();

const SAMPLES = JSON.parse(readFileSync('server/sim/sample-profiles.json', 'utf8')) as { id: string }[];
const sample = (id: string) => SAMPLES.find((s) => s.id === id)!;
const location = { lat: 39.74, lon: -104.98 };

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  twin = await startTestServer(redis.url);
  short = await startTestServer(redis.url, { KEY_PREFIX: 'short:' }, { profileGrants: { ttlMs: 1500, extendMs: 60_000 } });
  for (const s of [server, short]) {
    const c = {} as Record<Role, string>;
    for (const role of ['wall', 'dispatcher', 'supervisor', 'coordinator', 'admin'] as const) c[role] = await s.signIn(role, `p-${role}`);
    cookies.set(s, c);
  }
  const imported = await api<ProfileImportResult>(server.url, 'POST', '/profiles', SAMPLES);
  expect(imported.body).toMatchObject({ imported: SAMPLES.length, failed: 0 });
  expect((await api(short.url, 'POST', '/profiles', sample('demo-alvarez'))).status).toBe(200);
});
afterAll(async () => {
  for (const s of [short, twin, server]) await s?.close();
  await redis?.stop();
});

const as = (s: TestServer, role: Role) => ({ cookie: cookies.get(s)![role] });
const ingest = (s: TestServer) => ({ authorization: `Bearer ${s.ingestKey}` });

/** Polls until `check` holds: the linker works off the live feed, a moment after the call is committed. */
async function until<T>(what: string, get: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    // Not faster: a person's profile-status lookups are limited (300 a minute).
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function status(s: TestServer, callId: string): Promise<ProfileStatus> {
  const res = await api<ProfileStatus>(s.url, 'GET', `/calls/${callId}/profile/status`, undefined, as(s, 'dispatcher'));
  if (res.status !== 200) throw new Error(`profile status answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
const view = (s: TestServer, callId: string, who: Record<string, string>) =>
  api<ProfileResponse & ApiErrorBody>(s.url, 'GET', `/calls/${callId}/profile`, undefined, who);
const audit = (s: TestServer, query: string) => api<AuditRecord[]>(s.url, 'GET', `/admin/audit?${query}`, undefined, as(s, 'admin')).then((r) => r.body);

async function linkedCall(s: TestServer, callerPhone: string, nature = 'THEFT'): Promise<Call> {
  const { body: call } = await api<Call>(s.url, 'POST', '/calls', { nature, priority: 3, location, callerPhone }, ingest(s));
  await until(
    'the grant',
    () => status(s, call.id),
    (st) => st.available,
  );
  return call;
}

describe('import', () => {
  it('validates each record on its own and says what is wrong with the bad ones', async () => {
    const res = await api<ProfileImportResult>(server.url, 'POST', '/profiles', [
      { ...sample('demo-nguyen'), accessNotes: ['Buzzer 4C, code 1234'] },
      { id: 'bad', verifiedPhones: ['911'], household: [], consent: { shareWithResponders: true, shareClinical: true } },
      { ...sample('demo-walker'), id: 'demo-thief' }, // claims a phone another household verified
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 1, failed: 2 });
    expect(res.body.results[0]).toMatchObject({ id: 'demo-nguyen', ok: true, created: false });
    expect(res.body.results[1]).toMatchObject({ id: 'bad', ok: false, error: { code: 'bad_request' } });
    expect(JSON.stringify(res.body.results[1])).toContain('verifiedPhones.0');
    expect(res.body.results[2]).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('demo-walker') } });
    const [record] = await audit(server, 'type=profile.import');
    expect(record).toMatchObject({ component: 'profiles', outcome: 'success', actor: expect.stringMatching(/^ingest:/) });
  });

  it('is for integrations and administrators only', async () => {
    const res = await api(server.url, 'POST', '/profiles', sample('demo-okafor'), as(server, 'dispatcher'));
    expect(res.status).toBe(403);
    expect((await api(server.url, 'POST', '/profiles', sample('demo-okafor'), as(server, 'admin'))).status).toBe(200);
  });

  it('deletes a profile and its phone index when a resident withdraws', async () => {
    const record = {
      id: 'withdrawn',
      verifiedPhones: ['303-555-0111'],
      household: [{ name: 'Sam' }],
      consent: { shareWithResponders: true, shareClinical: true },
    };
    expect((await api(server.url, 'POST', '/profiles', record)).status).toBe(200);
    expect((await api(server.url, 'DELETE', '/profiles/withdrawn')).status).toBe(204);
    expect(await server.app.profiles.profiles.findByPhone('303-555-0111')).toBeNull();
    expect((await api(server.url, 'DELETE', '/profiles/withdrawn')).status).toBe(404);
    expect((await api(server.url, 'POST', '/profiles', { ...record, id: 'reuses-phone' })).status).toBe(200);
  });
});

describe('a call from a verified phone', () => {
  it('gets a 45-minute grant and the MH flag (reason profile), once, with no profile data in the call or the stream', async () => {
    const call = await linkedCall(server, '+1 (303) 555-0142');
    const pttl = await server.redis.pTTL(server.app.store.keys.grant(call.id));
    expect(pttl).toBeGreaterThan(44 * 60_000);
    expect(pttl).toBeLessThanOrEqual(45 * 60_000);
    const flagged = await until(
      'the flag',
      () => api<Call>(server.url, 'GET', `/calls/${call.id}`).then((r) => r.body),
      (c) => c.mh.reasons.includes('profile'),
    );
    expect(flagged.mh.flagged).toBe(true);
    await Promise.all([server.app.profileLinker.idle(), twin.app.profileLinker.idle()]);
    const final = (await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body;
    expect(final.timeline.filter((t) => t.text === 'Flagged mental-health: safety profile on file')).toHaveLength(1);
    const stream = JSON.stringify(await server.redis.xRange(server.app.store.keys.stream, '-', '+'));
    for (const secret of ['Schizophrenia', 'Risperidone', 'Luna', 'Broncos']) expect(stream).not.toContain(secret);
  });

  it('is linked but not flagged when the profile notes no mental-health condition', async () => {
    const call = await linkedCall(server, '720-555-0118');
    await server.app.profileLinker.idle();
    expect((await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body.mh.reasons).not.toContain('profile');
  });

  it('is not flagged when the resident withheld clinical details', async () => {
    const call = await linkedCall(server, '303-555-0163');
    await server.app.profileLinker.idle();
    expect((await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body.mh.flagged).toBe(false);
  });

  it('from an unknown phone has no profile, and asking for one is refused and audited', async () => {
    const { body: call } = await api<Call>(server.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location, callerPhone: '303-555-0199' });
    await server.app.profileLinker.idle();
    expect(await status(server, call.id)).toEqual({ linked: false, available: false });
    const res = await view(server, call.id, as(server, 'dispatcher'));
    expect(res.status).toBe(404);
    expect((await audit(server, `type=profile.denied&subject=${call.id}`)).length).toBe(1);
  });
});

describe('viewing a profile from its call', () => {
  let call: Call;
  beforeAll(async () => {
    call = await linkedCall(server, '303-555-0142');
  });

  it('shows a dispatcher and a supervisor the safety fields, without diagnoses or medications', async () => {
    for (const role of ['dispatcher', 'supervisor'] as const) {
      const res = await view(server, call.id, as(server, role));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body.grant.expiresAt).toBeGreaterThan(Date.now());
      const mateo = res.body.profile.household[0]!;
      expect(mateo.sensoryTriggers).toContain('No sirens or flashing lights on approach');
      expect(mateo.deescalation.length).toBeGreaterThan(0);
      expect(mateo.medications).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toMatch(/Risperidone|Schizophrenia|Penicillin/);
      expect(res.body.profile.emergencyContacts).toBeUndefined();
    }
  });

  it('shows a coordinator the clinical fields', async () => {
    const res = await view(server, call.id, as(server, 'coordinator'));
    expect(res.body.profile.scope).toBe('clinical');
    expect(res.body.profile.household[0]).toMatchObject({
      conditions: [{ name: 'Schizophrenia', mentalHealth: true }],
      medications: ['Risperidone 2 mg nightly'],
    });
    expect(res.body.profile.emergencyContacts).toHaveLength(1);
  });

  it('refuses the wall, an integration and an administrator, and anyone not signed in', async () => {
    for (const who of [as(server, 'wall'), ingest(server), as(server, 'admin')]) {
      const res = await view(server, call.id, who);
      expect(res.status).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('Mateo');
    }
    expect((await view(server, call.id, { cookie: 'none=1' })).status).toBe(401);
    expect((await api(server.url, 'GET', `/calls/${call.id}/profile/status`, undefined, as(server, 'wall'))).status).toBe(403);
  });

  it('audits every view and every refusal, with who, which call, which profile and why', async () => {
    const views = await audit(server, `type=profile.view&subject=${call.id}`);
    expect(views.map((v) => v.actor).sort()).toEqual(['p-coordinator', 'p-dispatcher', 'p-supervisor']);
    expect(views.every((v) => v.outcome === 'success' && v.detail?.includes('profile demo-alvarez'))).toBe(true);
    const denials = await audit(server, `type=profile.denied&subject=${call.id}`);
    expect(denials.map((d) => d.actor).sort()).toEqual(['ingest:env-1', 'p-admin', 'p-wall']);
    expect(denials.every((d) => d.outcome === 'denied' && /may not see safety profiles/.test(d.detail ?? ''))).toBe(true);
  });

  it('ends when the call closes: refused, and the refusal audited', async () => {
    const closed = await api(server.url, 'PATCH', `/calls/${call.id}`, { status: 'closed', disposition: 'resolved_on_scene' });
    expect(closed.status).toBe(200);
    // Still linked (so reopening opens no fresh grant), no longer available.
    await until(
      'the revoke',
      () => status(server, call.id),
      (st) => st.linked && !st.available,
    );
    const res = await view(server, call.id, as(server, 'coordinator'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/closed; access to its caller's safety profile ended/);
    expect((await api(server.url, 'POST', `/calls/${call.id}/profile/extend`, { reason: 'follow-up' }, as(server, 'supervisor'))).status).toBe(403);
    const [denial] = await audit(server, `type=profile.denied&subject=${call.id}&actor=p-coordinator`);
    expect(denial).toMatchObject({ outcome: 'denied', detail: expect.stringContaining('closed') });
  });
});

describe('grant expiry and extension', () => {
  it('refuses once the grant expires, audits it, and lets a supervisor extend it with a reason', async () => {
    const { body: call } = await api<Call>(short.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location, callerPhone: '303-555-0142' }, ingest(short));
    await until(
      'the link',
      () => status(short, call.id),
      (st) => st.linked,
    );
    await until(
      'the expiry',
      () => status(short, call.id),
      (st) => st.linked && !st.available,
    );

    const expired = await view(short, call.id, as(short, 'dispatcher'));
    expect(expired.status).toBe(403);
    expect(expired.body.error.message).toBe("access to this caller's safety profile ended when the grant expired; a supervisor can extend it");
    const [denial] = await audit(short, `type=profile.denied&subject=${call.id}`);
    expect(denial).toMatchObject({ actor: 'p-dispatcher', outcome: 'denied', detail: expect.stringContaining('expired') });

    const byDispatcher = await api<ApiErrorBody>(short.url, 'POST', `/calls/${call.id}/profile/extend`, { reason: 'still on scene' }, as(short, 'dispatcher'));
    expect(byDispatcher.status).toBe(403);
    const noReason = await api<ApiErrorBody>(short.url, 'POST', `/calls/${call.id}/profile/extend`, {}, as(short, 'supervisor'));
    expect(noReason.status).toBe(400);

    const extended = await api<{ grant: { expiresAt: number; extendedBy: string } }>(
      short.url,
      'POST',
      `/calls/${call.id}/profile/extend`,
      { reason: 'crisis team still on scene' },
      as(short, 'supervisor'),
    );
    expect(extended.status).toBe(200);
    expect(extended.body.grant).toMatchObject({ extendedBy: 'p-supervisor' });
    expect(extended.body.grant.expiresAt).toBeGreaterThan(Date.now() + 50_000);
    const again = await view(short, call.id, as(short, 'dispatcher'));
    expect(again.status).toBe(200);
    expect(again.body.grant.expiresAt).toBe(extended.body.grant.expiresAt);

    const extensions = await audit(short, `type=profile.grant.extend&subject=${call.id}`);
    expect(extensions.map((e) => [e.actor, e.outcome])).toEqual([
      ['p-supervisor', 'success'],
      ['p-dispatcher', 'denied'],
    ]);
    expect(extensions[0]!.detail).toContain('crisis team still on scene');
  });
});

describe('only a real 911 call opens a profile (issue: trusted source, one grant per incident)', () => {
  it('opens nothing for a phone typed on the board: no link, no flag, and a view is refused', async () => {
    const typed = await api<Call>(
      server.url,
      'POST',
      '/calls',
      { nature: 'NOISE', priority: 4, location, callerPhone: '303-555-0142' },
      as(server, 'dispatcher'),
    );
    expect(typed.status).toBe(201);
    expect(typed.body.callerPhoneSource).toBe('board');
    await Promise.all([server.app.profileLinker.idle(), twin.app.profileLinker.idle()]);
    expect(await status(server, typed.body.id)).toEqual({ linked: false, available: false });
    expect((await view(server, typed.body.id, as(server, 'coordinator'))).status).toBe(404);
    const after = (await api<Call>(server.url, 'GET', `/calls/${typed.body.id}`)).body;
    expect(after.mh.reasons).not.toContain('profile');
  });

  it('does not renew an expired grant for a new call from the same household within the window', async () => {
    const first = (await api<Call>(short.url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location, callerPhone: '303-555-0142' }, ingest(short))).body;
    await until(
      'the first call linked and its time up',
      () => status(short, first.id),
      (st) => st.linked && !st.available,
    );
    const again = (await api<Call>(short.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location, callerPhone: '303-555-0142' }, ingest(short))).body;
    await until(
      'the second call linked',
      () => status(short, again.id),
      (st) => st.linked,
    );
    await short.app.profileLinker.idle();
    expect(await status(short, again.id)).toEqual({ linked: true, available: false });
    expect((await view(short, again.id, as(short, 'dispatcher'))).body.error.message).toMatch(/ended when the grant expired; a supervisor can extend it/);
  });

  it('does not open a fresh grant when a closed call is reopened; a supervisor may extend it with a reason', async () => {
    const call = await linkedCall(server, '720-555-0118', 'WELFARE');
    const closed = (await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { status: 'closed', disposition: 'resolved_on_scene' })).body;
    await until(
      'access ended',
      () => status(server, call.id),
      (st) => !st.available,
    );
    const reopened = await api<Call>(
      server.url,
      'PATCH',
      `/calls/${call.id}`,
      { status: 'pending', reason: 'caller rang back' },
      { ...as(server, 'supervisor'), 'if-match': String(closed.version) },
    );
    expect(reopened.status).toBe(200);
    await Promise.all([server.app.profileLinker.idle(), twin.app.profileLinker.idle()]);
    expect(await status(server, call.id)).toEqual({ linked: true, available: false });
    const extended = await api(server.url, 'POST', `/calls/${call.id}/profile/extend`, { reason: 'crisis again, same household' }, as(server, 'supervisor'));
    expect(extended.status).toBe(200);
    expect((await status(server, call.id)).available).toBe(true);
  });

  it('keeps a flag that came only from the profile off the wall, and audits status lookups', async () => {
    const key = (await api<{ secret: string }>(server.url, 'POST', '/admin/keys', { kind: 'display', name: 'profile wall' }, as(server, 'admin'))).body.secret;
    const entry = await fetch(`${server.url}/wall?key=${key}`, { redirect: 'manual' });
    const wall = new TestLiveClient(server.url, { cookie: entry.headers.get('set-cookie')!.split(';')[0]! });
    const board = new TestLiveClient(server.url, { cookie: as(server, 'dispatcher').cookie });
    try {
      // A noise complaint from the household on file: the board learns it is MH-related from the profile.
      const call = (await api<Call>(server.url, 'POST', '/calls', { nature: 'NOISE', priority: 4, location, callerPhone: '303-555-0142' }, ingest(server)))
        .body;
      await board.waitFor('the profile flag on the board', (s) => s.calls.get(call.id)?.mh.flagged === true);
      await wall.waitFor(
        'the call on the wall at the flagged version',
        (s) => (s.calls.get(call.id)?.version ?? 0) >= board.state!.calls.get(call.id)!.version,
      );
      expect(wall.state!.calls.get(call.id)!.mh.flagged).toBe(false);
      // A dispatcher who confirms it by hand makes it the floor's business.
      await api(server.url, 'PATCH', `/calls/${call.id}`, { mhFlag: { flagged: true, reason: 'confirmed with the caller' } }, as(server, 'dispatcher'));
      await wall.waitFor('the confirmed flag on the wall', (s) => s.calls.get(call.id)?.mh.flagged === true);
    } finally {
      wall.close();
      board.close();
    }
    const lookups = await audit(server, 'type=profile.status&actor=p-dispatcher&limit=1000');
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups[0]).toMatchObject({ component: 'profiles', outcome: 'success', detail: expect.stringMatching(/^call \d{4}-\d{6}: /) });
  });
});

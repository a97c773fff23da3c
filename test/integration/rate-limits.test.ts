import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/admin';
import type { Call } from '../../shared/call';
import type { ApiErrorBody } from '../../shared/errors';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';

/**
 * The limits a busy or hostile client runs into: a board's burst of socket commands, failed
 * sign-ins from one client address, and the per-account lockout. The server trusts a proxy on
 * loopback (TRUST_PROXY=loopback), so each test can speak from its own client address with
 * X-Forwarded-For, as a deployment behind a TLS proxy sees its clients.
 */
let redis: TestRedis;
let server: TestServer;
let admin: string;
const clients: TestLiveClient[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, { TRUST_PROXY: 'loopback', SESSION_CHANGE_BURST: '30' });
  admin = await server.signIn('admin', 'ada-limits');
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close();
  await redis?.stop();
});

const location = { lat: 39.74, lon: -104.98 };
const newCall = async (): Promise<Call> => (await api<Call>(server.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location })).body;
const audit = async (q: string) => (await api<AuditRecord[]>(server.url, 'GET', `/admin/audit?${q}`, undefined, { cookie: admin })).body;

async function board(cookie: string): Promise<TestLiveClient> {
  const c = new TestLiveClient(server.url, { cookie });
  clients.push(c);
  await c.waitFor('snapshot', () => true);
  return c;
}

/** A sign-in attempt from a client address (as the proxy reports it), without the ingest key api() adds by default. */
const signInFrom = (address: string, username: string, password: string) =>
  api<ApiErrorBody>(server.url, 'POST', '/session', { username, password }, { cookie: '', 'x-forwarded-for': address });

describe('socket command rate limit', () => {
  it('refuses a board past its burst of 30 commands with rate_limited, audits each refusal, and changes nothing for them', async () => {
    const a = await board(await server.signIn('dispatcher', 'rita-rapid'));
    const calls = await Promise.all(Array.from({ length: 35 }, () => newCall()));

    // 35 notes at once, each on its own call: the first 30 are the burst, the last 5 are over it.
    const acks = await Promise.all(calls.map((c, i) => a.socket.emitWithAck('call:note', { callId: c.id, text: `burst note ${i}` })));
    expect(acks.slice(0, 30).map((ack) => (ack.ok ? 'ok' : ack.error.code))).toEqual(Array(30).fill('ok'));
    for (const ack of acks.slice(30)) {
      expect(ack).toEqual({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/wait a moment and try again/) } });
    }

    // Another dispatcher's board is not held back by the first one's burst.
    const b = await board(await server.signIn('dispatcher', 'bo-calm'));
    const other = await b.socket.emitWithAck('call:note', { callId: calls[0]!.id, text: 'from the calm board' });
    expect(other.ok).toBe(true);

    // The refused commands did nothing; the accepted ones did.
    const refusedIds = calls.slice(30).map((c) => c.id);
    for (const id of refusedIds) expect((await api<Call>(server.url, 'GET', `/calls/${id}`)).body.notes).toEqual([]);
    expect((await api<Call>(server.url, 'GET', `/calls/${calls[29]!.id}`)).body.notes.map((n) => n.text)).toEqual(['burst note 29']);

    // Each refusal is in the audit trail, denied, naming the command and the call it was for.
    let denied: AuditRecord[] = [];
    await until('the five refusals in the audit trail', async () => {
      denied = (await audit('type=command&actor=rita-rapid&limit=1000')).filter((r) => r.outcome === 'denied');
      return denied.length >= 5;
    });
    expect(denied).toHaveLength(5);
    expect(denied.every((r) => r.component === 'socket' && /^call:note: rate_limited/.test(r.detail ?? ''))).toBe(true);
    expect(denied.map((r) => r.subject).sort()).toEqual([...refusedIds].sort());
  });

  it('lets a board command again once its burst has passed', async () => {
    const a = await board(await server.signIn('dispatcher', 'wendy-waits'));
    const calls = await Promise.all(Array.from({ length: 31 }, () => newCall()));
    const acks = await Promise.all(calls.map((c) => a.socket.emitWithAck('call:note', { callId: c.id, text: 'burst' })));
    expect(acks.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });

    // "Wait a moment and try again": refused tries do not count, so retrying gets through within the window.
    const retry = { callId: calls.at(-1)!.id, text: 'after waiting' };
    await until('a command accepted again', async () => (await a.socket.emitWithAck('call:note', retry)).ok, 30_000, 500);
    const call = (await api<Call>(server.url, 'GET', `/calls/${retry.callId}`)).body;
    expect(call.notes.map((n) => n.text)).toEqual(['after waiting']);
  }, 60_000);
});

describe('limits per session, not per connection', () => {
  it('counts REST and socket changes of one session together, and a reconnect gets no new allowance', async () => {
    const cookie = await server.signIn('dispatcher', 'sid-shared');
    const calls = await Promise.all(Array.from({ length: 32 }, () => newCall()));
    // 20 notes over REST, as the board's fetches send them...
    for (let i = 0; i < 20; i++) expect((await api(server.url, 'PATCH', `/calls/${calls[i]!.id}`, { note: `rest ${i}` }, { cookie })).status).toBe(200);
    // ...then 10 over a socket: the 30 of the burst are used up.
    const first = await board(cookie);
    for (let i = 20; i < 30; i++) expect((await first.socket.emitWithAck('call:note', { callId: calls[i]!.id, text: `socket ${i}` })).ok).toBe(true);
    // A new connection of the same session is still over the limit, and so is REST.
    first.close();
    const second = await board(cookie);
    expect(await second.socket.emitWithAck('call:note', { callId: calls[30]!.id, text: 'after reconnecting' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    const rest = await api<ApiErrorBody>(server.url, 'PATCH', `/calls/${calls[31]!.id}`, { note: 'over REST' }, { cookie });
    expect(rest.status).toBe(429);
    expect(rest.body.error.message).toMatch(/too many changes at once from this session or key; wait a moment and try again/);
    // Another person's session has its own allowance.
    const other = await server.signIn('dispatcher', 'sid-other');
    expect((await api(server.url, 'PATCH', `/calls/${calls[31]!.id}`, { note: 'from a colleague' }, { cookie: other })).status).toBe(200);
  });

  it('answers state:resume past 6 in 30 s with the snapshot instead of a replay', async () => {
    const wallKey = await api<{ secret: string }>(server.url, 'POST', '/admin/keys', { kind: 'display', name: 'resume wall' }, { cookie: admin });
    const entry = await fetch(`${server.url}/wall?key=${wallKey.body.secret}`, { redirect: 'manual' });
    const wall = await board(entry.headers.get('set-cookie')!.split(';')[0]!);
    const before = wall.snapshots;
    // Resumes from where it is: each answered by a (small) replay while under the limit.
    for (let i = 0; i < 10; i++) wall.socket.emit('state:resume', { seq: wall.state!.seq, history: wall.history });
    await until('snapshots for the resumes past the limit', () => wall.snapshots - before >= 4);
    expect(wall.snapshots - before).toBe(4);
  });

  it('refuses a change sent with a session cookie but no Origin (not from a browser page), and lets the same with Origin through', async () => {
    const cookie = await server.signIn('dispatcher', 'olga-origin');
    const call = await newCall();
    const bare = await fetch(`${server.url}/api/v1/calls/${call.id}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ note: 'no origin' }),
    });
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as ApiErrorBody).error.message).toMatch(
      /must come from the board \(it carries an Origin header\); integrations use an API key/,
    );
    const fromPage = await api(server.url, 'PATCH', `/calls/${call.id}`, { note: 'from the board' }, { cookie });
    expect(fromPage.status).toBe(200);
    // Reading needs no Origin: a link opened in a new tab is a plain GET.
    expect((await fetch(`${server.url}/api/v1/calls/${call.id}`, { headers: { cookie } })).status).toBe(200);
  });
});

describe('sign-in limits per client address', () => {
  it('refuses one account from one address after 10 failures (429, what to do), while a colleague behind the same address signs in', async () => {
    await server.signIn('dispatcher', 'gus-guessed');
    await server.signIn('dispatcher', 'gwen-colleague');
    const from = '203.0.113.7';
    for (let i = 0; i < 10; i++) expect((await signInFrom(from, 'gus-guessed', `wrong-password-${i}`)).status, `attempt ${i + 1}`).toBe(401);
    const refused = await signInFrom(from, 'gus-guessed', TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.body.error.message).toMatch(/too many failed sign-ins from this address; wait 15 minutes or ask an admin/);
    expect(refused.headers.get('set-cookie')).toBeNull();

    // The attacker's guesses do not shut out the floor behind the same NAT.
    expect((await signInFrom(from, 'gwen-colleague', TEST_PASSWORD)).status).toBe(201);
  });

  it('answers every attempt from an address with 429 after 100 failures across many names, and no other address', async () => {
    const from = '203.0.113.8';
    // Guesses across many accounts (existing and not): the lockout guards each one, this guards the address.
    for (let batch = 0; batch < 10; batch++) {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => signInFrom(from, `nobody-${batch}-${i}`, 'wrong password guess').then((r) => r.status)),
      );
      expect(statuses).toEqual(Array(10).fill(401));
    }
    expect((await signInFrom(from, 'ada-limits', TEST_PASSWORD)).status).toBe(429);
    expect((await signInFrom('203.0.113.9', 'ada-limits', TEST_PASSWORD)).status).toBe(201);
  });

  it('never limits successful sign-ins: a whole dispatch floor may sign in from one address', async () => {
    const from = '203.0.113.20';
    for (let i = 0; i < 25; i++) await server.signIn('dispatcher', `floor-${i}`);
    for (let i = 0; i < 25; i++) expect((await signInFrom(from, `floor-${i}`, TEST_PASSWORD)).status, `sign-in ${i + 1}`).toBe(201);
    // ...and a few typos among them leave the floor well below the limit.
    for (let i = 0; i < 3; i++) expect((await signInFrom(from, `floor-${i}`, 'a typo in it!')).status).toBe(401);
    expect((await signInFrom(from, 'floor-0', TEST_PASSWORD)).status).toBe(201);
  });

  it('audits a sign-in refused by the limit, so continued guessing shows in the audit trail, without the name typed', async () => {
    const from = '203.0.113.99';
    for (let i = 0; i < 10; i++) expect((await signInFrom(from, 'nobody-here', 'wrong password guess')).status).toBe(401);
    const fromThere = async () => (await audit('type=signin&limit=1000')).filter((r) => r.detail?.endsWith(`from ${from}`));
    expect(await fromThere()).toHaveLength(10);
    expect((await signInFrom(from, 'nobody-here', 'wrong password guess')).status).toBe(429);
    await until('the refused attempt in the audit trail', async () => (await fromThere()).length === 11, 10_000);
    const [refusal, ...failures] = await fromThere();
    expect(refusal).toMatchObject({ subject: expect.stringMatching(/^unknown user #[0-9a-f]{12}$/), outcome: 'denied' });
    // One hash for one name: repeated guesses at it line up, but the name itself is not kept.
    expect(new Set(failures.map((r) => r.subject))).toEqual(new Set([refusal!.subject]));
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
    // A second instance whose proxy is elsewhere: these requests come straight from 127.0.0.1.
    const direct = await startTestServer(redis.url, { TRUST_PROXY: '10.9.9.9' });
    try {
      await server.signIn('dispatcher', 'fay-forged');
      for (let i = 0; i < 10; i++) {
        const res = await api(
          direct.url,
          'POST',
          '/session',
          { username: 'fay-forged', password: `wrong-${i}` },
          { cookie: '', 'x-forwarded-for': `192.0.2.${i}` },
        );
        expect(res.status).toBe(401);
      }
      const forged = await api(
        direct.url,
        'POST',
        '/session',
        { username: 'fay-forged', password: TEST_PASSWORD },
        { cookie: '', 'x-forwarded-for': '192.0.2.200' },
      );
      expect(forged.status).toBe(429);
    } finally {
      await direct.close();
    }
  });
});

describe('account lockout', () => {
  it('locks the account after 5 consecutive failures, from whichever address the next try comes, answering as for a wrong password', async () => {
    await server.signIn('dispatcher', 'lou-locked');
    await server.signIn('dispatcher', 'nell-neighbour');
    for (let i = 0; i < 5; i++) expect((await signInFrom('198.51.100.1', 'lou-locked', `wrong-password-${i}`)).status).toBe(401);

    const locked = await signInFrom('198.51.100.2', 'lou-locked', TEST_PASSWORD);
    expect(locked.status).toBe(401);
    expect(locked.body.error).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/locked for 10 min; an admin can unlock it by resetting the password/),
    });
    // Only that account: a colleague at the same desk signs in.
    expect((await signInFrom('198.51.100.1', 'nell-neighbour', TEST_PASSWORD)).status).toBe(201);
    const users = (await api<{ username: string; lockedUntil: number }[]>(server.url, 'GET', '/admin/users', undefined, { cookie: admin })).body;
    expect(users.find((u) => u.username === 'lou-locked')!.lockedUntil).toBeGreaterThan(Date.now());
  });

  it('counts consecutive failures only: a successful sign-in starts the count again', async () => {
    await server.signIn('dispatcher', 'tess-typos');
    const from = '198.51.100.10';
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect((await signInFrom(from, 'tess-typos', `wrong-password-${i}`)).status).toBe(401);
      expect((await signInFrom(from, 'tess-typos', TEST_PASSWORD)).status).toBe(201);
    }
  });

  it('is lifted by an admin resetting the password', async () => {
    await server.signIn('dispatcher', 'rex-reset');
    const from = '198.51.100.20';
    for (let i = 0; i < 5; i++) await signInFrom(from, 'rex-reset', `wrong-password-${i}`);
    expect((await signInFrom(from, 'rex-reset', TEST_PASSWORD)).status).toBe(401);

    const reset = await api(server.url, 'PATCH', '/admin/users/rex-reset', { password: 'a brand new passphrase' }, { cookie: admin });
    expect(reset.status).toBe(200);
    expect((await signInFrom(from, 'rex-reset', 'a brand new passphrase')).status).toBe(201);
  });

  it('verifies at most 5 passwords in a burst of 60 concurrent sign-ins, and keeps the account locked after it', async () => {
    await server.signIn('dispatcher', 'bea-burst');
    const from = '198.51.100.30';
    // 59 wrong guesses and the right password last, all at once (as a scripted attacker sends them).
    const passwords = [...Array.from({ length: 59 }, (_, i) => `wrong-password-${i}`), TEST_PASSWORD];
    const statuses = await Promise.all(
      passwords.map((password, i) =>
        api(server.url, 'POST', '/session', { username: 'bea-burst', password }, { cookie: '', 'x-forwarded-for': `${from.slice(0, -2)}${i}` }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(statuses.filter((s) => s !== 401)).toEqual([]);
    let records: AuditRecord[] = [];
    await until('all 60 attempts in the audit trail', async () => {
      records = (await audit('type=signin&actor=bea-burst&limit=1000')).filter((r) => r.outcome === 'failure');
      return records.length === 60;
    });
    // An attempt whose password was checked says so; the rest were refused as locked before any check.
    expect(records.filter((r) => r.detail?.startsWith('wrong password')).length).toBeLessThanOrEqual(5);
    expect(records.filter((r) => r.detail?.startsWith('locked')).length).toBeGreaterThanOrEqual(55);
    expect((await signInFrom('198.51.100.99', 'bea-burst', TEST_PASSWORD)).status).toBe(401);
  });
});

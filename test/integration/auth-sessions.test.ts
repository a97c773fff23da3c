import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_REQUEST_HEADER, type SignedIn } from '../../shared/auth';
import type { ApiErrorBody } from '../../shared/errors';
import type { AuditRecord } from '../../server/auth/audit-log';
import { sessionRefOf } from '../../server/auth/session-store';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, signInAs, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server';

let redis: TestRedis;
let server: TestServer;
let admin: string;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url, {}, { sessionCheckMs: 200 });
  admin = await server.signIn('admin');
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const signInBody = (username: string, password: string) => ({ username, password });
const audit = async (q: string) => (await api<AuditRecord[]>(server.url, 'GET', `/admin/audit?${q}`, undefined, { cookie: admin })).body;

function connectError(c: TestLiveClient): Promise<Error & { data?: { code?: string } }> {
  return new Promise((resolve) => c.socket.once('connect_error', resolve));
}
const disconnected = (c: TestLiveClient) => new Promise<string>((resolve) => c.socket.once('disconnect', (reason) => resolve(reason)));

describe('sign-in', () => {
  it('signs in with the right password, sets a strict httpOnly cookie, and audits it', async () => {
    await server.signIn('dispatcher', 'dana');
    const res = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signInBody('dana', TEST_PASSWORD)),
    });
    expect(res.status).toBe(201);
    expect((await res.json()) as SignedIn).toEqual({ username: 'dana', role: 'dispatcher', idleMinutes: 30 });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^tandem_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect((await audit('actor=dana&type=signin')).map((r) => r.outcome)).toContain('success');
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const unknown = await api<ApiErrorBody>(server.url, 'POST', '/session', signInBody('nobody', 'x'.repeat(12)));
    const wrong = await api<ApiErrorBody>(server.url, 'POST', '/session', signInBody('dana', 'x'.repeat(12)));
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it('locks an account for 10 minutes after 5 consecutive failures, even for the right password, answering as for an unknown name', async () => {
    await server.signIn('dispatcher', 'lucy');
    for (let i = 0; i < 5; i++) expect((await api(server.url, 'POST', '/session', signInBody('lucy', `wrong-password-${i}`))).status).toBe(401);
    const locked = await api<ApiErrorBody>(server.url, 'POST', '/session', signInBody('lucy', TEST_PASSWORD));
    const unknown = await api<ApiErrorBody>(server.url, 'POST', '/session', signInBody('no-such-lucy', TEST_PASSWORD));
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual(unknown.body);
    expect(locked.body.error.message).toMatch(/locked for 10 min/);
    const records = await audit('subject=lucy');
    expect(records.some((r) => r.type === 'lockout')).toBe(true);
    expect(records.filter((r) => r.type === 'signin' && r.outcome === 'failure')).toHaveLength(6);
  });
});

describe('account changes', () => {
  it('refuses a role change that comes with a password too short, and changes nothing: role, password and sessions stay', async () => {
    const cookie = await server.signIn('dispatcher', 'dora-unchanged');
    const refused = await api<{ error: { message: string } }>(
      server.url,
      'PATCH',
      '/admin/users/dora-unchanged',
      { role: 'admin', password: 'short' },
      { cookie: admin },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/at least 12 characters; nothing was changed/);
    expect((await api<{ role: string }>(server.url, 'GET', '/session', undefined, { cookie })).body.role).toBe('dispatcher');
    const again = await signInAs(server.url, 'dora-unchanged', TEST_PASSWORD);
    expect((await api<{ role: string }>(server.url, 'GET', '/session', undefined, { cookie: again })).body.role).toBe('dispatcher');
  });
});

describe('sessions on sockets', () => {
  it('refuses a socket without a session, and one from a foreign origin', async () => {
    const anonymous = new TestLiveClient(server.url, { cookie: 'tandem_session=not-a-session-id-at-all-1234' });
    expect((await connectError(anonymous)).data?.code).toBe('unauthorized');
    anonymous.close();
    const foreign = new TestLiveClient(server.url, { origin: 'http://evil.example' });
    expect((await connectError(foreign)).data?.code).toBe('forbidden');
    foreign.close();
  });

  it('refuses REST calls from a foreign origin even with a valid session', async () => {
    const res = await api<ApiErrorBody>(server.url, 'GET', '/state', undefined, { cookie: server.cookie, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
  });

  it('disconnects a board when its user is signed out everywhere', async () => {
    const cookie = await server.signIn('dispatcher', 'sam');
    const board = new TestLiveClient(server.url, { cookie });
    await board.waitFor('snapshot', () => true);
    const gone = disconnected(board);
    expect((await api(server.url, 'POST', '/admin/users/sam/signout', undefined, { cookie: admin })).status).toBe(200);
    await gone;
    const after = await api(server.url, 'GET', '/session', undefined, { cookie });
    expect(after.status).toBe(401);
    board.close();
  });

  it('ends a session on sign-out, and the socket of a session that ended elsewhere within the check interval', async () => {
    const cookie = await server.signIn('coordinator', 'cora');
    const board = new TestLiveClient(server.url, { cookie });
    await board.waitFor('snapshot', () => true);
    const gone = disconnected(board);
    // Deleting the session in Redis stands in for an idle expiry or another instance's sign-out.
    const id = cookie.split('=')[1]!;
    await server.redis.del(server.app.store.keys.session(sessionRefOf(id)));
    await gone;
    board.close();
  });

  it("counts a user's requests as use, but not the board's own background polls", async () => {
    const cookie = await server.signIn('dispatcher', 'idle-ida');
    const key = server.app.store.keys.session(sessionRefOf(cookie.split('=')[1]!));
    const call = (await api<{ id: string }>(server.url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location: { lat: 39.74, lon: -104.99 } })).body;
    // The session is close to its idle end: a minute left.
    await server.redis.pExpire(key, 60_000);
    const poll = await api(server.url, 'GET', `/calls/${call.id}/profile/status`, undefined, { cookie, [BACKGROUND_REQUEST_HEADER]: '1' });
    expect(poll.status).toBe(200);
    expect(await server.redis.pTTL(key)).toBeLessThanOrEqual(60_000);
    // A request the user made starts the 30 minutes again.
    const look = await api(server.url, 'GET', `/calls/${call.id}`, undefined, { cookie });
    expect(look.status).toBe(200);
    expect(await server.redis.pTTL(key)).toBeGreaterThan(29 * 60_000);
  });
});

describe('wall displays', () => {
  it('signs a screen in with a display key once, as the wall role, and disconnects it when the key is revoked', async () => {
    const made = await api<{ id: string; secret: string }>(server.url, 'POST', '/admin/keys', { kind: 'display', name: 'floor 2' }, { cookie: admin });
    expect(made.status).toBe(201);

    const entry = await fetch(`${server.url}/wall?key=${made.body.secret}`, { redirect: 'manual' });
    expect(entry.status).toBe(303);
    expect(entry.headers.get('location')).toBe('/wall');
    const setCookie = entry.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/Max-Age=31536000/);
    const cookie = setCookie.split(';')[0]!;

    const me = await api<SignedIn>(server.url, 'GET', '/session', undefined, { cookie });
    expect(me.body).toEqual({ username: 'wall:floor 2', role: 'wall', idleMinutes: null });

    const wall = new TestLiveClient(server.url, { cookie });
    await wall.waitFor('snapshot', () => true);
    const gone = disconnected(wall);
    expect((await api(server.url, 'DELETE', `/admin/keys/${made.body.id}`, undefined, { cookie: admin })).status).toBe(200);
    await gone;
    wall.close();

    const bad = await fetch(`${server.url}/wall?key=${made.body.secret}`, { redirect: 'manual' });
    expect(bad.headers.get('location')).toBe('/login?error=display-key');
  });
});

describe('wall links cannot be used against someone (login CSRF)', () => {
  it('never replaces a workstation session with a wall session, and refuses a link another site sent', async () => {
    const made = await api<{ secret: string }>(server.url, 'POST', '/admin/keys', { kind: 'display', name: 'attacker wall' }, { cookie: admin });
    const dispatcher = await server.signIn('dispatcher', 'csrf-dina');

    const over = await fetch(`${server.url}/wall?key=${made.body.secret}`, { redirect: 'manual', headers: { cookie: dispatcher } });
    expect(over.status).toBe(303);
    expect(over.headers.get('location')).toBe('/login?error=wall-link-refused');
    expect(over.headers.get('set-cookie')).toBeNull();
    expect((await api<SignedIn>(server.url, 'GET', '/session', undefined, { cookie: dispatcher })).body).toMatchObject({
      username: 'csrf-dina',
      role: 'dispatcher',
    });

    const crossSite = await fetch(`${server.url}/wall?key=${made.body.secret}`, { redirect: 'manual', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.headers.get('location')).toBe('/login?error=wall-link-refused');
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    expect((await audit('type=signin.wall&limit=100')).filter((r) => r.outcome === 'denied').map((r) => r.detail)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^this browser is signed in to a workstation/), expect.stringMatching(/^opened from another site/)]),
    );

    // Typed or pasted into a screen that is not signed in, the link still sets the wall up.
    const pasted = await fetch(`${server.url}/wall?key=${made.body.secret}`, { redirect: 'manual', headers: { 'sec-fetch-site': 'none' } });
    expect(pasted.headers.get('location')).toBe('/wall');
    expect(pasted.headers.get('set-cookie')).toMatch(/^tandem_session=/);
  });
});

describe('nothing secret at rest', () => {
  /** Every key name and value in the test's Redis, as text: what a backup, a replica or MONITOR would show. */
  async function everythingInRedis(): Promise<string> {
    const parts: string[] = [];
    for await (const keys of server.redis.scanIterator({ COUNT: 1000 })) {
      for (const key of [keys].flat()) {
        parts.push(key);
        const type = await server.redis.type(key);
        if (type === 'hash') parts.push(JSON.stringify(await server.redis.hGetAll(key)));
        else if (type === 'set') parts.push(JSON.stringify(await server.redis.sMembers(key)));
        else if (type === 'string') parts.push((await server.redis.get(key)) ?? '');
        else if (type === 'stream') parts.push(JSON.stringify(await server.redis.xRange(key, '-', '+')));
        else if (type === 'zset') parts.push(JSON.stringify(await server.redis.zRange(key, 0, -1)));
      }
    }
    return parts.join('\n');
  }

  it('keeps no session id in Redis, only its hash, and still finds the session by its cookie', async () => {
    const cookie = await server.signIn('dispatcher', 'hana-hashed');
    const id = cookie.split('=')[1]!;
    expect(await everythingInRedis()).not.toContain(id);
    expect(await server.redis.exists(server.app.store.keys.session(sessionRefOf(id)))).toBe(1);
    expect((await api<SignedIn>(server.url, 'GET', '/session', undefined, { cookie })).body.username).toBe('hana-hashed');
  });

  it('keeps a session made before ids were hashed: it moves to its hash on first use', async () => {
    await server.signIn('dispatcher', 'otto-old');
    const id = 'an-old-session-id-in-clear-0123456789';
    await server.redis.hSet(server.app.store.keys.session(id), {
      actor: 'otto-old',
      role: 'dispatcher',
      kind: 'user',
      keyId: '',
      createdAt: String(Date.now()),
      idleMs: '600000',
    });
    await server.redis.sAdd(server.app.store.keys.sessionsOfUser('otto-old'), id);
    const cookie = `tandem_session=${id}`;
    expect((await api<SignedIn>(server.url, 'GET', '/session', undefined, { cookie })).body.username).toBe('otto-old');
    expect(await everythingInRedis()).not.toContain(id);
    // ...and signing out everywhere still ends it.
    expect((await api(server.url, 'DELETE', '/session/all', undefined, { cookie })).status).toBe(200);
    expect((await api(server.url, 'GET', '/session', undefined, { cookie })).status).toBe(401);
  });

  it('never stores a user name that is no account (people type passwords there)', async () => {
    const typedPassword = 'Tr0ub4dor-and-3-horses';
    expect((await api(server.url, 'POST', '/session', signInBody(typedPassword, 'whatever it was'), { cookie: '' })).status).toBe(401);
    const all = await everythingInRedis();
    expect(all.toLowerCase()).not.toContain(typedPassword.toLowerCase());
    expect((await audit('type=signin&limit=1000')).some((r) => /^unknown user #[0-9a-f]{12}$/.test(r.actor))).toBe(true);
  });
});

import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { commitScript, verifyScript } from '../../server/redis/commit-script';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';

/**
 * Tandem runs its Lua scripts by SHA and loads them again when Redis answers NOSCRIPT (a
 * restart, a failover to a replica, an operator's SCRIPT FLUSH). Here the script cache is
 * flushed under a running server, through a connection of the test's own.
 */
let redis: TestRedis;
let server: TestServer;
let raw: ReturnType<typeof createClient>;
const boards: TestLiveClient[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  raw = createClient({ url: redis.url });
  await raw.connect();
});
afterEach(() => {
  for (const b of boards.splice(0)) b.close();
});
afterAll(async () => {
  for (const b of boards.splice(0)) b.close();
  await raw?.quit().catch(() => undefined);
  await server?.close();
  await redis?.stop();
});

const location = { lat: 39.74, lon: -104.98 };
const post = () => api<Call>(server.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location });
const cached = async (sha: string) => (await raw.scriptExists(sha))[0] === 1;

async function board(): Promise<TestLiveClient> {
  const b = new TestLiveClient(server.url);
  boards.push(b);
  await b.waitFor('snapshot', () => true);
  return b;
}

describe('Lua scripts after SCRIPT FLUSH', () => {
  it('still writes: the next calls are created, numbered in turn, and reach the board', async () => {
    const b = await board();
    const before = await post();
    expect(before.status).toBe(201);
    expect(await cached(commitScript.sha)).toBe(true);

    await raw.scriptFlush();
    expect(await cached(commitScript.sha)).toBe(false);

    // Several at once, so more than one request meets the empty cache.
    const after = await Promise.all(Array.from({ length: 8 }, () => post()));
    expect(after.map((r) => r.status)).toEqual(Array(8).fill(201));
    const numbers = after.map((r) => Number(r.body.number.slice(-6))).sort((x, y) => x - y);
    const first = Number(before.body.number.slice(-6));
    expect(numbers).toEqual(Array.from({ length: 8 }, (_, i) => first + 1 + i));
    await b.waitFor('the calls made after the flush', (s) => after.every((r) => s.calls.has(r.body.id)));
    for (const r of after) expect((await api<Call>(server.url, 'GET', `/calls/${r.body.id}`)).status).toBe(200);
    // Loaded again, so later writes run by SHA.
    expect(await cached(commitScript.sha)).toBe(true);
  });

  it('keeps following the same history: no reload, no NOT LIVE, once the tail has checked Redis again', async () => {
    const b = await board();
    await expect.poll(() => b.serverLive).toBe(true);
    const history = b.history;
    await raw.scriptFlush();
    // The tail checks its history every couple of seconds; its script is back in the cache once it has.
    await until('the history check to run again after the flush', () => cached(verifyScript.sha), 15_000, 100);

    const call = (await post()).body;
    const state = await b.waitFor('a call made after the check', (s) => s.calls.has(call.id));
    expect(b.snapshots).toBe(1);
    expect(b.history).toBe(history);
    expect(b.serverLive).toBe(true);
    expect(state.seq).toBe(server.app.feed.projection.seq);
  });

  it('still counts a failed sign-in toward the address limit, and answers it as a wrong password', async () => {
    const counter = server.app.store.keys.rateLimit('signin-failures', '127.0.0.1');
    const before = Number((await raw.get(counter)) ?? 0);
    await raw.scriptFlush();
    const wrong = await api(server.url, 'POST', '/session', { username: 'supervisor', password: 'not the password at all' }, { cookie: '' });
    expect(wrong.status).toBe(401);
    expect(Number(await raw.get(counter))).toBe(before + 1);
  });
});

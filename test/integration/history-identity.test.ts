import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { PROTOCOL_VERSION } from '../../shared/events';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, signInAs, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server';

let redis: TestRedis | undefined;
let server: TestServer | undefined;
/** More instances on the same Redis, closed after each test. */
const others: TestServer[] = [];
const boards: TestLiveClient[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const b of boards.splice(0)) b.close();
  for (const o of others.splice(0)) await o.close();
  await server?.close();
  server = undefined;
  await redis?.stop();
  redis = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const location = { lat: 39.74, lon: -104.98 };
const post = (s: TestServer, nature: string) => api<Call>(s.url, 'POST', '/calls', { nature, priority: 3, location }).then((r) => r.body);
const board = (s: TestServer) => {
  const b = new TestLiveClient(s.url);
  boards.push(b);
  return b;
};
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tandem-history-'));
  dirs.push(d);
  return d;
};

describe('history identity', () => {
  it('reloads every instance when Redis is flushed: boards drop what Redis no longer has, sign-in works again, new calls show', async () => {
    redis = await startTestRedis();
    server = await startTestServer(redis.url);
    const second = await startTestServer(redis.url);
    others.push(second);
    const b = board(server);
    const onSecond = board(second);
    const before = await post(server, 'THEFT');
    await b.waitFor('the first call', (s) => s.calls.has(before.id));
    await onSecond.waitFor('the first call on the other instance', (s) => s.calls.has(before.id));
    const firstHistory = b.history;

    await server.redis.flushAll();
    const fresh = await b.waitFor('a fresh snapshot without the flushed call', (s) => !s.calls.has(before.id), 15_000);
    expect(fresh.calls.size).toBe(0);
    expect(b.history).toBeDefined();
    expect(b.history).not.toBe(firstHistory);
    await onSecond.waitFor('the other instance to drop the flushed call too', (s) => !s.calls.has(before.id), 15_000);
    // The admin account is made again, as at a first start.
    await expect(signInAs(server.url, 'admin', TEST_PASSWORD)).resolves.toMatch(/^tandem_session=/);

    const after = await post(server, 'ALARM');
    await b.waitFor('a call made after the flush', (s) => s.calls.has(after.id));
    await onSecond.waitFor('the same call on the other instance', (s) => s.calls.has(after.id));
    expect(onSecond.history).toBe(b.history);
  });

  it('reloads when Redis comes back with an older copy of its data: calls it lost leave every board', async () => {
    const dir = tempDir();
    redis = await startTestRedis({ dir, appendOnly: false });
    server = await startTestServer(redis.url);
    const b = board(server);
    const kept = await post(server, 'THEFT');
    await b.waitFor('the kept call', (s) => s.calls.has(kept.id));
    // A copy of the data as it is now (as a lagging replica or an old backup would hold it).
    await server.redis.sendCommand(['SAVE']);
    const copy = join(tempDir(), 'dump.rdb');
    copyFileSync(join(dir, 'dump.rdb'), copy);
    const lost = [await post(server, 'ALARM'), await post(server, 'NOISE'), await post(server, 'SUSP')];
    await b.waitFor('the calls made after the copy', (s) => lost.every((c) => s.calls.has(c.id)));

    await redis.stop();
    copyFileSync(copy, join(dir, 'dump.rdb'));
    redis = await startTestRedis({ dir, appendOnly: false, port: redis.port });

    const after = await b.waitFor('the calls Redis lost to leave the board', (s) => lost.every((c) => !s.calls.has(c.id)), 20_000);
    expect(after.calls.has(kept.id)).toBe(true);
    const next = await post(server, 'ALARM');
    const final = await b.waitFor('a call made after the rollback', (s) => s.calls.has(next.id));
    expect(final.seq).toBe(server.app.feed.projection.seq);
  });

  it('gives a client resuming from another history a snapshot, not a replay', async () => {
    redis = await startTestRedis();
    server = await startTestServer(redis.url);
    const call = await post(server, 'THEFT');
    const stranger = new TestLiveClient(server.url, { resumeFrom: () => 0, history: 'some-other-history' });
    boards.push(stranger);
    const state = await stranger.waitFor('the present', (s) => s.calls.has(call.id));
    expect(stranger.snapshots).toBe(1);
    expect(state.seq).toBe(server.app.feed.projection.seq);
  });

  it('tells connected screens their data is not live while Redis is down, and live again after', async () => {
    redis = await startTestRedis();
    server = await startTestServer(redis.url);
    const b = board(server);
    await b.waitFor('the snapshot', () => true);
    await expect.poll(() => b.serverLive).toBe(true);
    await redis.stop();
    await expect.poll(() => b.serverLive, { timeout: 10_000 }).toBe(false);
    expect(b.socket.connected).toBe(true); // the socket alone would have said "live"
    redis = await startTestRedis({ port: redis.port });
    await expect.poll(() => b.serverLive, { timeout: 15_000 }).toBe(true);
  });

  it('refuses a page built for another version of the event contract, telling it to reload', async () => {
    redis = await startTestRedis();
    server = await startTestServer(redis.url);
    const old = new TestLiveClient(server.url, { protocol: PROTOCOL_VERSION - 1 });
    boards.push(old);
    const refusal = await new Promise<{ message: string; data?: { code?: string } }>((resolve) => old.socket.once('connect_error', resolve));
    expect(refusal.data?.code).toBe('reload');
    expect(old.socket.connected).toBe(false);
  });
});

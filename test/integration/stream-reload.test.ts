import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { makeKeys } from '../../server/redis/keys';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';

/**
 * How an instance's stream tail notices that Redis no longer holds the history it follows, in
 * the cases test/integration/history-identity.test.ts does not cover (a flush, a rollback to an
 * older copy): its own position trimmed away while it lagged, a history that diverged at the
 * same sequence number, another deployment's data with a later sequence number, and a dropped
 * tail connection, which must not cost a reload.
 */
const keys = makeKeys('tandem:');
const location = { lat: 39.74, lon: -104.98 };

const redises: TestRedis[] = [];
const servers: TestServer[] = [];
const boards: TestLiveClient[] = [];
const dirs: string[] = [];
const closers: (() => Promise<unknown>)[] = [];

async function cleanUp(): Promise<void> {
  for (const b of boards.splice(0)) b.close();
  for (const s of servers.splice(0)) await s.close();
  for (const c of closers.splice(0)) await c().catch(() => undefined);
  for (const r of redises.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
afterEach(cleanUp);
afterAll(cleanUp);

async function redisAt(opts: { dir?: string; port?: number } = {}): Promise<TestRedis> {
  const r = await startTestRedis({ appendOnly: false, ...opts });
  redises.push(r);
  return r;
}
/** Stops a Redis this test started (by PID, through its handle) and forgets it. */
async function stopRedis(r: TestRedis): Promise<void> {
  redises.splice(redises.indexOf(r), 1);
  await r.stop();
}
async function serverOn(url: string, env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer(url, env);
  servers.push(s);
  return s;
}
async function closeServer(s: TestServer): Promise<void> {
  servers.splice(servers.indexOf(s), 1);
  await s.close();
}
async function board(s: TestServer): Promise<TestLiveClient> {
  const b = new TestLiveClient(s.url, { cookie: s.cookie });
  boards.push(b);
  await b.waitFor('snapshot', () => true);
  return b;
}
async function rawClient(url: string) {
  const c = createClient({ url });
  await c.connect();
  closers.push(() => c.quit());
  return c;
}
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tandem-stream-reload-'));
  dirs.push(d);
  return d;
}
const post = async (s: TestServer, nature = 'EDP'): Promise<Call> => {
  const res = await api<Call>(s.url, 'POST', '/calls', { nature, priority: 2, location });
  if (res.status !== 201) throw new Error(`POST /calls answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
};
/** Posts calls until Redis's sequence number reaches `seq`, returning them. */
async function postUntilSeq(s: TestServer, seq: number): Promise<Call[]> {
  const made: Call[] = [];
  while (Number((await s.redis.get(keys.seq)) ?? 0) < seq || made.length < 3) made.push(await post(s, 'NOISE'));
  return made;
}

/**
 * A TCP relay in front of Redis that can hold back what Redis sends to the connections of one
 * client name (as a congested or half-broken network path would), while every other connection
 * flows. The server under test reaches Redis through it.
 */
interface HoldingProxy {
  url: string;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}
async function holdingProxy(targetPort: number, clientName: string): Promise<HoldingProxy> {
  let holding = false;
  const links = new Set<{ client: net.Socket; upstream: net.Socket; named: boolean }>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const link = { client, upstream, named: false };
    links.add(link);
    client.on('data', (chunk) => {
      // The client names itself in its handshake (HELLO ... SETNAME <name>).
      if (!link.named && chunk.includes(clientName)) {
        link.named = true;
        if (holding) upstream.pause();
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const port = (relay.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    hold() {
      holding = true;
      for (const l of links) if (l.named) l.upstream.pause();
    },
    release() {
      holding = false;
      for (const l of links) if (l.named) l.upstream.resume();
    },
    async close() {
      const closed = new Promise<void>((resolve) => relay.close(() => resolve()));
      for (const l of links) {
        l.client.destroy();
        l.upstream.destroy();
      }
      await closed;
    },
  };
}

describe('stream tail reload', () => {
  it('reloads an instance that fell behind further than the stream reaches: its boards show every call Redis holds', async () => {
    const redis = await redisAt();
    const proxy = await holdingProxy(redis.port, 'test-tail');
    closers.push(() => proxy.close());
    // A reaches Redis through the proxy; B, where the burst arrives, directly. Both keep the
    // stream to its smallest length.
    const a = await serverOn(proxy.url, { STREAM_MAXLEN: '1000' });
    const b = await serverOn(redis.url, { STREAM_MAXLEN: '1000' });
    const onA = await board(a);
    const first = await post(a, 'THEFT');
    await onA.waitFor('the first call', (s) => s.calls.has(first.id));
    const lagged = a.app.feed.projection.seq;

    // A's change stream stalls while B takes a burst of calls, more than the stream keeps.
    proxy.hold();
    const burst: Call[] = [];
    for (let round = 0; round < 52; round++) burst.push(...(await Promise.all(Array.from({ length: 25 }, () => post(b)))));
    const raw = await rawClient(redis.url);
    const [oldest] = (await raw.xRange(keys.stream, '-', '+', { COUNT: 1 })) ?? [];
    expect(Number(oldest!.id.split('-')[0])).toBeGreaterThan(lagged + 1); // A's next change is gone from the stream
    expect(onA.state!.calls.size).toBe(1); // ...and A has not seen any of the burst

    proxy.release();
    const state = await onA.waitFor('every call of the burst', (s) => burst.every((c) => s.calls.has(c.id)), 60_000);
    expect(state.calls.has(first.id)).toBe(true);
    expect(state.calls.size).toBe(burst.length + 1);
    expect(onA.snapshots).toBeGreaterThan(1); // a fresh snapshot, not a replay it could not have had
    await until('A at the sequence number Redis holds', async () => a.app.feed.projection.seq === Number(await raw.get(keys.seq)), 30_000);
    await expect.poll(() => onA.serverLive, { timeout: 15_000 }).toBe(true);

    // And it follows the stream from there.
    const next = await post(b, 'ALARM');
    await onA.waitFor('a call made after the reload', (s) => s.calls.has(next.id), 20_000);
  }, 180_000);

  it('reloads when Redis comes back with a history that diverged: same history id, but another change under our sequence number', async () => {
    const dir = tempDir();
    const x = await redisAt({ dir });
    const a = await serverOn(x.url);
    const onA = await board(a);
    const kept = await post(a, 'THEFT');
    await onA.waitFor('the kept call', (s) => s.calls.has(kept.id));
    // A replica's copy, one change behind...
    await a.redis.sendCommand(['SAVE']);
    const replicaDir = tempDir();
    copyFileSync(join(dir, 'dump.rdb'), join(replicaDir, 'dump.rdb'));
    const lost = await post(a, 'ALARM');
    await onA.waitFor('the call the replica never got', (s) => s.calls.has(lost.id));
    // The copy is promoted (started while the primary still holds its port, so it gets another)...
    const z = await redisAt({ dir: replicaDir });
    const b = await serverOn(z.url);
    // ...the primary fails, A holds what it had...
    await stopRedis(x);
    const seqOfA = a.app.feed.projection.seq;
    // ...and another instance goes on writing other changes under the same numbers.
    const written = await postUntilSeq(b, seqOfA);
    await b.redis.sendCommand(['SAVE']);
    await closeServer(b);
    await stopRedis(z);

    // A's Redis address now serves the promoted copy.
    copyFileSync(join(replicaDir, 'dump.rdb'), join(dir, 'dump.rdb'));
    const promoted = await redisAt({ dir, port: x.port });
    const raw = await rawClient(promoted.url);
    expect(Number(await raw.get(keys.seq))).toBeGreaterThanOrEqual(seqOfA);

    const state = await onA.waitFor('the promoted data', (s) => !s.calls.has(lost.id) && written.every((c) => s.calls.has(c.id)), 30_000);
    expect(state.calls.has(kept.id)).toBe(true);
    await until('A at the sequence number Redis holds', async () => a.app.feed.projection.seq === Number(await raw.get(keys.seq)), 30_000);
    expect((await api(a.url, 'GET', `/calls/${lost.id}`)).status).toBe(404);
    const next = await post(a, 'SUSP');
    await onA.waitFor('a call made after the reload', (s) => s.calls.has(next.id), 20_000);
  }, 120_000);

  it("reloads when Redis comes back holding another deployment's data with a later sequence number", async () => {
    const dir = tempDir();
    const x = await redisAt({ dir });
    const a = await serverOn(x.url);
    const onA = await board(a);
    const ours = [await post(a, 'THEFT'), await post(a, 'ALARM')];
    await onA.waitFor('our calls', (s) => ours.every((c) => s.calls.has(c.id)));
    const history = onA.history;

    // Another deployment (its Redis started while ours holds its port), further along than we are.
    const otherDir = tempDir();
    const y = await redisAt({ dir: otherDir });
    const b = await serverOn(y.url);
    await stopRedis(x);
    const seqOfA = a.app.feed.projection.seq;
    const theirs = await postUntilSeq(b, seqOfA + 3);
    await b.redis.sendCommand(['SAVE']);
    await closeServer(b);
    await stopRedis(y);

    copyFileSync(join(otherDir, 'dump.rdb'), join(dir, 'dump.rdb'));
    await redisAt({ dir, port: x.port });

    const state = await onA.waitFor(
      'the other data set, and nothing of ours',
      (s) => ours.every((c) => !s.calls.has(c.id)) && theirs.every((c) => s.calls.has(c.id)),
      30_000,
    );
    expect(state.calls.size).toBe(theirs.length);
    expect(onA.history).not.toBe(history);
  }, 120_000);

  it('picks up where it was after its stream connection is dropped, without a reload, missing nothing', async () => {
    const redis = await redisAt();
    const a = await serverOn(redis.url);
    const onA = await board(a);
    const before = await post(a, 'THEFT');
    await onA.waitFor('the first call', (s) => s.calls.has(before.id));
    const history = onA.history;

    const raw = await rawClient(redis.url);
    const tailIds = async () => (await raw.clientList()).filter((c) => c.name === 'test-tail').map((c) => String(c.id));
    const [tail] = await tailIds();
    expect(tail).toBeDefined();
    await raw.sendCommand(['CLIENT', 'KILL', 'ID', tail!]);
    // Changes committed while the tail is away.
    const during = [await post(a, 'ALARM'), await post(a, 'NOISE')];
    await until('the tail connected again', async () => (await tailIds()).some((id) => id !== tail), 15_000);
    const after = await post(a, 'SUSP');

    const state = await onA.waitFor('every call', (s) => [...during, after].every((c) => s.calls.has(c.id)), 20_000);
    expect(state.calls.size).toBe(4);
    expect(onA.snapshots).toBe(1);
    expect(onA.history).toBe(history);
    expect(state.seq).toBe(a.app.feed.projection.seq);
    await expect.poll(() => onA.serverLive, { timeout: 15_000 }).toBe(true);
  }, 60_000);
});

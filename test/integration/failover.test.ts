import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import type { Call } from '../../shared/call';
import { startLocalSentinelCluster, type LocalSentinelCluster } from '../../server/redis/local-cluster';
import { TestLiveClient } from '../helpers/live-client';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';
import type { LiveData } from '../../client/src/lib/apply-changes';

/**
 * Tandem on a real Redis Sentinel deployment (primary, replica, three sentinels, all real
 * redis-server processes on free ports) with two real instances, as behind a proxy.
 */
let dir: string;
let cluster: LocalSentinelCluster;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-failover-'));
  cluster = await startLocalSentinelCluster({ dir });
  a = await startTestServer(cluster.target, {}, { sessionCheckMs: 60_000 });
  b = await startTestServer(cluster.target, {}, { sessionCheckMs: 60_000 });
}, 60_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const newCall = (i: number) => ({ nature: 'WELFARE', priority: 3, location: { lat: 39.74 + i * 1e-4, lon: -104.98 } });

/** What a board shows, in a form two boards can be compared by. */
const boardOf = (s: LiveData | null) => ({
  seq: s?.seq,
  calls: [...(s?.calls.values() ?? [])].sort((x, y) => x.id.localeCompare(y.id)),
  units: [...(s?.units.values() ?? [])].sort((x, y) => x.id.localeCompare(y.id)),
});

describe('Tandem on Redis Sentinel', () => {
  it('does not call a change saved while the replica cannot confirm it, and says so', async () => {
    const leaving = await b.signIn('dispatcher', 'dora-leaving');
    process.kill(cluster.replica.pid, 'SIGSTOP'); // the replica hangs: still connected, confirming nothing
    try {
      const res = await api<{ error: { message: string } }>(a.url, 'POST', '/calls', newCall(5000));
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(/replica did not confirm it, so it may not survive a failover. Check the board/);
      expect(res.body.error).toMatchObject({ details: { saved: true } }); // an integration must not simply retry
      // Changes outside calls too: a sign-out the replica does not have could come back after a failover.
      const signOut = await api<{ error: { message: string } }>(b.url, 'DELETE', '/session', undefined, { cookie: leaving });
      expect(signOut.status).toBe(503);
      expect(signOut.body.error.message).toMatch(/replica did not confirm it/);
    } finally {
      process.kill(cluster.replica.pid, 'SIGCONT');
    }
    // Refused at once for a moment after an unconfirmed WAIT (so writes do not stall behind one), then confirmed again.
    await until('a write the replica confirms again', async () => (await api(a.url, 'POST', '/calls', newCall(5001))).status === 201);
  }, 30_000);

  it('keeps every acknowledged call when the primary is killed, refuses with 503 while it switches, then writes again', async () => {
    await cluster.settled(cluster.primary.port); // the replica is back in sync and known to every sentinel
    const acknowledged: string[] = [];
    const refused: { status: number; message: string }[] = [];
    let killedAt = -1;
    // Two writers, one per instance, posting one call after another as CAD integrations would.
    const writer = async (server: TestServer, from: number) => {
      for (let i = from; ; i += 2) {
        if (killedAt >= 0 && acknowledged.length >= killedAt + 20) return;
        const res = await api<Call & { error?: { message: string } }>(server.url, 'POST', '/calls', newCall(i));
        if (res.status === 201) acknowledged.push(res.body.id);
        else refused.push({ status: res.status, message: res.body.error?.message ?? '' });
        if (res.status !== 201 && res.status !== 503) throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.body)}`);
        if (refused.length > 2000) throw new Error(`writes never resumed: ${JSON.stringify(refused.slice(-3))}`);
        if (res.status !== 201) await new Promise((r) => setTimeout(r, 20)); // a client's retry pace
      }
    };
    const writing = Promise.all([writer(a, 0), writer(b, 1)]);
    await until('20 calls acknowledged before the kill', () => acknowledged.length >= 20);
    killedAt = acknowledged.length;
    process.kill(cluster.primary.pid, 'SIGKILL');
    await writing;
    // Before the kill, acknowledgements waited for the replica to have the change; after it
    // there is no replica left, and the primary's word was taken, counted for /metrics.
    expect(a.app.counters.replicaWaits + b.app.counters.replicaWaits).toBeGreaterThan(0);
    expect(a.app.counters.writesUnreplicated + b.app.counters.writesUnreplicated).toBeGreaterThan(0);

    // Refusals during the switch are 503s that say what happened.
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.status).toBe(503);
      expect(r.message).toMatch(/data store \(Redis\)/);
    }
    // The replica is the primary now, and holds every call either instance acknowledged.
    const promoted = createClient({ url: cluster.replica.url });
    await promoted.connect();
    try {
      expect(((await promoted.sendCommand(['ROLE'])) as string[])[0]).toBe('master');
      const missing: string[] = [];
      for (const id of acknowledged) if (!(await promoted.exists(`tandem:call:${id}`))) missing.push(id);
      expect(missing).toEqual([]);
    } finally {
      promoted.destroy();
    }
    // And both instances serve them.
    for (const server of [a, b]) {
      for (const id of acknowledged.slice(-5)) expect((await api(server.url, 'GET', `/calls/${id}`)).status).toBe(200);
    }
  }, 90_000);

  it('still ends a session on every instance after the failover (the instances re-subscribed on the new primary)', async () => {
    const cookie = await a.signIn('dispatcher', 'after-failover');
    const onB = new TestLiveClient(b.url, { cookie });
    try {
      await onB.waitFor('snapshot', () => true);
      expect((await api(a.url, 'DELETE', '/session', undefined, { cookie })).status).toBe(204);
      await until('the socket on the other instance to be cut', () => !onB.socket.connected);
    } finally {
      onB.close();
    }
  }, 30_000);

  it('resumes a board from a killed instance on the other one, to exactly the state a fresh board there shows', async () => {
    const onA = new TestLiveClient(a.url, { cookie: a.cookie });
    await onA.waitFor('snapshot', () => true);
    const first = (await api<Call>(a.url, 'POST', '/calls', newCall(9001))).body;
    await onA.waitFor('the first call', (s) => s.calls.has(first.id));

    // The instance goes away with its sockets; the board keeps what it had, as a browser does.
    const closed = a.app.close();
    a.app.httpServer.closeAllConnections();
    await closed;
    await until('the board to notice', () => !onA.socket.connected);
    const kept = onA.state!;

    // Meanwhile the floor goes on through the other instance.
    const second = (await api<Call>(b.url, 'POST', '/calls', newCall(9002))).body;
    expect((await api(b.url, 'PATCH', `/calls/${first.id}`, { status: 'closed', disposition: 'unfounded' })).status).toBe(200);

    const resumed = new TestLiveClient(b.url, { cookie: a.cookie, initialState: kept, history: onA.history });
    const fresh = new TestLiveClient(b.url, { cookie: b.cookie });
    try {
      await resumed.waitFor('the call posted while it was away', (s) => s.calls.has(second.id) && !s.calls.has(first.id));
      await fresh.waitFor('snapshot', () => true);
      await until('both boards at one sequence', () => resumed.state?.seq === fresh.state?.seq);
      expect(resumed.snapshots).toBe(0); // it caught up from the stream, not by starting over
      expect(boardOf(resumed.state)).toEqual(boardOf(fresh.state));
    } finally {
      onA.close();
      resumed.close();
      fresh.close();
    }
  }, 60_000);
});

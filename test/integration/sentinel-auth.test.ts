import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { pingOnce } from '../../server/redis/embedded';
import { startLocalSentinelCluster, type LocalSentinelCluster } from '../../server/redis/local-cluster';
import { TestLiveClient } from '../helpers/live-client';
import { api, startTestServer, type TestServer } from '../helpers/server';

/** A Sentinel deployment whose Redis servers and sentinels both require passwords (REDIS_PASSWORD, REDIS_SENTINEL_PASSWORD). */
let dir: string;
let cluster: LocalSentinelCluster;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-sentinel-auth-'));
  cluster = await startLocalSentinelCluster({ dir, password: 'data-secret-7', sentinelPassword: 'sentinel-secret-9' });
  server = await startTestServer(cluster.target);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Tandem on a password-protected Sentinel deployment', () => {
  it('works end to end: a call is saved, confirmed by the replica, and shown live', async () => {
    const board = new TestLiveClient(server.url);
    try {
      await board.waitFor('snapshot', () => true);
      const res = await api<Call>(server.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location: { lat: 39.74, lon: -104.98 } });
      expect(res.status).toBe(201);
      await board.waitFor('the call', (s) => s.calls.has(res.body.id));
      expect(server.app.counters.replicaWaits).toBeGreaterThan(0);
    } finally {
      board.close();
    }
  });

  it('is really protected: without the password Redis does not answer a PING', async () => {
    expect(await pingOnce(cluster.primary.port)).toBe(false);
    expect(await pingOnce(cluster.primary.port, 'data-secret-7')).toBe(true);
  });
});

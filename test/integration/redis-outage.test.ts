import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { ApiErrorBody } from '../../shared/errors';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';

let dir: string;
let redis: TestRedis;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-outage-'));
  redis = await startTestRedis({ dir, appendOnly: true });
  server = await startTestServer(redis.url);
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const readyStatus = () => fetch(`${server.url}/readyz`).then((r) => r.status);
const body = { nature: 'MNTL', priority: 2, location: { lat: 39.74, lon: -104.98 } };

describe('when Redis goes away', () => {
  it('refuses writes at once, reports not ready, keeps what was saved, and recovers by itself', async () => {
    const board = new TestLiveClient(server.url);
    try {
      const before = (await api<Call>(server.url, 'POST', '/calls', body)).body;
      await board.waitFor('the first call', (s) => s.calls.has(before.id));

      await redis.stop();
      await until('/readyz to fail', async () => (await readyStatus()) === 503);
      // Ending a session now reaches the adapter's publish while Redis is away: a warning, not a
      // crash (vitest fails the run on an unhandled rejection).
      server.app.auth.revoked(['a-session-that-ended']);
      const refused = await api<ApiErrorBody>(server.url, 'POST', '/calls', body);
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('unavailable');
      expect(refused.body.error.message).toMatch(/nothing was changed/);

      redis = await startTestRedis({ dir, appendOnly: true, port: redis.port });
      await until('/readyz to pass again', async () => (await readyStatus()) === 200);

      expect((await api<Call>(server.url, 'GET', `/calls/${before.id}`)).body.id).toBe(before.id);
      const after = await api<Call>(server.url, 'POST', '/calls', body);
      expect(after.status).toBe(201);
      const state = await board.waitFor('the call made after the outage', (s) => s.calls.has(after.body.id));
      expect(state.calls.has(before.id)).toBe(true);
    } finally {
      board.close();
    }
  });

  it('answers 503 within the command timeout while Redis is paused, instead of hanging, and recovers', async () => {
    process.kill(redis.pid, 'SIGSTOP');
    try {
      const started = Date.now();
      const refused = await api<ApiErrorBody>(server.url, 'POST', '/calls', body);
      const waited = Date.now() - started;
      expect(refused.status).toBe(503);
      expect(refused.body.error.message).toMatch(/did not answer in time; the change may or may not have been saved/);
      // A bound, not a speed goal: the 3 s deadline plus its 250 ms slice, with room for a busy machine.
      expect(waited).toBeLessThan(10_000);
      expect(await readyStatus()).toBe(503);
    } finally {
      process.kill(redis.pid, 'SIGCONT');
    }
    await until('/readyz to pass again', async () => (await readyStatus()) === 200);
    expect((await api<Call>(server.url, 'POST', '/calls', body)).status).toBe(201);
  });
});

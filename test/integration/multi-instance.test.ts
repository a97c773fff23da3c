import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

/**
 * Two real Tandem instances on one Redis, as behind a load balancer. The session re-check poll
 * is set to a minute, so anything that happens within the test's waits came through Redis.
 */
let redis: TestRedis;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  redis = await startTestRedis();
  a = await startTestServer(redis.url, {}, { sessionCheckMs: 60_000 });
  b = await startTestServer(redis.url, {}, { sessionCheckMs: 60_000 });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
});

describe('several instances on one Redis', () => {
  it('shows a call posted to one instance on the screens of the other', async () => {
    const onB = new TestLiveClient(b.url, { cookie: b.cookie });
    try {
      await onB.waitFor('snapshot', () => true);
      const call = (await api<Call>(a.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location: { lat: 39.74, lon: -104.98 } })).body;
      const state = await onB.waitFor('the call from the other instance', (s) => s.calls.has(call.id));
      expect(state.calls.get(call.id)!.number).toBe(call.number);
    } finally {
      onB.close();
    }
  });

  it("ends a session's sockets on every instance when it signs out on one", async () => {
    const cookie = await a.signIn('dispatcher', 'dana-two-desks');
    const onB = new TestLiveClient(b.url, { cookie });
    const ended: string[] = [];
    onB.socket.on('session:ended', ({ reason }) => ended.push(reason));
    try {
      await onB.waitFor('snapshot', () => true);
      expect((await api(a.url, 'DELETE', '/session', undefined, { cookie })).status).toBe(204);
      await expect.poll(() => onB.socket.connected, { timeout: 10_000 }).toBe(false);
      expect(ended).toEqual(['your session has ended; sign in again']);
    } finally {
      onB.close();
    }
  });

  it('ends the sockets of a user whose role an admin changed on the other instance', async () => {
    const admin = await a.signIn('admin', 'ada-admin');
    const cookie = await b.signIn('dispatcher', 'rolf-role');
    const onB = new TestLiveClient(b.url, { cookie });
    try {
      await onB.waitFor('snapshot', () => true);
      expect((await api(a.url, 'PATCH', '/admin/users/rolf-role', { role: 'coordinator' }, { cookie: admin })).status).toBe(200);
      await expect.poll(() => onB.socket.connected, { timeout: 10_000 }).toBe(false);
    } finally {
      onB.close();
    }
  });

  it('counts failed sign-ins from one address across instances, so two do not allow twice the guesses', async () => {
    // One name guessed from one address: 10 failures are the limit, wherever each one landed.
    const attempt = (s: TestServer) => api(s.url, 'POST', '/session', { username: 'nobody-shared', password: 'wrong guess' }, { cookie: '' });
    for (let i = 0; i < 10; i++) expect((await attempt(i % 2 === 0 ? a : b)).status).toBe(401);
    expect((await attempt(a)).status).toBe(429);
    expect((await attempt(b)).status).toBe(429);
  });
});

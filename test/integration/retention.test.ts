import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { AuditLog } from '../../server/auth/audit-log';
import { createLogger } from '../../server/log';
import { Retention } from '../../server/redis/retention';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';

let redis: TestRedis;
let server: TestServer;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const DAY = 86_400_000;
const location = { lat: 39.74, lon: -104.98 };
const log = createLogger('silent');

async function closedCall(externalId: string): Promise<Call> {
  const call = (await api<Call>(server.url, 'POST', '/calls', { nature: 'THEFT', priority: 4, location, externalId })).body;
  const closed = await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { status: 'cancelled' });
  expect(closed.status).toBe(200);
  return closed.body;
}

describe('retention', () => {
  it('removes calls finished before CALL_RETENTION_DAYS with their external-id claim, and keeps newer and open ones', async () => {
    const old = await closedCall('cad-old-1');
    await new Promise((r) => setTimeout(r, 30));
    const recent = await closedCall('cad-recent-1');
    const open = (await api<Call>(server.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location })).body;
    // A clock one day after the cutoff that falls between the two closings.
    const between = (old.statusSince + recent.statusSince) / 2;
    const retention = new Retention(server.redis, server.app.store.keys, { callRetentionDays: 1, now: () => between + DAY }, log);

    expect(await retention.sweep()).toBe(1);
    expect((await api(server.url, 'GET', `/calls/${old.id}`)).status).toBe(404);
    expect((await api(server.url, 'GET', `/calls/${recent.id}`)).status).toBe(200);
    expect((await api(server.url, 'GET', `/calls/${open.id}`)).status).toBe(200);
    // The integrator's id is free again: posting it makes a new call rather than answering the removed one.
    const again = await api<Call>(server.url, 'POST', '/calls', { nature: 'THEFT', priority: 4, location, externalId: 'cad-old-1' });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(old.id);
    expect(await retention.sweep()).toBe(0);
  });

  it('keeps a call that was reopened, however long ago it first finished', async () => {
    const call = await closedCall('cad-reopen-1');
    const reopened = await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { status: 'pending', reason: 'caller rang back' }, { cookie: server.cookie });
    expect(reopened.status).toBe(200);
    const retention = new Retention(server.redis, server.app.store.keys, { callRetentionDays: 1, now: () => Date.now() + 10 * DAY }, log);
    await retention.sweep();
    expect((await api(server.url, 'GET', `/calls/${call.id}`)).status).toBe(200);
  });

  it('reaches calls that finished before the finished-calls index existed', async () => {
    const old = await closedCall('cad-before-index');
    const keys = server.app.store.keys;
    // As a data set from before this version holds it: the call, and no entry in the index.
    await server.redis.zRem(keys.finishedCalls, old.id);
    await server.redis.del(`${keys.finishedCalls}:backfilled`);
    const retention = new Retention(server.redis, keys, { callRetentionDays: 1, now: () => old.statusSince + 2 * DAY }, log);
    expect(await retention.sweep()).toBeGreaterThanOrEqual(1);
    expect((await api(server.url, 'GET', `/calls/${old.id}`)).status).toBe(404);
  });

  it('caps the audit trail by size as well as by age', async () => {
    const audit = new AuditLog(server.redis, { ...server.app.store.keys, audit: 'test:audit-cap' }, { retentionDays: 400, maxEntries: 1000 }, log);
    for (let i = 0; i < 3000; i++) await audit.record({ component: 'test', type: 'command', actor: 'cap-test', outcome: 'success', subject: `s${i}` });
    const length = await server.redis.xLen('test:audit-cap');
    // Trimming is approximate (whole stream nodes of about 100 records): near the cap, never far above.
    expect(length).toBeGreaterThanOrEqual(1000);
    expect(length).toBeLessThan(1300);
  });

  it("trims shift replay's recording with the calls, keeping every change a kept keyframe needs", async () => {
    const keys = server.app.store.keys;
    const { recorder } = server.app;
    await recorder.keyframe();
    const [oldFrame] = (await server.redis.xRevRange(keys.replayFrames, '+', '-', { COUNT: 1 })) ?? [];
    await closedCall('cad-replay-1');
    await until('the change is recorded', async () => (await server.redis.xLen(keys.replayChanges)) > 0);
    // Packed into a block, as an hour-old recording is.
    await recorder.pack(Date.now() + 1);
    expect(await server.redis.xLen(keys.replayChangesPacked)).toBe(1);
    const cutoffAt = Number(oldFrame!.id.split('-')[0]) + 1;
    await until('a millisecond has passed', () => Date.now() > cutoffAt);
    await recorder.keyframe();
    const [keptFrame] = (await server.redis.xRevRange(keys.replayFrames, '+', '-', { COUNT: 1 })) ?? [];
    const later = await closedCall('cad-replay-2');
    await until('the later change is recorded', async () => {
      const [last] = (await server.redis.xRevRange(keys.replayChanges, '+', '-', { COUNT: 1 })) ?? [];
      return last !== undefined && JSON.parse(last.message.d!).calls.some((c: { id: string }) => c.id === later.id);
    });

    await new Retention(server.redis, keys, { callRetentionDays: 1, now: () => cutoffAt + DAY }, log).sweep();
    expect(await server.redis.xLen(keys.replayChangesPacked)).toBe(0);
    const frames = (await server.redis.xRange(keys.replayFrames, '-', '+')) ?? [];
    expect(frames.map((f) => f.id)).toEqual([keptFrame!.id]);
    // Changes before the kept keyframe are gone; those after it stay.
    const changes = (await server.redis.xRange(keys.replayChanges, '-', '+')) ?? [];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => Number(c.id.split('-')[0]) > Number(keptFrame!.message.seq))).toBe(true);
  });
});

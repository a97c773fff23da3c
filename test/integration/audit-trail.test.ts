import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/admin';
import type { Call } from '../../shared/call';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';

let redis: TestRedis;
let server: TestServer;
let admin: string;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  admin = await server.signIn('admin');
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const audit = async (q: string) => (await api<AuditRecord[]>(server.url, 'GET', `/admin/audit?${q}`, undefined, { cookie: admin })).body;

describe('the audit trail', () => {
  it('finds everything done to one call by its id, from REST and from the board alike', async () => {
    const call = (await api<Call>(server.url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location: { lat: 39.74, lon: -104.99 } })).body;
    const patched = await api<Call>(server.url, 'PATCH', `/calls/${call.id}`, { priority: 2 }, { 'if-match': String(call.version) });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const board = new TestLiveClient(server.url);
    await board.waitFor('snapshot', () => true);
    const ack = await board.socket.emitWithAck('call:note', { callId: call.id, text: 'caller calmer now' });
    expect(ack.ok).toBe(true);
    board.close();

    const records = await audit(`subject=${call.id}`);
    expect(records.map((r) => `${r.component} ${r.detail?.split(' ')[0]}`)).toEqual(expect.arrayContaining(['rest PATCH', 'socket call:note:']));
    expect(records.every((r) => r.subject === call.id)).toBe(true);
  });

  it('finds a rare user behind many thousands of newer records', async () => {
    await server.app.auth.audit.record({ component: 'test', type: 'signin', actor: 'rare-ray', outcome: 'success', subject: 'rare-ray' });
    // A busy day since: twelve thousand records by others.
    for (let i = 0; i < 12; i++) {
      const batch = server.redis.multi();
      for (let j = 0; j < 1000; j++) {
        batch.xAdd(server.app.store.keys.audit, '*', {
          at: String(Date.now()),
          component: 'test',
          type: 'command',
          actor: 'busy-bea',
          outcome: 'success',
          subject: `c${j}`,
        });
      }
      await batch.exec();
    }
    const found = await audit('actor=rare-ray');
    expect(found.map((r) => r.actor)).toEqual(['rare-ray']);
  });
  it("finds a call's creation by the call's id", async () => {
    const call = (await api<Call>(server.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location: { lat: 39.74, lon: -104.98 } })).body;
    await until('the creation audited', async () => (await audit(`subject=${call.id}`)).length > 0);
    expect(await audit(`subject=${call.id}`)).toEqual([expect.objectContaining({ component: 'rest', detail: 'POST /api/v1/calls -> 201' })]);
  });
});

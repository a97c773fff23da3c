import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { SOCKET_OPERATIONS } from '../../shared/operations';
import type { Unit } from '../../shared/unit';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';

let redis: TestRedis;
let server: TestServer;
let call: Call;

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startTestServer(redis.url);
  call = (await api<Call>(server.url, 'POST', '/calls', { nature: 'THEFT', priority: 3, location: { lat: 39.7, lon: -104.9 } })).body;
  await api<Unit>(server.url, 'PUT', '/units/fuzz-unit', { callsign: 'F1', type: 'law', position: { lat: 39.7, lon: -104.9 } });
});
afterAll(async () => {
  await server?.close();
  await redis?.stop();
});

const snapshotOfTargets = async () =>
  JSON.stringify([(await api(server.url, 'GET', `/calls/${call.id}`)).body, (await api(server.url, 'GET', '/units/fuzz-unit')).body]);

/** Valid bodies, to be broken in every way a careless or hostile client might. */
const VALID: Record<string, unknown> = {
  nature: 'EDP',
  priority: 2,
  location: { lat: 39.7, lon: -104.9, address: '1 Main St' },
  status: 'available',
  unitId: 'fuzz-unit',
  lat: 39.7,
  lon: -104.9,
  note: 'hello',
};
const hostileValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    null,
    '',
    'x'.repeat(3000),
    -1,
    1e308,
    -1e308,
    91,
    1.5,
    '__proto__',
    { __proto__: { admin: true } },
    [],
    [[[[]]]],
    '<script>alert(1)</script>',
  ),
);
const hostileBody = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.constantFrom(...Object.keys(VALID), '__proto__', 'constructor', 'role', 'version', 'id'), hostileValue),
  fc.record({ ...Object.fromEntries(Object.keys(VALID).map((k) => [k, fc.option(hostileValue, { nil: undefined })])) }),
);
const rawText = fc.constantFrom('{"nature":NaN}', '{"lat":Infinity}', '{', '[]', 'null', '{"__proto__":{"x":1}}', '\u0000', '{"a":1}'.repeat(5000));

const ROUTES = () =>
  [
    ['POST', '/calls'],
    ['PATCH', `/calls/${call.id}`],
    ['POST', `/calls/${call.id}/assignments`],
    ['PUT', '/units/fuzz-unit'],
    ['POST', '/units/fuzz-unit/position'],
    ['POST', '/units/fuzz-unit/status'],
  ] as const;

describe('fuzzed input', () => {
  it('never answers a REST body with a 5xx, and a refused body changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(ROUTES().length - 1), fc.oneof(hostileBody, rawText), async (r, body) => {
        const [method, path] = ROUTES()[r]!;
        const before = await snapshotOfTargets();
        const res = await api(server.url, method, path, typeof body === 'string' ? body : JSON.stringify(body ?? null));
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400 && path !== '/calls') expect(await snapshotOfTargets()).toBe(before);
      }),
      { numRuns: 300 },
    );
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  }, 120_000);

  it('answers every fuzzed socket command with a refusal and keeps the connection and the state', async () => {
    const board = new TestLiveClient(server.url);
    await board.waitFor('snapshot', () => true);
    const names = SOCKET_OPERATIONS;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), hostileBody, async (name, payload) => {
        const before = await snapshotOfTargets();
        const ack = await board.socket.timeout(5000).emitWithAck(name, payload as never);
        if (!ack.ok) expect(await snapshotOfTargets()).toBe(before);
        expect(board.socket.connected).toBe(true);
      }),
      { numRuns: 150 },
    );
    board.close();
  }, 120_000);

  it('drops a socket that sends an oversized frame, and the server keeps serving others', async () => {
    // The fuzzing above may have added notes (a valid PATCH is allowed): compare with now.
    const notesBefore = (await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body.notes;
    const big = new TestLiveClient(server.url);
    await big.waitFor('snapshot', () => true);
    const gone = new Promise<string>((resolve) => big.socket.once('disconnect', resolve));
    big.socket.emit('call:note', { callId: call.id, text: 'x'.repeat(100_000) } as never, () => undefined);
    expect(await gone).toBe('transport close');
    big.close();
    const other = new TestLiveClient(server.url);
    await other.waitFor('snapshot', () => true);
    other.close();
    expect((await api<Call>(server.url, 'GET', `/calls/${call.id}`)).body.notes).toEqual(notesBefore);
  });
});

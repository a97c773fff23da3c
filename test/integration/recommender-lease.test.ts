import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { TestLiveClient } from '../helpers/live-client';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';

let redis: TestRedis;
let first: TestServer;
let second: TestServer;

beforeAll(async () => {
  redis = await startTestRedis();
  first = await startTestServer(redis.url);
  second = await startTestServer(redis.url);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await redis?.stop();
});

const passes = (s: TestServer) => s.app.counters.recommenderPasses;

describe('one recommender per deployment', () => {
  it('runs on one instance at a time, and another takes over when it stops', async () => {
    await until('a recommender to run', () => passes(first) + passes(second) > 3);
    const [holder, other] = passes(first) > 0 ? [first, second] : [second, first];
    expect(passes(other)).toBe(0);

    await holder.close();
    const before = passes(other);
    await until('the other instance to take over', () => passes(other) > before);

    // And it gives advice: a team near a new MH call is recommended through the survivor.
    await api(other.url, 'PUT', '/units/lease-team', {
      callsign: 'STAR4',
      type: 'crisis_team',
      position: { lat: 39.741, lon: -104.98 },
      shift: { start: '00:00', end: '00:00' },
    });
    const call = (
      await api<Call>(other.url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location: { lat: 39.74, lon: -104.98 }, weapons: 'no', violence: 'no' })
    ).body;
    const board = new TestLiveClient(other.url);
    const state = await board.waitFor('advice for the call', (s) => s.calls.get(call.id)?.mh.recommendation?.unitIds[0] === 'lease-team');
    expect(state.calls.get(call.id)!.mh.recommendation!.model).toBe('alternative');
    board.close();
  });
});

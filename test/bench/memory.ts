/**
 * Redis memory over a year (issue 9): measures what one finished call, one audit record and one
 * change-stream entry really cost in a redis-server of its own, then projects a year of a
 * center with 150 units reporting every 5 s and 500 calls a day under the retention settings.
 * A benchmark, not a test: it prints figures. Run alone with `node --import tsx test/bench/memory.ts`.
 */
import { AuditLog } from '../../server/auth/audit-log';
import { Commands } from '../../server/commands/commands';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { connectRedis, type RedisClient } from '../../server/redis/client';
import { makeKeys } from '../../server/redis/keys';
import { Store } from '../../server/redis/store';
import { loadResponseRules } from '../../server/response-rules';
import { startTestRedis } from '../helpers/redis';
import type { BenchRow } from './table';

const UNITS = 150;
const CALLS_PER_DAY = 500;
/** Audit records per call (create, assign, statuses, notes, close, by people and integrations) plus sign-ins. */
const AUDIT_PER_CALL = 12;
const GB = 1024 ** 3;

async function usedMemory(redis: RedisClient): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/**
 * Bytes per item: memory after writing `count` items, less before, over `count`. `settle` runs
 * before the second reading (to leave out what is counted elsewhere).
 */
async function perItem(redis: RedisClient, count: number, write: (i: number) => Promise<unknown>, settle?: () => Promise<unknown>): Promise<number> {
  const before = await usedMemory(redis);
  for (let i = 0; i < count; i++) await write(i);
  await settle?.();
  return ((await usedMemory(redis)) - before) / count;
}

export async function memoryBench(opts: { quick: boolean; log: (s: string) => void }): Promise<BenchRow[]> {
  const { log } = opts;
  const config = loadConfig({ SIMULATE: '0', REDIS_URL: 'redis://127.0.0.1:1' });
  const rules = loadResponseRules(config.responseRulesFile);
  const redisServer = await startTestRedis();
  const redis = await connectRedis(redisServer.url, 'bench-memory', () => undefined);
  try {
    const keys = makeKeys('bench:');
    const store = new Store(redis, keys, config.streamMaxLen, config.streamMaxBytes);
    const commands = new Commands(store, { mhKeywords: config.mhKeywords, backupRules: rules });
    const sample = opts.quick ? 300 : 2000;
    log(`memory: a city of ${UNITS} units, then ${sample} calls through their whole life...`);
    for (let i = 0; i < UNITS; i++) {
      await commands.putUnit('bench', `u${i}`, {
        callsign: `U${i}`,
        type: i % 10 === 0 ? 'crisis_team' : 'law',
        position: { lat: 39.7 + i / 1e4, lon: -104.99 },
      });
    }
    // The stream is capped by length and counted on its own below: start and end without it.
    await redis.del(keys.stream);
    // Calls as a real shift leaves them: notes, an assignment, statuses, closed with a disposition.
    const perCall = await perItem(
      redis,
      sample,
      async (i) => {
        const { call } = await commands.createCall(
          'cad',
          {
            nature: i % 5 === 0 ? 'WELFARE' : 'THEFT',
            priority: 1 + (i % 5),
            location: { lat: 39.74, lon: -104.99, address: `${1000 + i} Larimer St` },
            callerPhone: '303-555-0100',
            notes: 'Caller reports a neighbour shouting in the hallway; no weapons seen',
            externalId: `cad-${i}`,
          },
          'cad',
        );
        const unitId = `u${i % UNITS}`;
        await commands.assign('dispatcher-ann', call.id, { unitId });
        await commands.setUnitStatus('dispatcher-ann', unitId, { status: 'enroute' });
        await commands.setUnitStatus('dispatcher-ann', unitId, { status: 'onscene' });
        await commands.updateCall('dispatcher-ann', call.id, { note: 'On scene, talking with the resident; calm now' });
        await commands.setUnitStatus('dispatcher-ann', unitId, { status: 'available', disposition: 'resolved_on_scene' });
      },
      () => redis.del(keys.stream),
    );
    log('memory: audit records...');
    const audit = new AuditLog(redis, keys, { retentionDays: config.auth.auditRetentionDays, maxEntries: config.auth.auditMaxEntries }, createLogger('silent'));
    const perAudit = await perItem(redis, sample * 5, (i) =>
      audit.record({
        component: 'rest',
        type: 'command',
        actor: 'dispatcher-ann',
        outcome: 'success',
        subject: `0f8c2a44-7d1e-4b7a-9f0e-${String(i).padStart(12, '0')}`,
        detail: 'PATCH /api/v1/calls/0f8c2a44 -> 200',
      }),
    );
    log('memory: change-stream entries of moving units, one unit a report and the whole fleet a report...');
    const perEntry = await perItem(redis, sample * 5, (i) =>
      commands.updatePositions('avl', [{ unitId: `u${i % UNITS}`, lat: 39.7 + (i % 100) / 1e4, lon: -104.99 }]),
    );
    const fleet = (i: number) => Array.from({ length: UNITS }, (_, u) => ({ unitId: `u${u}`, lat: 39.7 + ((i + u) % 100) / 1e4, lon: -104.99 }));
    const perFleetEntry = await perItem(redis, sample / 2, (i) => commands.updatePositions('avl', fleet(i)));

    const callDays = Math.min(365, config.callRetentionDays);
    const calls = CALLS_PER_DAY * callDays;
    const auditRecords = Math.min(CALLS_PER_DAY * AUDIT_PER_CALL * Math.min(365, config.auth.auditRetentionDays), config.auth.auditMaxEntries);
    // The stream is capped by entries and by bytes (STREAM_MAX_BYTES): the larger of the two
    // feeds' steady states is what it holds.
    const streamBytes = Math.max(
      config.streamMaxLen * perEntry,
      Math.min(config.streamMaxLen, Math.max(1000, Math.floor(config.streamMaxBytes / perFleetEntry))) * perFleetEntry,
    );
    const total = calls * perCall + auditRecords * perAudit + streamBytes;
    const gb = (bytes: number) => `${(bytes / GB).toFixed(2)} GB`;
    log(
      `memory: ${perCall.toFixed(0)} B a finished call, ${perAudit.toFixed(0)} B an audit record, ${perEntry.toFixed(0)} B a one-unit stream entry, ${perFleetEntry.toFixed(0)} B a ${UNITS}-unit one`,
    );
    return [
      {
        figure: `Redis memory after a year (${UNITS} units every 5 s, ${CALLS_PER_DAY} calls a day)`,
        value: `${gb(total)}: ${Math.round(calls).toLocaleString('en-US')} calls ${gb(calls * perCall)}, ${auditRecords.toLocaleString('en-US')} audit records ${gb(auditRecords * perAudit)}, change stream ${gb(streamBytes)}`,
        target: '<= 4 GB',
        met: total <= 4 * GB,
      },
      {
        figure: 'positions kept per unit (telemetry, not audited)',
        value: `the latest only; ${((UNITS * 86_400) / 5).toLocaleString('en-US')} reports a day leave no record beyond the capped stream`,
        target: '',
        met: null,
      },
    ];
  } finally {
    await redis.quit().catch(() => undefined);
    await redisServer.stop();
  }
}

if (process.argv[1]?.endsWith('memory.ts')) {
  const { formatTable } = await import('./table');
  const rows = await memoryBench({ quick: process.argv.includes('--quick'), log: (s) => process.stdout.write(`${s}\n`) });
  process.stdout.write(`${formatTable(rows)}\n`);
}

import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/admin';
import type { Call } from '../../shared/call';
import { AuditLog } from '../../server/auth/audit-log';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { connectRedis, type RedisClient } from '../../server/redis/client';
import { makeKeys } from '../../server/redis/keys';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { until } from '../helpers/wait';

/**
 * The audit trail is bounded by size (AUDIT_MAX_ENTRIES, at least 10,000) and by age
 * (AUDIT_RETENTION_DAYS, at least 1). Trimming is approximate: Redis drops whole stream nodes
 * (at most 100 records each), so a bound holds to within one node.
 */
const DAY = 86_400_000;
const NODE = 100;
const AUDIT_KEY = makeKeys('tandem:').audit;
const log = createLogger('silent');

const redises: TestRedis[] = [];
const servers: TestServer[] = [];
const raws: { quit(): Promise<unknown> }[] = [];

afterAll(async () => {
  for (const r of raws.splice(0)) await r.quit().catch(() => undefined);
  for (const s of servers.splice(0)) await s.close();
  for (const r of redises.splice(0)) await r.stop();
});

async function connectRaw(url: string) {
  const raw = createClient({ url });
  await raw.connect();
  raws.push(raw);
  return raw;
}
type Raw = Awaited<ReturnType<typeof connectRaw>>;

async function freshRedis(): Promise<{ redis: TestRedis; raw: Raw }> {
  const redis = await startTestRedis();
  redises.push(redis);
  return { redis, raw: await connectRaw(redis.url) };
}

async function serverOn(redis: TestRedis, env: Record<string, string>): Promise<TestServer> {
  const s = await startTestServer(redis.url, env);
  servers.push(s);
  return s;
}

/**
 * Writes `count` audit records by `actor` as Tandem would have: from `fromMs` on, one per
 * millisecond (records left by an earlier run, before anything newer), or as of now.
 */
async function writeRecords(raw: Raw, key: string, actor: string, count: number, fromMs?: number): Promise<void> {
  for (let done = 0; done < count; done += 1000) {
    const batch = raw.multi();
    for (let i = done; i < Math.min(count, done + 1000); i++) {
      const at = fromMs === undefined ? Date.now() : fromMs + i;
      batch.xAdd(key, fromMs === undefined ? '*' : `${at}-0`, {
        at: String(at),
        component: 'auth',
        type: 'signin',
        actor,
        outcome: 'success',
        subject: `${actor}-${i}`,
      });
    }
    await batch.exec();
  }
}

/** How many records `actor` still has, read straight from the stream. */
async function countOf(raw: Raw, key: string, actor: string): Promise<number> {
  const entries = (await raw.xRange(key, '-', '+')) ?? [];
  return entries.filter((e) => e.message.actor === actor).length;
}

describe('audit trail size cap (AUDIT_MAX_ENTRIES)', () => {
  let raw: Raw;
  let server: TestServer;
  let admin: string;
  const audit = async (q: string) => (await api<AuditRecord[]>(server.url, 'GET', `/admin/audit?${q}`, undefined, { cookie: admin })).body;

  beforeAll(async () => {
    const fresh = await freshRedis();
    raw = fresh.raw;
    server = await serverOn(fresh.redis, { AUDIT_MAX_ENTRIES: '10000' });
    admin = await server.signIn('admin', 'ada-audit');
  });

  it('stays near the cap however much is audited, dropping the oldest records and keeping the newest', async () => {
    // A long, busy history: half again as many records as the cap.
    await writeRecords(raw, AUDIT_KEY, 'busy-bea', 15_000);
    expect(await raw.xLen(AUDIT_KEY)).toBeGreaterThan(15_000);

    // The next audited action trims the trail to the cap.
    const first = await api<Call>(server.url, 'POST', '/calls', { nature: 'EDP', priority: 2, location: { lat: 39.74, lon: -104.98 } });
    expect(first.status).toBe(201);
    const afterOne = await raw.xLen(AUDIT_KEY);
    expect(afterOne).toBeGreaterThanOrEqual(10_000);
    expect(afterOne).toBeLessThan(10_000 + NODE);

    // Hundreds more audited actions (REST writes, board commands, sign-ins) keep it there.
    const calls: Call[] = [];
    for (let i = 0; i < 10; i++) {
      calls.push(
        ...(await Promise.all(
          Array.from({ length: 30 }, () =>
            api<Call>(server.url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location: { lat: 39.75, lon: -104.99 } }).then((r) => r.body),
          ),
        )),
      );
    }
    for (let i = 0; i < 5; i++) await server.signIn('dispatcher', `dee-${i}`);
    const length = await raw.xLen(AUDIT_KEY);
    expect(length).toBeGreaterThanOrEqual(10_000);
    expect(length).toBeLessThan(10_000 + NODE);

    // The oldest went first; what just happened is all there for an admin to find.
    expect(await audit('subject=busy-bea-0')).toEqual([]);
    expect(await audit('subject=busy-bea-14999')).toHaveLength(1);
    // Each REST write is audited as its answer goes out: wait for the last few to land.
    const creations = async () => (await audit('type=command&limit=1000')).filter((r) => r.detail === 'POST /api/v1/calls -> 201').length;
    await until('every call creation in the audit trail', async () => (await creations()) >= calls.length + 1);
    expect(await creations()).toBe(calls.length + 1);
    expect((await audit('type=signin&actor=dee-4')).map((r) => r.outcome)).toEqual(['success']);
  });
});

describe('audit trail retention (AUDIT_RETENTION_DAYS)', () => {
  it('drops records older than the retention when a server starts auditing, and keeps younger ones', async () => {
    const { redis, raw } = await freshRedis();
    const now = Date.now();
    // Left by an earlier run: some from 40 days ago, some from 20 days ago.
    await writeRecords(raw, AUDIT_KEY, 'ancient-ann', 500, now - 40 * DAY);
    await writeRecords(raw, AUDIT_KEY, 'recent-rob', 500, now - 20 * DAY);

    const server = await serverOn(redis, { AUDIT_RETENTION_DAYS: '30' });
    const admin = await server.signIn('admin', 'ada-age');
    const audit = async (q: string) => (await api<AuditRecord[]>(server.url, 'GET', `/admin/audit?${q}`, undefined, { cookie: admin })).body;

    // Whole nodes go: at most the one node shared with younger records may linger.
    expect(await countOf(raw, AUDIT_KEY, 'ancient-ann')).toBeLessThan(NODE);
    expect((await audit('actor=ancient-ann&limit=1000')).length).toBeLessThan(NODE);
    expect(await countOf(raw, AUDIT_KEY, 'recent-rob')).toBe(500);
    expect(await audit('actor=recent-rob&limit=1000')).toHaveLength(500);
    // ...and the server's own records since are there.
    expect((await audit('type=signin&actor=ada-age')).map((r) => r.outcome)).toEqual(['success']);
  });

  it('drops records that age past the retention while the server runs, on a later write', async () => {
    const { redis, raw } = await freshRedis();
    const key = 'test:audit-age';
    const now = Date.now();
    const old = now - 40 * DAY;
    await writeRecords(raw, key, 'ancient-ann', 500, old);
    await writeRecords(raw, key, 'recent-rob', 500, now - 20 * DAY);

    const redisForLog: RedisClient = await connectRedis(redis.url, 'test-audit', () => undefined);
    raws.push(redisForLog);
    let clock = old + 30 * DAY - 2 * 3_600_000; // two hours before the oldest records reach 30 days
    const audit = new AuditLog(redisForLog, { ...makeKeys('tandem:'), audit: key }, { retentionDays: 30, maxEntries: 1_000_000 }, log, () => clock);

    await audit.record({ component: 'test', type: 'command', actor: 'early-eve', outcome: 'success', subject: 'x' });
    expect(await countOf(raw, key, 'ancient-ann')).toBe(500);

    clock = old + 30 * DAY + 3_600_000; // an hour after they passed 30 days
    await audit.record({ component: 'test', type: 'command', actor: 'late-lou', outcome: 'success', subject: 'y' });
    expect(await countOf(raw, key, 'ancient-ann')).toBeLessThan(NODE);
    expect(await countOf(raw, key, 'recent-rob')).toBe(500);
    expect(await countOf(raw, key, 'early-eve')).toBe(1);
    expect(await countOf(raw, key, 'late-lou')).toBe(1);
  });
});

describe('audit limits in the configuration', () => {
  it('refuses to start with a cap or a retention below the minimum, naming the setting and the minimum', () => {
    expect(() => loadConfig({ AUDIT_MAX_ENTRIES: '9999' })).toThrow(/AUDIT_MAX_ENTRIES: .*10000/);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '0' })).toThrow(/AUDIT_RETENTION_DAYS: .*1/);
    expect(loadConfig({ AUDIT_MAX_ENTRIES: '10000', AUDIT_RETENTION_DAYS: '1' }).auth).toMatchObject({ auditMaxEntries: 10_000, auditRetentionDays: 1 });
  });
});

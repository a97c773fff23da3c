/**
 * `npm run bench:history [-- --calls N] [-- --runs N]`: does call-history search meet its target,
 * "with 100,000 closed calls in Redis, a search answers in <= 200 ms p95"?
 * A benchmark, not a test: it prints what it measured and asserts nothing.
 *
 * The real server (REST, Socket.IO, live feed) runs in this process against a redis-server of
 * its own. N finished calls (default 100,000) are seeded through Store.commit, the one write
 * path, so the history index is exactly what production writes (historyTokensOf, in the commit).
 * Then a mixed set of searches is sent over real HTTP with a supervisor's session, each kind
 * many times in a shuffled order, and beside them the bare baseline: GET /api/v1/calls/:id, one
 * small read over the same HTTP, auth and Redis stack. This machine is shared and its speed
 * varies from run to run, so each figure is also given as a ratio to that baseline's p95.
 */
import { Rng } from '../../server/sim/random';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CO_RESPONSE_DISPOSITIONS, GENERAL_DISPOSITIONS, Call, type Disposition } from '../../shared/call';
import { NATURES } from '../../shared/natures';
import type { UnitType } from '../../shared/unit-type';
import { historyTokensOf } from '../../server/history/history-tokens';
import type { RedisClient } from '../../server/redis/client';
import type { EntityWrite, Store } from '../../server/redis/store';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer, type TestServer } from '../helpers/server';
import { inParallel, markdown, n, percentile, runBenchmark, wholeOption } from './bench-kit';
import { formatTable } from './table';

const log = (s: string) => process.stdout.write(`${s}\n`);

const CALLS = wholeOption('calls') ?? 100_000;
/** Rounds of the whole mixed set: each kind of search is timed this many times. */
const RUNS = wholeOption('runs') ?? 200;
const WARMUP_RUNS = 10;
/** Commits in flight while seeding: enough to keep Redis busy, as a burst of integrations would. */
const SEED_CONCURRENCY = 50;
const TARGET_MS = 200;
/** The page size the board asks for (client/src/lib/history-query.ts). */
const PAGE = 50;
const DAY = 86_400_000;
/** Finish times spread over this many days back: just inside CALL_RETENTION_DAYS (400), so the hourly sweep removes none mid-run. */
const SPAN_DAYS = 399;

/* ---------------------------------------------------------------------------------------------
 * The data set. Seeded random numbers, so two runs search the same city and compare.
 * ------------------------------------------------------------------------------------------- */

/** The simulator's seeded generator (mulberry32), as a plain function. */
function seeded(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.float();
}
type Rand = () => number;
/** For the searches' parameters, drawn one after another. */
const rand = seeded(20260911);
/** Each call from a generator of its own: seeding runs 50 at a time, in no fixed order. */
const callRand = (i: number): Rand => seeded(0x5eed0000 + i);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
function weighted<T>(r: Rand, xs: readonly (readonly [T, number])[]): T {
  let left = r() * xs.reduce((s, [, w]) => s + w, 0);
  for (const [x, w] of xs) if ((left -= w) < 0) return x;
  return xs.at(-1)![0];
}

/**
 * Denver streets: north-south ones by longitude, east-west avenues by latitude, with how often
 * calls come from them. Quivas St is kept rare on purpose: the "rare word" search.
 */
const STREETS: readonly { name: string; axis: 'ns' | 'ew'; at: number; weight: number }[] = [
  { name: 'Sheridan Blvd', axis: 'ns', at: -105.0532, weight: 3 },
  { name: 'Federal Blvd', axis: 'ns', at: -105.025, weight: 6 },
  { name: 'Zuni St', axis: 'ns', at: -105.0155, weight: 2 },
  { name: 'Pecos St', axis: 'ns', at: -105.006, weight: 2 },
  { name: 'Kalamath St', axis: 'ns', at: -104.9995, weight: 2 },
  { name: 'Broadway', axis: 'ns', at: -104.9876, weight: 5 },
  { name: 'Lincoln St', axis: 'ns', at: -104.9857, weight: 3 },
  { name: 'Logan St', axis: 'ns', at: -104.982, weight: 2 },
  { name: 'Downing St', axis: 'ns', at: -104.9733, weight: 2 },
  { name: 'York St', axis: 'ns', at: -104.9597, weight: 2 },
  { name: 'Colorado Blvd', axis: 'ns', at: -104.9408, weight: 5 },
  { name: 'Quebec St', axis: 'ns', at: -104.9033, weight: 3 },
  { name: 'Havana St', axis: 'ns', at: -104.8663, weight: 3 },
  { name: 'Quivas St', axis: 'ns', at: -105.0085, weight: 0.05 },
  { name: 'Colfax Ave', axis: 'ew', at: 39.7402, weight: 8 },
  { name: '6th Ave', axis: 'ew', at: 39.7255, weight: 2 },
  { name: 'Alameda Ave', axis: 'ew', at: 39.7114, weight: 3 },
  { name: 'Mississippi Ave', axis: 'ew', at: 39.6968, weight: 2 },
  { name: 'Evans Ave', axis: 'ew', at: 39.6782, weight: 3 },
  { name: 'Hampden Ave', axis: 'ew', at: 39.6535, weight: 3 },
  { name: '17th Ave', axis: 'ew', at: 39.7433, weight: 2 },
  { name: '32nd Ave', axis: 'ew', at: 39.7623, weight: 2 },
  { name: '38th Ave', axis: 'ew', at: 39.7693, weight: 2 },
  { name: 'Montview Blvd', axis: 'ew', at: 39.7455, weight: 2 },
];
const RARE_WORD = 'quivas';
const COMMON_WORD = 'st';
/** Streets of two words ("colfax ave"): the two-word searches. */
const TWO_WORDS = STREETS.filter((s) => s.name.includes(' ') && s.weight >= 1).map((s) => s.name.toLowerCase());

/**
 * An address on Denver's grid: Broadway splits east/west (about 1000 numbers a km), Ellsworth
 * Ave north/south (about 550 a km); the pin roughly matches the address.
 */
const STREET_WEIGHTS = STREETS.map((s) => [s, s.weight] as const);
function address(r: Rand): { lat: number; lon: number; address: string } {
  const street = weighted(r, STREET_WEIGHTS);
  const apt = r() < 0.08 ? ` Apt ${1 + Math.floor(r() * 40)}` : '';
  if (street.axis === 'ew') {
    const num = 100 + Math.floor(r() * 9000);
    const east = r() < 0.6;
    const lon = -104.9876 + ((east ? 1 : -1) * num * 0.0117) / 1000;
    return { lat: street.at, lon, address: `${num} ${east ? 'E' : 'W'} ${street.name}${apt}` };
  }
  const num = 100 + Math.floor(r() * 5000);
  const south = r() < 0.35;
  const lat = 39.7165 + ((south ? -1 : 1) * num * 0.009) / 550;
  return { lat, lon: street.at, address: `${num} ${south ? 'S ' : ''}${street.name}${apt}` };
}

/** A fleet of about 300, with Denver-like callsigns (district, sector, car: "3B14"). */
interface FleetUnit {
  unitId: string;
  callsign: string;
  type: UnitType;
}
const FLEET: FleetUnit[] = [
  ...Array.from({ length: 200 }, (_, i) => ({
    unitId: `law-${i + 1}`,
    callsign: `${(i % 6) + 1}${'ABC'[Math.floor(i / 6) % 3]}${11 + Math.floor(i / 18)}`,
    type: 'law' as const,
  })),
  ...Array.from({ length: 40 }, (_, i) => ({ unitId: `ems-${i + 1}`, callsign: `M${i + 1}`, type: 'ems' as const })),
  ...Array.from({ length: 25 }, (_, i) => ({ unitId: `fire-${i + 1}`, callsign: `E${i + 1}`, type: 'fire' as const })),
  ...Array.from({ length: 20 }, (_, i) => ({ unitId: `cr-${i + 1}`, callsign: `CR${i + 1}`, type: 'co_responder' as const })),
  ...Array.from({ length: 15 }, (_, i) => ({ unitId: `star-${i + 1}`, callsign: `STAR${i + 1}`, type: 'crisis_team' as const })),
];
const TEAMS = FLEET.filter((u) => u.type === 'co_responder' || u.type === 'crisis_team');
const RESPONDERS = FLEET.filter((u) => u.type !== 'co_responder' && u.type !== 'crisis_team');

const MH_NATURES = [...NATURES.values()].filter((x) => x.mh).map((x) => [x.code, x.code === 'WELFARE' ? 6 : x.code.length < 6 ? 2 : 1] as const);
const OTHER_NATURES = [...NATURES.values()].filter((x) => !x.mh).map((x) => [x.code, x.code === 'TRAFFIC' || x.code === 'THEFT' ? 3 : 1] as const);
const NOTES = [
  'Caller reports a neighbour shouting in the hallway; no weapons seen',
  'RP states male in the lobby, talking to himself, not aggressive',
  'Caller worried about her brother, has not answered the phone in two days',
  'Two vehicles, minor damage, no injuries reported',
  'Alarm company reports rear door, keyholder en route',
  'Female on the bus bench, appears confused, asking for help',
];
const DISPATCHERS = ['dispatcher-ann', 'dispatcher-raj', 'dispatcher-lee', 'supervisor-kim'];

/**
 * A finished call as the write path leaves it after a life of create, assign, en route, on
 * scene and close (or cancel): the shape of server/domain/calls.ts newCall and what patchCall,
 * assignUnit and setUnitStatus add. Written whole, so finish times can lie in the past.
 */
function finishedCall(seq: number, createdAt: number, number: string): Call {
  const r = callRand(seq);
  const by = pick(r, DISPATCHERS);
  // About 30% flagged: mental-health natures are flagged by their nature, a few others by a keyword.
  const keywordFlag = r() < 0.03;
  const nature = r() < 0.27 ? weighted(r, MH_NATURES) : weighted(r, OTHER_NATURES);
  const byNature = NATURES.get(nature)!.mh;
  const flagged = byNature || keywordFlag;
  const reasons = [...(byNature ? ['nature' as const] : []), ...(keywordFlag ? ['keyword' as const] : [])];
  const priority = 1 + Math.floor(r() * 5);
  const cancelled = r() < 0.15;
  const unitCount = cancelled && r() < 0.5 ? 0 : r() < 0.65 ? 1 : 2;
  const units: FleetUnit[] = [];
  while (units.length < unitCount) {
    const u = flagged && units.length === 0 && r() < 0.6 ? pick(r, TEAMS) : pick(r, RESPONDERS);
    if (!units.includes(u)) units.push(u);
  }
  const assignedAt = units.length ? createdAt + 20_000 + Math.floor(r() * 480_000) : null;
  const finishedAt = createdAt + 600_000 + Math.floor(r() * 3 * 3_600_000);
  const status = cancelled ? 'cancelled' : 'closed';
  const disposition: Disposition | null = cancelled ? null : flagged && r() < 0.6 ? pick(r, CO_RESPONSE_DISPOSITIONS) : pick(r, GENERAL_DISPOSITIONS);
  const note = pick(r, NOTES);
  const at = (t: number, kind: Call['timeline'][number]['kind'], text: string) => ({ at: t, by, kind, text });
  const timeline = [at(createdAt, 'created', `Call created: ${NATURES.get(nature)!.label}, priority ${priority}`)];
  if (flagged) timeline.push(at(createdAt, 'flagged', `Flagged mental-health: ${reasons.join(', ')}`));
  for (const u of units) {
    timeline.push(at(assignedAt!, 'assigned', `${u.callsign} assigned`));
    timeline.push(at(assignedAt! + 60_000, 'unit_status', `${u.callsign} en route`));
    timeline.push(at(assignedAt! + 420_000, 'unit_status', `${u.callsign} on scene`));
  }
  const last = units.length ? 'onscene' : 'pending';
  timeline.push(at(finishedAt, 'status', disposition ? `Closed: ${disposition.replaceAll('_', ' ')}` : `Status ${last} → cancelled`));
  const version = timeline.length + 1;
  const phone = r() < 0.75 ? `303-555-${String(Math.floor(r() * 10_000)).padStart(4, '0')}` : null;
  return {
    id: randomUUID(),
    number,
    version,
    editedVersion: version,
    createdAt,
    updatedAt: finishedAt,
    updatedBy: by,
    statusSince: finishedAt,
    priority,
    nature,
    location: address(r),
    status,
    assignedUnitIds: [],
    notes: [{ at: createdAt, by, text: keywordFlag ? `${note}; says he feels suicidal` : note }],
    timeline,
    disposition,
    assignedAt,
    callerPhone: phone,
    ...(phone ? { callerPhoneSource: 'cad' as const } : {}),
    externalId: r() < 0.8 ? `cad-${seq}` : null,
    mh: {
      flagged,
      reasons,
      keywords: keywordFlag ? ['suicidal'] : [],
      weapons: 'unknown',
      violence: r() < 0.1 ? 'yes' : 'unknown',
      recommendation: null,
      unmetSince: null,
    },
    ...(units.length ? { servedBy: units.map((u) => ({ unitId: u.unitId, callsign: u.callsign, type: u.type, at: assignedAt! })) } : {}),
    fieldEdits: { status: { version, by, at: finishedAt, from: last, to: status } },
  };
}

/* ---------------------------------------------------------------------------------------------
 * Seeding, through Store.commit: the index is written by the commit as for any finished call.
 * ------------------------------------------------------------------------------------------- */

interface Seeded {
  calls: { id: string; number: string }[];
  ms: number;
  /** The `tok` field each call hash carries for retention: part of what the index costs. */
  tokBytes: number;
  tokens: number;
}

async function seed(server: TestServer, count: number): Promise<Seeded> {
  const store: Store = server.app.store;
  const now = Date.now();
  // Creation times in order, so call numbers run 2025-000001... by year of creation as the
  // commit script hands them out; each call finishes 10 minutes to 3 hours later.
  const start = now - SPAN_DAYS * DAY;
  const times = seeded(count);
  const created = Array.from({ length: count }, () => start + Math.floor(times() * (SPAN_DAYS * DAY - 4 * 3_600_000))).sort((a, b) => a - b);
  const serial = new Map<number, number>();
  const numbers = created.map((t) => {
    const year = new Date(t).getUTCFullYear();
    serial.set(year, (serial.get(year) ?? 0) + 1);
    return `${year}-${String(serial.get(year)).padStart(6, '0')}`;
  });
  const out: Seeded = { calls: [], ms: 0, tokBytes: 0, tokens: 0 };
  let done = 0;
  let lastSeq = 0;
  const t0 = performance.now();
  await inParallel(
    created.map((_, i) => i),
    SEED_CONCURRENCY,
    async (i) => {
      const call = finishedCall(i + 1, created[i]!, numbers[i]!);
      // Every 1000th checked against the schema, so the documents keep up with the Call type.
      if (i % 1000 === 0) Call.parse(call);
      const writes: EntityWrite[] = [{ kind: 'call', call, expectedVersion: 0 }];
      if (call.externalId) writes.push({ kind: 'externalId', externalId: call.externalId, callId: call.id });
      const result = await store.commit(writes, { at: call.statusSince, by: call.updatedBy });
      if (!result.ok) throw new Error(`seeding call ${call.number}: conflict on ${result.conflict.entity} ${result.conflict.id}`);
      lastSeq = Math.max(lastSeq, result.seq ?? 0);
      const tokens = historyTokensOf(call);
      out.tokens += tokens.length;
      out.tokBytes += Buffer.byteLength(tokens.join(' '));
      out.calls.push({ id: call.id, number: call.number });
      if (++done % 10_000 === 0 || done === count) {
        const s = (performance.now() - t0) / 1000;
        log(`  seeded ${n(done)} / ${n(count)} (${s.toFixed(1)} s, ${n(done / s)} calls/s)`);
      }
    },
  );
  // The server's live feed reads every commit from the stream: let it finish before timing.
  while (server.app.feed.projection.seq < lastSeq) await new Promise((r) => setTimeout(r, 50));
  out.ms = performance.now() - t0;
  return out;
}

/* ---------------------------------------------------------------------------------------------
 * Redis memory.
 * ------------------------------------------------------------------------------------------- */

async function usedMemory(redis: RedisClient): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? Number.NaN);
}

interface KeysMemory {
  keys: number;
  bytes: number;
}

/**
 * Exact bytes (SAMPLES 0: every element counted) of the history index's keys, in all and by kind
 * of token (w: split into words of digits, as call and house numbers are, and other words), to
 * show where the memory goes.
 */
async function indexMemory(redis: RedisClient, prefix: string): Promise<KeysMemory & { byKind: Map<string, KeysMemory> }> {
  const out = { keys: 0, bytes: 0, byKind: new Map<string, KeysMemory>() };
  const kindOf = (token: string) => {
    const colon = token.indexOf(':');
    if (colon < 0) return 'other';
    const kind = token.slice(0, colon + 1);
    return kind !== 'w:' ? kind : /^[\d-]+$/.test(token.slice(2)) ? 'w:<digits>' : 'w:<word>';
  };
  for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    const sizes = await Promise.all(batch.map((k) => redis.memoryUsage(k, { SAMPLES: 0 })));
    batch.forEach((key, i) => {
      const bytes = sizes[i] ?? 0;
      const kind = kindOf(key.slice(prefix.length));
      const k = out.byKind.get(kind) ?? { keys: 0, bytes: 0 };
      out.byKind.set(kind, { keys: k.keys + 1, bytes: k.bytes + bytes });
      out.keys++;
      out.bytes += bytes;
    });
  }
  return out;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/* ---------------------------------------------------------------------------------------------
 * The searches, and the baseline beside them.
 * ------------------------------------------------------------------------------------------- */

interface Sample {
  ms: number;
  total: number | null;
}

/** One GET as the board sends it (session cookie, Origin), timed until the whole body is read. */
async function timedGet(server: TestServer, path: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(`${server.url}${path}`, { headers: { cookie: server.cookie, origin: server.url } });
  const body = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status} ${body.slice(0, 300)}`);
  return { ms, body };
}

const searchPath = (q: Record<string, string>) => `/api/v1/calls?${new URLSearchParams({ ...q, limit: String(PAGE) })}`;

async function search(server: TestServer, q: Record<string, string>): Promise<Sample & { nextCursor: string | null }> {
  const { ms, body } = await timedGet(server, searchPath(q));
  const page = JSON.parse(body) as { total: number; nextCursor: string | null };
  return { ms, total: page.total, nextCursor: page.nextCursor };
}

interface Kind {
  name: string;
  /** False for the baseline: not a search, left out of the overall figure. */
  isSearch: boolean;
  /** One run's samples (several for paging: one per page). */
  run(server: TestServer): Promise<Sample[]>;
}

function kinds(seeded: Seeded, now: number): Kind[] {
  const one = (name: string, q: () => Record<string, string>): Kind => ({ name, isSearch: true, run: async (s) => [await search(s, q())] });
  const day = () => {
    const from = now - Math.ceil(rand() * SPAN_DAYS) * DAY;
    return { from: String(from), to: String(from + DAY - 1) };
  };
  return [
    one('call number (q=2025-012345)', () => ({ q: pick(rand, seeded.calls).number })),
    one(`common word (q=${COMMON_WORD})`, () => ({ q: COMMON_WORD })),
    one(`rare word (q=${RARE_WORD})`, () => ({ q: RARE_WORD })),
    one('two words (q=colfax ave, ...)', () => ({ q: pick(rand, TWO_WORDS) })),
    one('mh=yes', () => ({ mh: 'yes' })),
    one('mh=yes&nature=WELFARE', () => ({ mh: 'yes', nature: 'WELFARE' })),
    one('unit (unit=law-17, ...)', () => ({ unit: pick(rand, FLEET).unitId })),
    one('time range, one day', day),
    one(`time range, one day + word (q=${COMMON_WORD})`, () => ({ ...day(), q: COMMON_WORD })),
    one('empty search (newest page)', () => ({})),
    {
      name: `paging q=${COMMON_WORD}, pages 1-5 by cursor`,
      isSearch: true,
      async run(s) {
        const pages: Sample[] = [];
        let cursor: string | null = null;
        for (let p = 0; p < 5; p++) {
          const page = await search(s, { q: COMMON_WORD, ...(cursor ? { cursor } : {}) });
          pages.push(page);
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        return pages;
      },
    },
    {
      name: 'BASELINE: GET /api/v1/calls/:id',
      isSearch: false,
      run: async (s) => [{ ms: (await timedGet(s, `/api/v1/calls/${pick(rand, seeded.calls).id}`)).ms, total: null }],
    },
  ];
}

function shuffled<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/* ---------------------------------------------------------------------------------------------
 * The run.
 * ------------------------------------------------------------------------------------------- */

/** Everything started, stopped in reverse on the way out (even on failure or Ctrl-C). */
const running: { stop(): Promise<void> }[] = [];
async function stopAll(): Promise<void> {
  for (const r of running.splice(0).reverse()) await r.stop().catch((err: unknown) => log(`  ! stopping: ${(err as Error).message}`));
}

async function main(): Promise<void> {
  const started = performance.now();
  log(`History search benchmark: ${n(CALLS)} finished calls, ${RUNS} runs of the mixed set (+${WARMUP_RUNS} warm-up runs not counted)`);
  const redisServer: TestRedis = await startTestRedis();
  running.push(redisServer);
  const server = await startTestServer(redisServer.url);
  running.push({ stop: () => server.close() });
  const redis = server.redis;

  const memBefore = await usedMemory(redis);
  log(`Seeding ${n(CALLS)} finished calls through Store.commit, ${SEED_CONCURRENCY} in flight...`);
  const seeded = await seed(server, CALLS);
  const memAfter = await usedMemory(redis);
  log('Measuring the memory of the history index (MEMORY USAGE ... SAMPLES 0 over every history:* key)...');
  const index = await indexMemory(redis, server.app.store.keys.historyToken(''));
  const streamBytes = (await redis.memoryUsage(server.app.store.keys.stream, { SAMPLES: 0 })) ?? 0;
  const finishedBytes = (await redis.memoryUsage(server.app.store.keys.finishedCalls, { SAMPLES: 0 })) ?? 0;

  const all = kinds(seeded, Date.now());
  const samples = new Map<Kind, Sample[]>(all.map((k) => [k, []]));
  const walks: number[] = [];
  log(`Timing: ${WARMUP_RUNS} warm-up runs, then ${RUNS} runs, each kind once per run in a shuffled order...`);
  for (let r = -WARMUP_RUNS; r < RUNS; r++) {
    for (const kind of shuffled(all)) {
      const got = await kind.run(server);
      if (r < 0) continue;
      samples.get(kind)!.push(...got);
      if (got.length > 1) walks.push(got.reduce((s, x) => s + x.ms, 0));
    }
    if (r >= 0 && (r + 1) % 50 === 0) log(`  run ${r + 1} / ${RUNS}`);
  }

  const sorted = (xs: Sample[]) => xs.map((x) => x.ms).sort((a, b) => a - b);
  const baselineKind = all.find((k) => !k.isSearch)!;
  const baseline = sorted(samples.get(baselineKind)!);
  const baseP95 = percentile(baseline, 95);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  const totals = (xs: Sample[]) => {
    const t = xs.map((x) => x.total).filter((x): x is number => x !== null);
    if (t.length === 0) return '-';
    const lo = Math.min(...t);
    const hi = Math.max(...t);
    return lo === hi ? n(lo) : `${n(lo)}-${n(hi)}`;
  };
  const rows = all.map((k) => {
    const s = sorted(samples.get(k)!);
    const p95 = percentile(s, 95);
    const judged = k.isSearch ? (p95 <= TARGET_MS ? 'met' : 'NOT MET') : '';
    return [k.name, String(s.length), ms(percentile(s, 50)), ms(p95), ms(s.at(-1)!), totals(samples.get(k)!), `${(p95 / baseP95).toFixed(2)}x`, judged];
  });
  const searches = all.filter((k) => k.isSearch);
  const pooled = sorted(searches.flatMap((k) => samples.get(k)!));
  const overall = percentile(pooled, 95);
  const worst = searches.map((k) => ({ k, p95: percentile(sorted(samples.get(k)!), 95) })).sort((a, b) => b.p95 - a.p95)[0]!;
  const walkSorted = [...walks].sort((a, b) => a - b);
  const per100k = (bytes: number) => mb((bytes / CALLS) * 100_000);

  log('');
  log(`Method: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}. The server runs in this process (startTestServer)`);
  log(`against a redis-server of its own; requests are sent one at a time over HTTP with a supervisor's session cookie, page size ${PAGE}.`);
  log(`Data: ${n(CALLS)} finished calls (about 85% closed, 15% cancelled, 30% MH-flagged) finished over the last ${SPAN_DAYS} days,`);
  log(`${STREETS.length} Denver streets, ${FLEET.length} units (1-2 per call), seeded through Store.commit (the write path that indexes).`);
  log(`Each row: ${RUNS} runs (paging: one sample per page request); the ratio is the row's p95 over the baseline's p95 in this same run.`);
  log('');
  log(markdown(['query', 'n', 'p50', 'p95', 'max', 'results total', 'p95 / baseline p95', `p95 <= ${TARGET_MS} ms`], rows));
  log('');
  log(`Paging walk, 5 pages by cursor (q=${COMMON_WORD}), all five requests: p50 ${ms(percentile(walkSorted, 50))}, p95 ${ms(percentile(walkSorted, 95))}.`);
  log('');
  log(
    formatTable([
      {
        figure: `search p95 over every search request (${n(pooled.length)} requests, ${n(CALLS)} calls)`,
        value: `${ms(overall)} (${(overall / baseP95).toFixed(2)}x the baseline's ${ms(baseP95)})`,
        target: `<= ${TARGET_MS} ms`,
        met: overall <= TARGET_MS,
      },
      { figure: 'slowest kind of search, p95', value: `${ms(worst.p95)} (${worst.k.name})`, target: `<= ${TARGET_MS} ms`, met: worst.p95 <= TARGET_MS },
      {
        figure: 'seeding',
        value: `${(seeded.ms / 1000).toFixed(1)} s (${n(CALLS / (seeded.ms / 1000))} calls/s, ${SEED_CONCURRENCY} in flight)`,
        target: '',
        met: null,
      },
      { figure: 'Redis used_memory before / after seeding', value: `${mb(memBefore)} / ${mb(memAfter)} (+${mb(memAfter - memBefore)})`, target: '', met: null },
      {
        figure: 'history index (history:* sorted sets)',
        value: `${mb(index.bytes)} in ${n(index.keys)} keys: ${per100k(index.bytes)} per 100k calls`,
        target: '',
        met: null,
      },
      {
        figure: 'history index by kind of token',
        value: [...index.byKind]
          .sort((a, b) => b[1].bytes - a[1].bytes)
          .map(([kind, k]) => `${kind} ${mb(k.bytes)} (${n(k.keys)} keys)`)
          .join(', '),
        target: '',
        met: null,
      },
      {
        figure: "plus each call hash's `tok` field (raw bytes)",
        value: `${mb(seeded.tokBytes)}: ${per100k(seeded.tokBytes)} per 100k calls (${(seeded.tokens / CALLS).toFixed(1)} tokens a call)`,
        target: '',
        met: null,
      },
      {
        figure: 'for scale: finished-calls set / change stream',
        value: `${mb(finishedBytes)} / ${mb(streamBytes)} (the stream is capped by STREAM_MAXLEN)`,
        target: '',
        met: null,
      },
    ]),
  );
  log('');
  log(
    `Overall: search p95 ${ms(overall)} with ${n(CALLS)} finished calls, against the ${TARGET_MS} ms target: ${overall <= TARGET_MS ? 'PASS' : 'NOT MET'}` +
      ` (baseline GET p95 ${ms(baseP95)}, ratio ${(overall / baseP95).toFixed(2)}x).`,
  );
  log(`\n(${((performance.now() - started) / 60_000).toFixed(1)} minutes)`);
}

runBenchmark(main, stopAll);

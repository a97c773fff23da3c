/**
 * `npm run bench:replay [-- --units N] [-- --calls-per-day N] [-- --minutes N]`: how much Redis
 * memory does shift replay's recording take per day and per year (CALL_RETENTION_DAYS = 400),
 * and how long does reading 12 hours of it take? The issue asks that "a year of history stays
 * within the memory budget; print the figure in the benchmark".
 * A benchmark, not a test: it prints what it measured and asserts nothing.
 *
 * Per city size, the real server (REST, Socket.IO, live feed, the app's ReplayRecorder recording
 * every call and unit change) runs in this process against a redis-server of its own, on a
 * simulated clock (createApp's `now`) that starts in the past and moves 30 s per step, much
 * faster than real time. Calls arrive at the city's daily rate and are created, noted, assigned,
 * driven to, checked in on and closed (or cancelled) through app.commands, the one write path,
 * so the recorded changes are what production records; about a third of the units move 100-300 m
 * per step (written through commands.updatePositions, as an AVL feed's batch). After each step,
 * once the live feed has applied every commit, the bench runs app.recorder.sample() as the
 * production job does every 30 s: it samples the units that moved, and writes a keyframe at the
 * start and every simulated hour. The leased job itself (wall clock) is kept out by holding its
 * lease (the key `lease:replay`) before the app starts, so every sample and keyframe is the bench's.
 *
 * Memory is MEMORY USAGE <key> SAMPLES 0 (exact) of the three replay streams, measured over the
 * recorded stretch (after a warm-up that fills the board with open calls) and extrapolated per
 * hour to a day and to 400 days. Then GET /api/v1/replay?from=<start of recording>&hours=12 is
 * timed over real HTTP with a supervisor's session, beside the bare baseline GET /api/v1/calls/:id
 * in the same run. A recording shorter than 12 h is read as far as it goes (the output says so;
 * `--minutes 720` records a whole 12 h).
 *
 * Packing: after each step the bench also runs app.recorder.pack(), the job's other half, which
 * packs the recording of each whole simulated hour into compressed blocks; at the end all of it
 * is packed, the steady state of a long recording (its last hour or so aside).
 *
 * Stream ids: keyframes get Redis's time as their id, which in real time is a moment after their
 * `at`, and ReplayStore relies on that. Recorded faster than real time, they are re-stored with
 * id = <at>-0 (content byte for byte) before anything is measured or read.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { CO_RESPONSE_DISPOSITIONS, GENERAL_DISPOSITIONS, type Disposition } from '../../shared/call';
import { NATURES } from '../../shared/natures';
import type { UnitType } from '../../shared/unit-type';
import type { AddressInfo } from 'node:net';
import { createApp, type App } from '../../server/app';
import { loadConfig } from '../../server/config';
import { DomainError } from '../../server/domain/errors';
import { createLogger } from '../../server/log';
import { connectRedis, type RedisClient } from '../../server/redis/client';
import { makeKeys, type Keys } from '../../server/redis/keys';
import { bytesClient, replayStreams } from '../../server/replay/recorded-stream';
import { FRAME_EVERY_MS, SAMPLE_EVERY_MS } from '../../server/replay/replay-recorder';
import { Rng } from '../../server/sim/random';
import { startTestRedis } from '../helpers/redis';
import { signInAs, TEST_PASSWORD } from '../helpers/server';
import { inParallel, markdown, n, percentile, runBenchmark, wholeOption } from './bench-kit';
import { formatTable } from './table';

const log = (s: string) => process.stdout.write(`${s}\n`);

interface CitySize {
  name: string;
  units: number;
  callsPerDay: number;
  /** Simulated minutes recorded (after the warm-up). */
  minutes: number;
}

const DENVER: CitySize = { name: 'Denver-size', units: 300, callsPerDay: 1_000, minutes: 60 };
const BIG: CitySize = { name: 'big city', units: 5_000, callsPerDay: 3_000, minutes: 30 };

/** With --units or --calls-per-day: one city of that size; otherwise both. --minutes applies to each. */
function citiesToRun(): CitySize[] {
  const units = wholeOption('units');
  const callsPerDay = wholeOption('calls-per-day');
  const minutes = wholeOption('minutes');
  if (units !== null || callsPerDay !== null) {
    return [{ name: 'custom', units: units ?? DENVER.units, callsPerDay: callsPerDay ?? DENVER.callsPerDay, minutes: minutes ?? DENVER.minutes }];
  }
  return [DENVER, BIG].map((c) => ({ ...c, minutes: minutes ?? c.minutes }));
}

const STEP_MS = SAMPLE_EVERY_MS;
const STEPS_PER_MINUTE = 60_000 / STEP_MS;
const HOUR = 3_600_000;
/** CALL_RETENTION_DAYS' default: the recording is trimmed with the calls. */
const RETENTION_DAYS = 400;
/** The fleet signs on over this long (simulated), so its documents' timestamps differ as a real fleet's do. */
const FLEET_SPREAD_MS = 8 * 3_600_000;
/** Simulated minutes of calls (no recording) before recording starts, so the board holds the open calls of a busy floor. */
const WARMUP_MINUTES = 60;
/** Share of the fleet that moves in a 30-s step, and how far. */
const MOVING_SHARE = 1 / 3;
const MOVE_METRES: [number, number] = [100, 300];
/** An AVL feed's batch (MAX_POSITIONS_PER_BATCH). */
const POSITION_BATCH = 1_000;
const REPLAY_HOURS = 12;
const READS = 20;
const WARMUP_READS = 3;
/** Baseline GETs per replay read, interleaved. */
const BASELINE_PER_READ = 5;
const CENTER = { lat: 39.7392, lon: -104.9903 };
const RADIUS_KM = 11;
const ACTOR = 'bench';

/* ---------------------------------------------------------------------------------------------
 * The simulated city: a fleet, calls that come and go, units that move.
 * ------------------------------------------------------------------------------------------- */

interface SimUnit {
  id: string;
  callsign: string;
  type: UnitType;
  lat: number;
  lon: number;
  free: boolean;
}

interface SimCall {
  id: string;
  mh: boolean;
  units: string[];
  open: boolean;
}

/** Mostly law, some EMS, about 8% co-responders and crisis teams. */
function unitType(i: number): UnitType {
  const r = i % 25;
  if (r === 0) return 'co_responder';
  if (r === 1) return 'crisis_team';
  if (r < 6) return 'ems';
  return 'law';
}
const CALLSIGN: Record<UnitType, (k: number) => string> = {
  law: (k) => `${(k % 6) + 1}${'ABC'[Math.floor(k / 6) % 3]}${11 + Math.floor(k / 18)}`,
  ems: (k) => `M${k + 1}`,
  fire: (k) => `E${k + 1}`,
  co_responder: (k) => `CR${k + 1}`,
  crisis_team: (k) => `STAR${k + 1}`,
};
const ID_PREFIX: Record<UnitType, string> = { law: 'law', ems: 'ems', fire: 'fire', co_responder: 'cr', crisis_team: 'star' };
const CIVILIAN = new Set<UnitType>(['co_responder', 'crisis_team']);

const MH_NATURES = [...NATURES.values()].filter((x) => x.mh).map((x) => x.code);
const OTHER_NATURES = [...NATURES.values()].filter((x) => !x.mh).map((x) => x.code);
const STREETS = ['Colfax Ave', 'Federal Blvd', 'Broadway', 'Colorado Blvd', 'Alameda Ave', 'Evans Ave', 'Quebec St', 'Havana St', 'York St', 'Hampden Ave'];
const NOTES = [
  'Caller reports a neighbour shouting in the hallway; no weapons seen',
  'RP states male in the lobby, talking to himself, not aggressive',
  'Caller worried about her brother, has not answered the phone in two days',
  'Two vehicles, minor damage, no injuries reported',
  'Female on the bus bench, appears confused, asking for help',
];

const EARTH_M = 6_371_000;
const toRad = (d: number) => (d * Math.PI) / 180;

/** `metres` from a point at `bearing` (flat-earth: fine for a few hundred metres). */
function moved(lat: number, lon: number, metres: number, bearing: number): { lat: number; lon: number } {
  const dLat = (metres * Math.cos(bearing)) / EARTH_M;
  const dLon = (metres * Math.sin(bearing)) / (EARTH_M * Math.cos(toRad(lat)));
  return { lat: lat + (dLat * 180) / Math.PI, lon: lon + (dLon * 180) / Math.PI };
}

class City {
  readonly units: SimUnit[] = [];
  private readonly calls = new Map<string, SimCall>();
  private readonly due = new Map<number, (() => Promise<void>)[]>();
  private callsWanted = 0;
  step = 0;
  callsCreated = 0;
  callsClosed = 0;
  callsCancelled = 0;
  commits = 0;
  /** Refusals the domain gave (a unit taken meanwhile, a transition no longer allowed), by code. */
  readonly refused = new Map<string, number>();

  constructor(
    private readonly server: BenchServer,
    private readonly size: CitySize,
    private readonly rng: Rng,
  ) {}

  private get commands() {
    return this.server.app.commands;
  }
  private r(lo: number, hi: number): number {
    return lo + this.rng.float() * (hi - lo);
  }
  private int(lo: number, hi: number): number {
    return Math.floor(this.r(lo, hi + 1));
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng.float() * xs.length)]!;
  }
  private at(step: number, task: () => Promise<void>): void {
    const list = this.due.get(step) ?? [];
    list.push(task);
    this.due.set(step, list);
  }
  /** Runs one command; a domain refusal is counted and skipped (the caller's simulation carries on). */
  private async attempt(task: () => Promise<unknown>): Promise<boolean> {
    try {
      await task();
      this.commits++;
      return true;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.refused.set(err.code, (this.refused.get(err.code) ?? 0) + 1);
      return false;
    }
  }

  private randomSpot(): { lat: number; lon: number } {
    const d = RADIUS_KM * 1000 * Math.sqrt(this.rng.float());
    return moved(CENTER.lat, CENTER.lon, d, this.rng.float() * 2 * Math.PI);
  }

  /** The fleet signs on one unit after another, each `advance` apart on the simulated clock. */
  async buildFleet(advance: () => void): Promise<void> {
    const perType = new Map<UnitType, number>();
    for (let i = 0; i < this.size.units; i++) {
      const type = unitType(i);
      const k = perType.get(type) ?? 0;
      perType.set(type, k + 1);
      this.units.push({ id: `${ID_PREFIX[type]}-${k + 1}`, callsign: CALLSIGN[type](k), type, ...this.randomSpot(), free: true });
    }
    let done = 0;
    const every = Math.max(100, Math.round(this.size.units / 5));
    await inParallel(this.units, 20, async (u) => {
      advance();
      await this.commands.putUnit(ACTOR, u.id, {
        callsign: u.callsign,
        type: u.type,
        status: 'available',
        position: { lat: u.lat, lon: u.lon },
        capabilities: { cit: u.type === 'law' && this.rng.float() < 0.3, clinician: CIVILIAN.has(u.type), paramedic: u.type === 'ems' },
      });
      if (++done % every === 0) log(`    fleet: ${n(done)} / ${n(this.size.units)} units`);
    });
  }

  /** One 30-s step of calls: new ones at the daily rate, and whatever was due on the open ones. */
  async callsStep(): Promise<void> {
    this.step++;
    const tasks = this.due.get(this.step) ?? [];
    this.due.delete(this.step);
    for (const task of tasks) await task();
    this.callsWanted += (this.size.callsPerDay / 86_400_000) * STEP_MS;
    while (this.callsWanted >= 1) {
      this.callsWanted--;
      await this.newCall();
    }
  }

  private async newCall(): Promise<void> {
    const mh = this.rng.float() < 0.27;
    const nature = this.pick(mh ? MH_NATURES : OTHER_NATURES);
    const spot = this.randomSpot();
    const calm = this.rng.float() < 0.7;
    const notes = this.rng.float() < 0.6 ? this.pick(NOTES) : undefined;
    let id = '';
    const ok = await this.attempt(async () => {
      const { call } = await this.commands.createCall(
        ACTOR,
        {
          nature,
          priority: this.int(1, 5),
          location: { ...spot, address: `${this.int(100, 9000)} ${this.pick(STREETS)}` },
          ...(notes ? { notes } : {}),
          weapons: calm ? 'no' : 'unknown',
          violence: calm ? 'no' : 'unknown',
        },
        'cad',
      );
      id = call.id;
    });
    if (!ok) return;
    this.callsCreated++;
    const call: SimCall = { id, mh, units: [], open: true };
    this.calls.set(id, call);
    if (this.rng.float() < 0.3) this.at(this.step + this.int(2, 6), () => this.note(call));
    if (this.rng.float() < 0.1) this.at(this.step + this.int(2, 10), () => this.cancel(call));
    else this.at(this.step + this.int(2, 8), () => this.dispatch(call));
  }

  private async note(call: SimCall): Promise<void> {
    if (call.open) await this.attempt(() => this.commands.updateCall(ACTOR, call.id, { note: this.pick(NOTES) }));
  }

  private async cancel(call: SimCall): Promise<void> {
    if (!call.open || call.units.length > 0) return;
    if (await this.attempt(() => this.commands.updateCall(ACTOR, call.id, { status: 'cancelled' }))) {
      call.open = false;
      this.callsCancelled++;
      this.calls.delete(call.id);
    }
  }

  private freeUnit(types: readonly UnitType[]): SimUnit | null {
    const free = this.units.filter((u) => u.free && types.includes(u.type));
    return free.length ? this.pick(free) : null;
  }

  /** One unit (an MH call: a co-response team half the time), a second in a fifth of calls; none free: try again next step. */
  private async dispatch(call: SimCall): Promise<void> {
    if (!call.open) return;
    const first: UnitType[] = call.mh && this.rng.float() < 0.55 ? ['crisis_team', 'co_responder'] : this.rng.float() < 0.8 ? ['law'] : ['ems'];
    const unit = this.freeUnit(first) ?? this.freeUnit(['law', 'ems']);
    if (!unit || !(await this.assign(call, unit))) {
      this.at(this.step + 1, () => this.dispatch(call));
      return;
    }
    if (this.rng.float() < 0.2) {
      const second = this.freeUnit(['law']);
      if (second) await this.assign(call, second);
    }
  }

  private async assign(call: SimCall, unit: SimUnit): Promise<boolean> {
    unit.free = false;
    if (!(await this.attempt(() => this.commands.assign(ACTOR, call.id, { unitId: unit.id })))) {
      unit.free = true;
      return false;
    }
    call.units.push(unit.id);
    const enroute = this.step + this.int(1, 2);
    const onscene = enroute + this.int(4, 12) * STEPS_PER_MINUTE;
    const clear = onscene + this.int(15, 60) * STEPS_PER_MINUTE;
    this.at(enroute, () => this.status(unit, 'enroute'));
    this.at(onscene, () => this.status(unit, 'onscene'));
    // Civilian teams on scene check in every 20 minutes (the response rules' checkInMinutes).
    if (CIVILIAN.has(unit.type)) for (let t = onscene + 20 * STEPS_PER_MINUTE; t < clear; t += 20 * STEPS_PER_MINUTE) this.at(t, () => this.checkIn(unit));
    this.at(clear, () => this.clear(call, unit));
    return true;
  }

  private async status(unit: SimUnit, status: 'enroute' | 'onscene'): Promise<void> {
    await this.attempt(() => this.commands.setUnitStatus(ACTOR, unit.id, { status }));
  }

  private async checkIn(unit: SimUnit): Promise<void> {
    await this.attempt(() => this.commands.checkIn(ACTOR, unit.id));
  }

  /** The unit clears; the last one to clear closes the call with a disposition. */
  private async clear(call: SimCall, unit: SimUnit): Promise<void> {
    const last = call.units.length === 1;
    const disposition: Disposition | undefined = !last
      ? undefined
      : call.mh && CIVILIAN.has(unit.type)
        ? this.pick(CO_RESPONSE_DISPOSITIONS)
        : this.pick(GENERAL_DISPOSITIONS);
    await this.attempt(() => this.commands.setUnitStatus(ACTOR, unit.id, { status: 'available', ...(disposition ? { disposition } : {}) }));
    unit.free = true;
    call.units = call.units.filter((u) => u !== unit.id);
    if (last) {
      call.open = false;
      this.callsClosed++;
      this.calls.delete(call.id);
    }
  }

  get openCalls(): number {
    return this.calls.size;
  }

  /** About a third of the fleet moves 100-300 m; written as an AVL feed would, in batches. Returns how many moved. */
  async moveStep(): Promise<number> {
    const batch: { unitId: string; lat: number; lon: number; heading: number }[] = [];
    for (const u of this.units) {
      if (this.rng.float() >= MOVING_SHARE) continue;
      // Drift back toward the center from the edge of the city.
      const fromCenter = Math.hypot(u.lat - CENTER.lat, (u.lon - CENTER.lon) * Math.cos(toRad(CENTER.lat))) * 111_000;
      const bearing =
        fromCenter > RADIUS_KM * 1000 ? Math.atan2((CENTER.lon - u.lon) * Math.cos(toRad(CENTER.lat)), CENTER.lat - u.lat) : this.rng.float() * 2 * Math.PI;
      Object.assign(u, moved(u.lat, u.lon, this.r(...MOVE_METRES), bearing));
      batch.push({ unitId: u.id, lat: u.lat, lon: u.lon, heading: Math.round(((bearing * 180) / Math.PI + 360) % 360) });
    }
    for (let i = 0; i < batch.length; i += POSITION_BATCH) {
      await this.commands.updatePositions(ACTOR, batch.slice(i, i + POSITION_BATCH));
      this.commits++;
    }
    return batch.length;
  }
}

/* ---------------------------------------------------------------------------------------------
 * The server, on the simulated clock.
 * ------------------------------------------------------------------------------------------- */

interface BenchServer {
  url: string;
  app: App;
  /** The app's connection for commands and reads (the recorder's too). */
  redis: RedisClient;
  /** A supervisor's session cookie, signed in at the simulated time of the call. */
  supervisor(): Promise<string>;
  close(): Promise<void>;
}

/**
 * As test/helpers/server.ts startTestServer (the same settings: simulator off, quick
 * recommender), with the app's clock injected, which startTestServer does not take.
 */
async function startServer(redisUrl: string, now: () => number): Promise<BenchServer> {
  const config = loadConfig({
    SIMULATE: '0',
    LOG_LEVEL: 'silent',
    POSITION_COALESCE_MS: '20',
    RECOMMEND_INTERVAL_MS: '100',
    SESSION_CHANGE_BURST: '100000',
    TANDEM_ADMIN_PASSWORD: TEST_PASSWORD,
    REDIS_URL: redisUrl,
  });
  const redis = await connectRedis(redisUrl, 'bench', () => undefined);
  const tailRedis = await connectRedis(redisUrl, 'bench-tail', () => undefined);
  const app = await createApp({ config, redis, tailRedis, log: createLogger(config.logLevel), clientDir: 'dist/client', now });
  await new Promise<void>((r) => app.httpServer.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(app.httpServer.address() as AddressInfo).port}`;
  return {
    url,
    app,
    redis,
    async supervisor() {
      if (!(await app.auth.auth.users.get('supervisor'))) await app.auth.ops.addUser('bench', 'supervisor', 'supervisor', TEST_PASSWORD);
      return signInAs(url, 'supervisor', TEST_PASSWORD);
    },
    async close() {
      const closed = app.close();
      app.httpServer.closeAllConnections();
      await closed;
      await Promise.all([redis.quit(), tailRedis.quit()].map((p) => p.catch(() => undefined)));
    },
  };
}

/* ---------------------------------------------------------------------------------------------
 * Measuring.
 * ------------------------------------------------------------------------------------------- */

type Stream = 'changes' | 'positions' | 'frames';
const STREAMS: readonly Stream[] = ['changes', 'positions', 'frames'];
/** Per stream: Redis bytes (recent entries and packed blocks together), recent entries, packed blocks. */
type Sizes = Record<Stream, { bytes: number; recent: number; blocks: number }>;

function streamKeys(keys: Keys, s: Stream): [recent: string, packed: string | null] {
  return s === 'changes'
    ? [keys.replayChanges, keys.replayChangesPacked]
    : s === 'positions'
      ? [keys.replayPositions, keys.replayPositionsPacked]
      : [keys.replayFrames, null];
}

async function sizes(redis: RedisClient, keys: Keys): Promise<Sizes> {
  const out = {} as Sizes;
  for (const s of STREAMS) {
    const [recent, packed] = streamKeys(keys, s);
    const bytes = async (key: string | null) => (key ? ((await redis.memoryUsage(key, { SAMPLES: 0 })) ?? 0) : 0);
    out[s] = { bytes: (await bytes(recent)) + (await bytes(packed)), recent: await redis.xLen(recent), blocks: packed ? await redis.xLen(packed) : 0 };
  }
  return out;
}

/** Until the live feed has applied every commit so far (the recorder samples its projection). */
async function feedCaughtUp(server: BenchServer): Promise<void> {
  const target = Number(await server.redis.get(server.app.store.keys.seq));
  const deadline = Date.now() + 30_000;
  while (server.app.feed.projection.seq < target) {
    if (Date.now() > deadline) throw new Error(`the live feed did not reach seq ${target} in 30 s (at ${server.app.feed.projection.seq})`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/**
 * Re-stores a stream's entries, fields byte for byte (keyframes are gzip bytes), with id = <at>-0
 * (through a temporary key).
 */
async function restamp(redis: RedisClient, key: string): Promise<void> {
  const all = await binaryEntries(redis, key);
  if (all.length === 0) return;
  const tmp = `${key}:restamping`;
  // Sent in order on one connection: Redis applies them in order, ids increasing.
  for (let i = 0; i < all.length; i += 100) await Promise.all(all.slice(i, i + 100).map((e) => redis.xAdd(tmp, `${e.message.at!.toString()}-0`, e.message)));
  await redis.rename(tmp, key);
}

/** Every entry of a stream, its fields as bytes. */
async function binaryEntries(redis: RedisClient, key: string): Promise<{ id: string; message: Record<string, Buffer> }[]> {
  const binary = bytesClient(redis);
  const out: { id: string; message: Record<string, Buffer> }[] = [];
  for (let from = '-'; ;) {
    const page = ((await binary.xRange(key, from, '+', { COUNT: 2_000 })) ?? []) as { id: Buffer; message: unknown }[];
    out.push(...page.map((e) => ({ id: e.id.toString(), message: e.message as Record<string, Buffer> })));
    if (page.length < 2_000) return out;
    from = `(${out.at(-1)!.id}`;
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 2 : 1)} MB`;
const gb = (bytes: number) => `${(bytes / 1e9).toFixed(bytes < 1e10 ? 2 : 1)} GB`;
const kb = (bytes: number) => `${(bytes / 1e3).toFixed(1)} KB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const pct = (part: number, whole: number) => `${((part / Math.max(1, whole)) * 100).toFixed(0)}%`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const avg = (xs: number[]) => sum(xs) / Math.max(1, xs.length);
const range = (xs: number[]) => (Math.min(...xs) === Math.max(...xs) ? n(xs[0]!) : `${n(Math.min(...xs))}-${n(Math.max(...xs))}`);

/* ---------------------------------------------------------------------------------------------
 * One city: build, warm up, record, measure, read.
 * ------------------------------------------------------------------------------------------- */

interface CityResult {
  size: CitySize;
  perDay: Record<Stream, number>;
  /** The replay read's figures, as printed. */
  read: string;
}

async function runCity(size: CitySize, rng: Rng): Promise<CityResult> {
  const t0 = performance.now();
  const wall = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
  log('');
  log(`## ${size.name}: ${n(size.units)} units, ${n(size.callsPerDay)} calls a day, ${size.minutes} simulated minutes recorded`);
  const redisServer = await startTestRedis();
  running.push(redisServer);

  // Hold the app's replay lease before it starts, so its own job (wall clock, every 30 s) never
  // samples or writes a keyframe here: every sample and keyframe measured is this bench's.
  const holder = 'replay-memory-bench';
  const leaseKey = makeKeys('tandem:').lease('replay');
  const setup = await connectRedis(redisServer.url, 'bench-setup', () => undefined);
  await setup.set(leaseKey, holder, { PX: 24 * HOUR });
  // And the packing job's: the bench packs as that job would, on the simulated clock.
  await setup.set(makeKeys('tandem:').lease('replay-pack'), holder, { PX: 24 * HOUR });
  await setup.quit();

  // The whole app on the simulated clock, which starts in the past and never reaches the present.
  let simNow = Date.now() - FLEET_SPREAD_MS - (WARMUP_MINUTES + size.minutes + 10) * 60_000;
  const server = await startServer(redisServer.url, () => simNow);
  const serverHandle = { stop: () => server.close() };
  running.push(serverHandle);
  const { app, redis } = server;
  const keys = app.store.keys;
  if (keys.lease('replay') !== leaseKey) throw new Error(`the app's replay lease is ${keys.lease('replay')}, not ${leaseKey}: set KEY_PREFIX as the app does`);

  const city = new City(server, size, rng);
  log(`  building the fleet through commands.putUnit, signing on over ${FLEET_SPREAD_MS / HOUR} simulated hours...`);
  await city.buildFleet(() => (simNow += Math.floor(FLEET_SPREAD_MS / size.units)));

  const warmSteps = WARMUP_MINUTES * STEPS_PER_MINUTE;
  log(`  warm-up: ${WARMUP_MINUTES} simulated minutes of calls (changes recorded but not counted, no samples) so the board holds a busy floor's open calls...`);
  for (let s = 0; s < warmSteps; s++) {
    simNow += STEP_MS;
    await city.callsStep();
  }
  await feedCaughtUp(server);
  log(`  warm-up done (${wall()}): ${n(city.callsCreated)} calls created, ${n(city.openCalls)} open`);

  // The recording starts here. The app's own recorder (on the simulated clock) is the one whose
  // sample() the leased job would run; the bench runs it once per simulated step instead.
  simNow += STEP_MS;
  const start = simNow;
  const recorder = app.recorder;
  const sampleMs: number[] = [];
  const stepMs: number[] = [];
  const packMs: number[] = [];
  const sample = async () => {
    const s0 = performance.now();
    await recorder.sample();
    sampleMs.push(performance.now() - s0);
  };

  // Step 0: the first sample() writes a keyframe; step 1 samples every unit (nothing sampled
  // yet), as after every lease change in production: measured apart, once.
  await sample();
  simNow += STEP_MS;
  await city.callsStep();
  await city.moveStep();
  await feedCaughtUp(server);
  await sample();
  // Everything so far packed, as hour-old recording is: what follows is measured from here.
  await recorder.pack(simNow + 1);
  const before = await sizes(redis, keys);
  const seqBefore = app.feed.projection.seq;
  const recordingFrom = simNow + 1;
  const commitsBefore = city.commits;
  const callsBefore = { created: city.callsCreated, closed: city.callsClosed, cancelled: city.callsCancelled };

  const steps = size.minutes * STEPS_PER_MINUTE;
  let movedTotal = 0;
  for (let k = 2; k <= steps; k++) {
    const s0 = performance.now();
    simNow = start + k * STEP_MS;
    await city.callsStep();
    movedTotal += await city.moveStep();
    await feedCaughtUp(server);
    await sample();
    // The job's other half: the recording of the last whole hour (simulated) into blocks.
    const p0 = performance.now();
    await recorder.pack();
    packMs.push(performance.now() - p0);
    stepMs.push(performance.now() - s0);
    if (k % (10 * STEPS_PER_MINUTE) === 0 || k === steps) {
      const now = await sizes(redis, keys);
      log(
        `  recorded ${k / STEPS_PER_MINUTE} / ${size.minutes} simulated minutes (${wall()}): ${n(app.feed.projection.seq - seqBefore)} commits, ` +
          `${n(now.changes.recent)} changes and ${n(now.positions.recent)} position samples not packed yet, ${n(now.changes.blocks)} + ${n(now.positions.blocks)} packed blocks, ` +
          `${n(now.frames.recent)} keyframes, ${n(city.openCalls)} open calls`,
      );
    }
  }
  await feedCaughtUp(server);
  // The recording's steady state: all but the last hour or so packed. Measured with all of it
  // packed (the recent hour, one entry each, is a constant, not a yearly figure).
  await recorder.pack(simNow + 1);
  // Recorded faster than real time, keyframes have stream ids (Redis time) of a few seconds ago
  // rather than their `at`; in real time the two are a moment apart, and ReplayStore finds
  // frames by that. Re-stored with id = <at>-0, content byte for byte, as a recording made in
  // real time has them, before anything is measured or read.
  await restamp(redis, keys.replayFrames);
  // The app's recorder XADDs each change on this same connection as the feed applies it: a
  // command sent now is answered after those.
  const after = await sizes(redis, keys);
  const lease = await redis.get(leaseKey);

  /* What went into each stream. */
  const streams = replayStreams(redis, keys);
  const changeEntries = await streams.changes.read(`${seqBefore}-0`, () => false);
  let callBytes = 0;
  let unitBytes = 0;
  let callDocs = 0;
  let unitDocs = 0;
  let dBytes = 0;
  let dGzip = 0;
  for (const e of changeEntries) {
    const d = JSON.stringify(e.body);
    dBytes += Buffer.byteLength(d);
    dGzip += gzipSync(d, { level: 6 }).length;
    const { calls, units } = e.body as { calls: unknown[]; units: unknown[] };
    callDocs += calls.length;
    unitDocs += units.length;
    for (const c of calls) callBytes += Buffer.byteLength(JSON.stringify(c));
    for (const u of units) unitBytes += Buffer.byteLength(JSON.stringify(u));
  }
  // Each sample's JSON, from step 2 on (the first, full sample before it is measured apart).
  const sampleEntries = (await streams.positions.read('0-0', () => false)).filter((e) => e.at >= recordingFrom).map((e) => JSON.stringify(e.body));
  const perStep = sampleEntries.map((p) => (JSON.parse(p) as unknown[]).length);
  const pBytes = sampleEntries.reduce((sum, p) => sum + Buffer.byteLength(p), 0);
  const pGzip = sampleEntries.reduce((sum, p) => sum + gzipSync(p, { level: 6 }).length, 0);
  const sampled = perStep.reduce((a, b) => a + b, 0);
  const frames = (await binaryEntries(redis, keys.replayFrames)).map((e) => {
    const gz = e.message.b!;
    const json = gunzipSync(gz);
    const body = JSON.parse(json.toString('utf8')) as { calls: unknown[]; units: unknown[] };
    return { gzip: gz.length, json: json.length, calls: body.calls.length, units: body.units.length };
  });

  /* Per hour, per day, per year. */
  const recordedMs = steps * STEP_MS;
  const changesPerHour = ((after.changes.bytes - before.changes.bytes) / recordedMs) * HOUR;
  // Positions from step 2 on (the full first sample apart): steps - 1 steps.
  const positionsPerHour = ((after.positions.bytes - before.positions.bytes) / ((steps - 1) * STEP_MS)) * HOUR;
  const frameAvg = after.frames.recent ? after.frames.bytes / after.frames.recent : 0;
  const framesPerDay = (86_400_000 / FRAME_EVERY_MS) * frameAvg;
  const perDay: Record<Stream, number> = { changes: changesPerHour * 24, positions: positionsPerHour * 24, frames: framesPerDay };
  const dayTotal = perDay.changes + perDay.positions + perDay.frames;
  const created = city.callsCreated - callsBefore.created;

  log('');
  log(`### ${size.name}: what was recorded`);
  log(
    `${size.minutes} simulated minutes in ${wall()} of wall time: ${n(created)} calls created, ${n(city.callsClosed - callsBefore.closed)} closed, ` +
      `${n(city.callsCancelled - callsBefore.cancelled)} cancelled, ${n(city.openCalls)} open at the end; ${n(city.commits - commitsBefore)} commands committed ` +
      `(${n(app.feed.projection.seq - seqBefore)} commits in all, with the recommender's), of which ${n(changeEntries.length)} changed a call or unit (recorded).`,
  );
  if (city.refused.size)
    log(
      `Refused by the domain (skipped by the simulation): ${[...city.refused]
        .sort((a, b) => b[1] - a[1])
        .map(([c, k]) => `${c} ${k}`)
        .join(', ')}.`,
    );
  const sortedSteps = [...perStep].sort((a, b) => a - b);
  log(
    `Units sampled per 30-s step (after the first): mean ${n(sampled / Math.max(1, perStep.length))} of ${n(size.units)} ` +
      `(${((sampled / Math.max(1, perStep.length) / size.units) * 100).toFixed(1)}%), min ${n(sortedSteps[0] ?? 0)}, max ${n(sortedSteps.at(-1) ?? 0)} (the max is the step after a keyframe: the keyframe's step samples nothing); ` +
      `${n(movedTotal / Math.max(1, steps - 1))} units moved per step on average (${(MOVING_SHARE * 100).toFixed(0)}% of the fleet, ${MOVE_METRES.join('-')} m each). ` +
      `The first sample (all ${n(size.units)} units, after a lease change) is recorded once, before the measured stretch, and is not in the per-hour figure.`,
  );
  log(
    `app.recorder.sample(): p50 ${ms(
      percentile(
        [...sampleMs].sort((a, b) => a - b),
        50,
      ),
    )}, max ${ms(Math.max(...sampleMs))}; ` +
      `a whole simulated step (calls, positions, feed catch-up, sample): p50 ${ms(
        percentile(
          [...stepMs].sort((a, b) => a - b),
          50,
        ),
      )}. ` +
      `The app's replay lease was held by the bench throughout: ${lease === holder ? 'yes' : `NO (${String(lease)})`}.`,
  );
  log('');
  log(
    markdown(
      ['stream', 'entries recorded', 'MEMORY USAGE growth', 'bytes / entry', 'per hour', 'per day', `per ${RETENTION_DAYS} days`],
      [
        ...STREAMS.map((s) => {
          const grew = s === 'frames' ? after.frames.bytes : after[s].bytes - before[s].bytes;
          const count = s === 'positions' ? sampleEntries.length : s === 'frames' ? after.frames.recent : changeEntries.length;
          return [
            `replay:${s}`,
            n(count),
            mb(grew),
            n(count ? grew / count : 0),
            s === 'frames' ? `${kb(frameAvg)} (1 keyframe)` : mb(perDay[s] / 24),
            mb(perDay[s]),
            gb(perDay[s] * RETENTION_DAYS),
          ];
        }),
        ['total', '', '', '', mb(dayTotal / 24), mb(dayTotal), gb(dayTotal * RETENTION_DAYS)],
      ],
    ),
  );
  log('');
  log(
    `Where the bytes go. Changes: ${n(changeEntries.length)} entries, ${n(dBytes / Math.max(1, changeEntries.length))} bytes of JSON each on average ` +
      `(${n(callDocs)} call summaries, ${n(callBytes / Math.max(1, callDocs))} bytes each; ${n(unitDocs)} unit documents, ${n(unitBytes / Math.max(1, unitDocs))} bytes each); ` +
      `Redis holds ${n((after.changes.bytes - before.changes.bytes) / Math.max(1, changeEntries.length))} bytes an entry. ` +
      `Positions: ${n(pBytes / Math.max(1, sampled))} bytes of JSON per sampled unit ([id, lat, lon]), ` +
      `${n((after.positions.bytes - before.positions.bytes) / Math.max(1, sampled))} bytes in Redis, ${kb(perDay.positions / size.units)} per unit per day ` +
      `(scales with the share moving). About ${(changeEntries.length / Math.max(1, created) || 0).toFixed(1)} recorded changes per call created. ` +
      `Keyframes: ${n(frames.length)}, ${range(frames.map((f) => f.calls))} open calls + ${n(size.units)} units each: ` +
      `${kb(avg(frames.map((f) => f.json)))} of JSON -> ${kb(avg(frames.map((f) => f.gzip)))} gzip (stored as bytes) on average.`,
  );
  log(
    `Compression. Packed by the hour (brotli, stored as bytes), Redis holds ${pct(after.changes.bytes - before.changes.bytes, dBytes)} of the changes' JSON ` +
      `and ${pct(after.positions.bytes - before.positions.bytes, pBytes)} of the samples' JSON; gzip of each entry on its own would give ${pct(dGzip, dBytes)} and ${pct(pGzip, pBytes)} ` +
      `(before Redis's own overhead per entry). ` +
      `Packing (recorder.pack(), the job's other half, hourly): ${packMs.filter((x) => x > 5).length} runs that packed, max ${ms(Math.max(...packMs))}.`,
  );

  /* The 12-hour read, against the baseline. */
  const from = Number((await redis.xRange(keys.replayFrames, '-', '+', { COUNT: 1 }))![0]!.message.at);
  const path = `/api/v1/replay?from=${from}&hours=${REPLAY_HOURS}`;
  // Signed in now: a session made at the start would have idled out over the simulated hours.
  const cookie = await server.supervisor();
  const callIds = changeEntries.flatMap((e) => (e.body as { calls: { id: string }[] }).calls.map((c) => c.id));
  const replayMs: number[] = [];
  const baseMs: number[] = [];
  let bytes = 0;
  let body = '';
  log('');
  log(`  timing GET ${path} (${WARMUP_READS} warm-up reads, then ${READS}, each followed by ${BASELINE_PER_READ} baseline GETs)...`);
  for (let i = -WARMUP_READS; i < READS; i++) {
    const got = await timedGet(server, cookie, path);
    const base: number[] = [];
    for (let b = 0; b < BASELINE_PER_READ; b++)
      base.push((await timedGet(server, cookie, `/api/v1/calls/${callIds[Math.floor(rng.float() * callIds.length)]}`)).ms);
    if (i < 0) continue;
    replayMs.push(got.ms);
    baseMs.push(...base);
    bytes = Buffer.byteLength(got.body);
    body = got.body;
  }
  const rec = JSON.parse(body) as { frame: { at: number }; changes: unknown[]; positions: unknown[] };
  const frameBytes = Buffer.byteLength(JSON.stringify(rec.frame));
  const coveredMs = simNow - rec.frame.at;
  const short = coveredMs < REPLAY_HOURS * HOUR;
  const est12 = frameBytes + ((bytes - frameBytes) * REPLAY_HOURS * HOUR) / Math.max(1, coveredMs);
  replayMs.sort((a, b) => a - b);
  baseMs.sort((a, b) => a - b);
  const [r50, r95, b50, b95] = [percentile(replayMs, 50), percentile(replayMs, 95), percentile(baseMs, 50), percentile(baseMs, 95)];
  log('');
  log(`### ${size.name}: reading ${REPLAY_HOURS} hours of replay`);
  log(
    short
      ? `The recording covers only ${(coveredMs / 60_000).toFixed(1)} simulated minutes (not ${REPLAY_HOURS} h): the read returns all of it. ` +
          `A real ${REPLAY_HOURS}-hour read carries about ${((HOUR * REPLAY_HOURS) / coveredMs).toFixed(0)}x the changes and samples ` +
          `(linear estimate of its size below; its time was not measured: run with --minutes ${REPLAY_HOURS * 60}).`
      : `The recording covers ${(coveredMs / HOUR).toFixed(1)} simulated hours: a whole ${REPLAY_HOURS}-hour read.`,
  );
  log(
    `Response: keyframe (${kb(frameBytes)}) + ${n(rec.changes.length)} changes + ${n(rec.positions.length)} position samples, ` +
      `${n(bytes)} bytes of JSON (not compressed)${short ? `; for a whole ${REPLAY_HOURS} h about ${mb(est12)} (linear estimate)` : ''}.`,
  );
  log('');
  log(
    markdown(
      ['request', 'n', 'p50', 'p95', 'max', 'response bytes', 'p50 / baseline p50', 'p95 / baseline p95'],
      [
        [
          `GET /api/v1/replay (hours=${REPLAY_HOURS}${short ? `, ${(coveredMs / 60_000).toFixed(0)} min recorded` : ''})`,
          String(replayMs.length),
          ms(r50),
          ms(r95),
          ms(replayMs.at(-1)!),
          n(bytes),
          `${(r50 / b50).toFixed(1)}x`,
          `${(r95 / b95).toFixed(1)}x`,
        ],
        ['BASELINE: GET /api/v1/calls/:id', String(baseMs.length), ms(b50), ms(b95), ms(baseMs.at(-1)!), '', '1.0x', '1.0x'],
      ],
    ),
  );
  log('Client and server share this process: the baseline GETs follow each replay read, so their tail includes collecting its garbage.');

  for (const r of [serverHandle, redisServer]) {
    running.splice(running.indexOf(r), 1);
    await r.stop();
  }
  const read =
    `p50 ${ms(r50)}, p95 ${ms(r95)} (${(r50 / b50).toFixed(1)}x / ${(r95 / b95).toFixed(1)}x the baseline's ${ms(b50)} / ${ms(b95)}), ${mb(bytes)} of JSON` +
    (short ? ` for the ${(coveredMs / 60_000).toFixed(0)} min recorded (about ${mb(est12)} for 12 h)` : '');
  return { size, perDay, read };
}

/** One GET as the board sends it (session cookie, Origin), timed until the whole body is read. */
async function timedGet(server: BenchServer, cookie: string, path: string): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  const res = await fetch(`${server.url}${path}`, { headers: { cookie, origin: server.url } });
  const body = await res.text();
  const took = performance.now() - t0;
  if (res.status !== 200) throw new Error(`GET ${path} -> ${res.status} ${body.slice(0, 300)}`);
  return { ms: took, body };
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
  const cities = citiesToRun();
  log(`Shift replay recording benchmark: ${cities.map((c) => `${c.name} (${n(c.units)} units, ${n(c.callsPerDay)} calls/day, ${c.minutes} min)`).join(', ')}`);
  log(
    `Method: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}. The server runs in this process (createApp, as startTestServer, ` +
      `with a simulated clock) against a redis-server of its own per city; ${STEP_MS / 1000}-s simulated steps; memory is MEMORY USAGE ... SAMPLES 0 of the replay streams, per simulated hour, times 24 and ${RETENTION_DAYS}.`,
  );
  const results: CityResult[] = [];
  const rng = new Rng(20260911);
  for (const size of cities) results.push(await runCity(size, rng.fork(size.name)));

  log('');
  log('## Summary');
  log(
    formatTable(
      results.flatMap(({ size, perDay, read }) => {
        const day = perDay.changes + perDay.positions + perDay.frames;
        const split = STREAMS.map((s) => `${s} ${((perDay[s] / day) * 100).toFixed(0)}%`).join(' / ');
        return [
          {
            figure: `${size.name} (${n(size.units)} units, ${n(size.callsPerDay)} calls/day): replay recording per day`,
            value: `${mb(day)} (${split})`,
            target: '',
            met: null,
          },
          {
            figure: `${size.name}: per year (${RETENTION_DAYS} days, CALL_RETENTION_DAYS)`,
            value: `${gb(day * RETENTION_DAYS)} (changes ${gb(perDay.changes * RETENTION_DAYS)}, positions ${gb(perDay.positions * RETENTION_DAYS)}, keyframes ${gb(perDay.frames * RETENTION_DAYS)})`,
            target: '',
            met: null,
          },
          { figure: `${size.name}: GET /api/v1/replay?hours=${REPLAY_HOURS}`, value: read, target: '', met: null },
        ];
      }),
    ),
  );
  log('');
  log(
    `For scale: the README's "Redis memory after a year" target is <= 4 GB for all of Redis (0.98 GB measured for 150 units and 500 calls a day, ` +
      `before shift replay); the figures above are the replay recording alone, on top of that.`,
  );
  log(`\n(${((performance.now() - started) / 60_000).toFixed(1)} minutes)`);
}

runBenchmark(main, stopAll);

/**
 * Benchmark (not a test): does the map stay smooth with a big city moving? Opens /board (as a
 * dispatcher) and /wall (with a display key) in headless Chromium at 1920x1080 while 5,000 units
 * move at 1,000 positions/s, and measures frame times (at city zoom, then one wheel notch in) and
 * long tasks, and heap growth.
 *
 *   npm run build && node --import tsx test/bench/browser.ts [--quick]
 *
 * --quick keeps the heap window to 1 minute (else 10). BENCH_SHOTS=<dir> also saves screenshots
 * of both screens zoomed out and zoomed in. Prints figures; asserts nothing.
 */
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { inParallel, percentile, postJson, startServerProcess, type ServerProcess } from './bench-kit';
import { formatTable, type BenchRow } from './table';

// BENCH_CALLS / BENCH_MH_CALLS change the call load, to tell the units' cost from the calls'.
const UNITS = 5_000;
const CO_RESPONSE_UNITS = 150;
const CALLS = Number(process.env.BENCH_CALLS ?? 3_000);
const MH_CALLS = Math.min(CALLS, Number(process.env.BENCH_MH_CALLS ?? 500));
/** Calls given a unit, so busy styles are on the map too. */
const ASSIGNED = 300;
const POSITIONS_PER_S = 1_000;
const TICK_MS = 100;
const MEASURE_MS = 20_000;
/** Time for the snapshot to arrive and the first paints to settle before anything is measured. */
const WARMUP_MS = 8_000;
const FRAME_TARGET_MS = 16.7;
const HEAP_GROWTH_TARGET = 0.1;

const BOUNDS = { south: 39.65, north: 39.8, west: -105.05, east: -104.9 };

interface Mover {
  id: string;
  lat: number;
  lon: number;
  heading: number;
}

interface FrameFigures {
  frames: number;
  p50: number;
  p95: number;
  longTasks: number;
  longest: number;
}

const rnd = (a: number, b: number) => a + Math.random() * (b - a);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function unitType(i: number): string {
  if (i < CO_RESPONSE_UNITS) return i % 2 === 0 ? 'co_responder' : 'crisis_team';
  const r = i % 10;
  return r < 7 ? 'law' : r < 9 ? 'ems' : 'fire';
}

/** Creates the units and calls; returns the movers (one per unit) for the drive. */
async function buildCity(server: ServerProcess, log: (s: string) => void): Promise<Mover[]> {
  const movers: Mover[] = Array.from({ length: UNITS }, (_, i) => ({
    id: `bench-u${i}`,
    lat: rnd(BOUNDS.south, BOUNDS.north),
    lon: rnd(BOUNDS.west, BOUNDS.east),
    heading: rnd(0, 360),
  }));
  const allDay = { start: '00:00', end: '00:00' };
  let done = 0;
  await inParallel(movers, 48, async (m) => {
    const i = Number(m.id.slice('bench-u'.length));
    const type = unitType(i);
    // A few off duty or out of service, so every style is on the map.
    const status = i % 37 === 0 ? 'off_duty' : i % 53 === 0 ? 'out_of_service' : 'available';
    await postJson(
      `${server.url}/api/v1/units/${m.id}`,
      {
        callsign: `${type.slice(0, 2).toUpperCase()}${i}`,
        type,
        status,
        position: { lat: m.lat, lon: m.lon },
        ...(type === 'co_responder' || type === 'crisis_team' ? { shift: allDay } : {}),
      },
      'PUT',
    );
    if (++done % 1000 === 0) log(`  units: ${done}/${UNITS}`);
  });

  const natures = ['THEFT', 'ALARM', 'TRAFFIC', 'NOISE', 'SUSP', 'BURGLARY', 'MEDICAL', 'ASSAULT'];
  const callIds: string[] = [];
  done = 0;
  await inParallel(
    Array.from({ length: CALLS }, (_, i) => i),
    48,
    async (i) => {
      const mh = i < MH_CALLS;
      const call = (await postJson(`${server.url}/api/v1/calls`, {
        nature: mh ? (i % 2 === 0 ? 'EDP' : 'WELFARE') : natures[i % natures.length],
        priority: 1 + (i % 5),
        location: { lat: rnd(BOUNDS.south, BOUNDS.north), lon: rnd(BOUNDS.west, BOUNDS.east), address: `${100 + i} Bench St` },
      })) as { id: string };
      callIds.push(call.id);
      if (++done % 1000 === 0) log(`  calls: ${done}/${CALLS}`);
    },
  );

  // Busy units: police units (index >= CO_RESPONSE_UNITS, available) on the first calls.
  const pairs: [string, string][] = [];
  for (let i = CO_RESPONSE_UNITS, c = 0; i < UNITS && c < ASSIGNED; i++) {
    if (i % 37 === 0 || i % 53 === 0) continue;
    pairs.push([callIds[c++]!, `bench-u${i}`]);
  }
  let assigned = 0;
  await inParallel(pairs, 16, async ([callId, unitId]) => {
    try {
      await postJson(`${server.url}/api/v1/calls/${callId}/assignments`, { unitId });
      assigned++;
    } catch {
      // A refused assignment (rules, shifts) only means one busy unit fewer.
    }
  });
  log(`  assigned ${assigned} units to calls`);
  return movers;
}

/**
 * Drives POSITIONS_PER_S small moves (a car's worth per tick: ~10-30 m along a slowly turning
 * heading) through the batch endpoint, or one request per position when the server has none.
 */
export class Driver {
  sent = 0;
  failed = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight = 0;
  #next = 0;
  #batch = true;
  readonly #server: ServerProcess;
  readonly #movers: Mover[];

  constructor(server: ServerProcess, movers: Mover[]) {
    this.#server = server;
    this.#movers = movers;
  }

  get mode(): string {
    return this.#batch ? 'POST /units/positions' : 'POST /units/:id/position';
  }

  async start(): Promise<void> {
    const probe = await fetch(`${this.#server.url}/api/v1/units/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.#server.ingestKey}` },
      body: JSON.stringify({ positions: [this.#move()] }),
    });
    await probe.text();
    this.#batch = probe.ok;
    const perTick = Math.round((POSITIONS_PER_S * TICK_MS) / 1000);
    this.#timer = setInterval(() => this.#tick(perTick), TICK_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #move(): { unitId: string; lat: number; lon: number; heading: number; at: number } {
    // Round-robin over a shuffled-enough order: moves land all over the city, as they do.
    const m = this.#movers[(this.#next = (this.#next + 7919) % this.#movers.length)]!;
    m.heading = (m.heading + rnd(-20, 20) + 360) % 360;
    const step = rnd(0.0001, 0.0003);
    const rad = (m.heading * Math.PI) / 180;
    m.lat = clamp(m.lat + step * Math.cos(rad), BOUNDS.south, BOUNDS.north);
    m.lon = clamp(m.lon + step * Math.sin(rad) * 1.3, BOUNDS.west, BOUNDS.east);
    if (m.lat === BOUNDS.south || m.lat === BOUNDS.north || m.lon === BOUNDS.west || m.lon === BOUNDS.east) m.heading = (m.heading + 180) % 360;
    return { unitId: m.id, lat: m.lat, lon: m.lon, heading: Math.round(m.heading), at: Date.now() };
  }

  #tick(n: number): void {
    // Bounded: a server that falls behind gets no pile of requests, the rate just drops.
    if (this.#inFlight > (this.#batch ? 4 : 0)) return;
    const positions = Array.from({ length: n }, () => this.#move());
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${this.#server.ingestKey}` };
    if (this.#batch) {
      this.#inFlight++;
      void fetch(`${this.#server.url}/api/v1/units/positions`, { method: 'POST', headers, body: JSON.stringify({ positions }) })
        .then(async (res) => {
          await res.text();
          if (res.ok) this.sent += positions.length;
          else this.failed += positions.length;
        })
        .catch(() => (this.failed += positions.length))
        .finally(() => this.#inFlight--);
      return;
    }
    this.#inFlight++;
    void inParallel(positions, 32, async ({ unitId, lat, lon }) => {
      try {
        const res = await fetch(`${this.#server.url}/api/v1/units/${unitId}/position`, { method: 'POST', headers, body: JSON.stringify({ lat, lon }) });
        await res.text();
        if (res.ok) this.sent++;
        else this.failed++;
      } catch {
        this.failed++;
      }
    }).finally(() => this.#inFlight--);
  }
}

/** Frame deltas (requestAnimationFrame) and long tasks over `ms`, measured inside the page. */
async function measureFrames(page: Page, ms: number): Promise<FrameFigures> {
  // A string, not a function: tsx would wrap named inner functions in a `__name` helper the page lacks.
  const raw = (await page.evaluate(`(async (duration) => {
    const deltas = [];
    const long = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push(e.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    await new Promise((done) => {
      let last = performance.now();
      const end = last + duration;
      function frame(now) {
        deltas.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(frame);
        else done();
      }
      requestAnimationFrame(frame);
    });
    observer.disconnect();
    return { deltas: deltas.slice(1), long };
  })(${ms})`)) as { deltas: number[]; long: number[] };
  const sorted = [...raw.deltas].sort((a, b) => a - b);
  const over = raw.long.filter((d) => d > 50);
  return { frames: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), longTasks: over.length, longest: Math.max(0, ...raw.long) };
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection"][data-state="live"]').waitFor({ timeout: 60_000 });
}

async function shoot(page: Page, dir: string, name: string, zoomIn: () => Promise<void>, log: (s: string) => void): Promise<void> {
  await page.screenshot({ path: join(dir, `${name}-out.png`), timeout: 120_000 });
  await zoomIn();
  await sleep(1500);
  await page.screenshot({ path: join(dir, `${name}-in.png`), timeout: 120_000 });
  log(`  screenshots: ${join(dir, `${name}-out.png`)}, ${name}-in.png`);
}

/** Zooms the map in `steps` wheel notches around the centre of the map element. */
async function wheelZoom(page: Page, steps: number): Promise<void> {
  const box = await page.locator('.leaflet-container').first().boundingBox();
  if (!box) return;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, -120);
    await sleep(400);
  }
}

/** A running city: its own redis-server and server, built and moving. */
export interface BenchCity {
  server: ServerProcess;
  driver: Driver;
  /** The dispatcher's session cookie. */
  cookie: { name: string; value: string };
  displayKey: string;
  stop(): Promise<void>;
}

/** Starts redis-server and the server, builds the city and starts driving positions. */
export async function startCity(log: (s: string) => void): Promise<BenchCity> {
  let redis: TestRedis | undefined;
  let server: ServerProcess | undefined;
  let driver: Driver | undefined;
  const stop = async () => {
    driver?.stop();
    await server?.stop().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
  };
  try {
    redis = await startTestRedis();
    // No tile server: the bench measures our drawing, not failed image requests.
    server = await startServerProcess(redis.url, { TILE_URL: '' });
    log(`server ${server.url} (pid ${server.child.pid}), redis pid ${redis.pid}`);
    const origin = { origin: server.url, 'content-type': 'application/json', cookie: server.cookie };
    const password = 'bench-dispatcher-pw-1234';
    const mk = await fetch(`${server.url}/api/v1/admin/users`, {
      method: 'POST',
      headers: origin,
      body: JSON.stringify({ username: 'benchdispatch', role: 'dispatcher', password }),
    });
    if (!mk.ok) throw new Error(`creating the dispatcher: ${mk.status} ${await mk.text()}`);
    const signIn = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'benchdispatch', password }),
    });
    if (!signIn.ok) throw new Error(`dispatcher sign-in: ${signIn.status}`);
    const [name, value] = signIn.headers.get('set-cookie')!.split(';')[0]!.split('=') as [string, string];
    const keyRes = await fetch(`${server.url}/api/v1/admin/keys`, {
      method: 'POST',
      headers: origin,
      body: JSON.stringify({ kind: 'display', name: 'bench wall' }),
    });
    if (!keyRes.ok) throw new Error(`creating the display key: ${keyRes.status} ${await keyRes.text()}`);
    const displayKey = ((await keyRes.json()) as { secret: string }).secret;

    log(`building the city: ${UNITS} units, ${CALLS} calls`);
    const t0 = Date.now();
    const movers = await buildCity(server, log);
    log(`  built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    driver = new Driver(server, movers);
    await driver.start();
    log(`driving ${POSITIONS_PER_S} positions/s via ${driver.mode}`);
    return { server, driver, cookie: { name, value }, displayKey, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function browserBench(opts: { quick: boolean; log: (s: string) => void }): Promise<BenchRow[]> {
  const { log } = opts;
  const heapWindowMs = (opts.quick ? 1 : 10) * 60_000;
  const shots = process.env.BENCH_SHOTS;
  let city: BenchCity | undefined;
  let browser: Browser | undefined;
  try {
    city = await startCity(log);
    const { server, driver, displayKey } = city;
    const [cookieName, cookieValue] = [city.cookie.name, city.cookie.value];
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
    const viewport = { width: 1920, height: 1080 };
    const boardCtx: BrowserContext = await browser.newContext({ viewport });
    await boardCtx.addCookies([{ name: cookieName, value: cookieValue, url: server.url }]);
    const wallCtx: BrowserContext = await browser.newContext({ viewport });

    const open = async (name: string, ctx: BrowserContext, path: string) => {
      const page = await ctx.newPage();
      page.on('pageerror', (e) => log(`  [${name}] page error: ${e.message}`));
      await page.goto(`${server.url}${path}`);
      await waitLive(page);
      return page;
    };
    const targets = [
      { name: '/board', ctx: boardCtx, path: '/board' },
      { name: '/wall', ctx: wallCtx, path: `/wall?key=${encodeURIComponent(displayKey)}` },
    ];

    // Frames: one screen at a time, closed after (two live pages would share the two cores).
    const frames = new Map<string, { f: FrameFigures; rate: number }>();
    for (const t of targets) {
      log(`${t.name}: opening, warming up ${WARMUP_MS / 1000} s`);
      const page = await open(t.name, t.ctx, t.path);
      await sleep(WARMUP_MS);
      const sentBefore = driver.sent;
      log(`${t.name}: measuring frames for ${MEASURE_MS / 1000} s`);
      const started = Date.now();
      const f = await measureFrames(page, MEASURE_MS);
      const rate = (driver.sent - sentBefore) / ((Date.now() - started) / 1000);
      log(
        `${t.name}: ${f.frames} frames, p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, ${f.longTasks} long tasks > 50 ms (longest ${f.longest.toFixed(0)} ms), ${rate.toFixed(0)} positions/s delivered`,
      );
      frames.set(t.name, { f, rate });
      // The same screen zoomed in (city zoom 12 to street zoom 14: full shapes, fewer on screen).
      await wheelZoom(page, 1);
      await sleep(2_000);
      const sentIn = driver.sent;
      const startedIn = Date.now();
      const fi = await measureFrames(page, MEASURE_MS);
      const rateIn = (driver.sent - sentIn) / ((Date.now() - startedIn) / 1000);
      log(
        `${t.name} zoomed in: ${fi.frames} frames, p50 ${fi.p50.toFixed(1)} ms, p95 ${fi.p95.toFixed(1)} ms, ${fi.longTasks} long tasks > 50 ms (longest ${fi.longest.toFixed(0)} ms), ${rateIn.toFixed(0)} positions/s delivered`,
      );
      frames.set(`${t.name} zoomed in`, { f: fi, rate: rateIn });
      await page.close();
    }

    // Heap: both screens open and live for the window; GC before each reading.
    const heap: { name: string; page: Page; cdp: CDPSession; start: number }[] = [];
    for (const t of targets) {
      const page = await open(t.name, t.ctx, t.path);
      const cdp = await t.ctx.newCDPSession(page);
      heap.push({ name: t.name, page, cdp, start: 0 });
    }
    await sleep(WARMUP_MS);
    for (const h of heap) h.start = await heapAfterGc(h.cdp);
    log(`heap window: ${heapWindowMs / 60_000} min (start ${heap.map((h) => `${h.name} ${(h.start / 1e6).toFixed(1)} MB`).join(', ')})`);
    const steps = Math.ceil(heapWindowMs / 30_000);
    for (let i = 1; i <= steps; i++) {
      await sleep(Math.min(30_000, heapWindowMs - (i - 1) * 30_000));
      log(`  ${Math.min(i * 30_000, heapWindowMs) / 1000} s, ${driver.sent} positions sent, ${driver.failed} failed`);
    }
    const heapEnd = new Map<string, number>();
    for (const h of heap) heapEnd.set(h.name, await heapAfterGc(h.cdp));

    if (shots) {
      mkdirSync(shots, { recursive: true });
      for (const h of heap) {
        await h.page.bringToFront();
        // One wheel notch is two zoom levels: city zoom 12 to street zoom 14, where full shapes show.
        await shoot(h.page, shots, h.name.slice(1), () => wheelZoom(h.page, 1), log);
      }
    }

    const rows: BenchRow[] = [];
    for (const h of heap) {
      const end = heapEnd.get(h.name)!;
      const growth = (end - h.start) / h.start;
      for (const name of [h.name, `${h.name} zoomed in`]) {
        const { f, rate } = frames.get(name)!;
        const load = `5,000 units, ${CALLS} calls (${MH_CALLS} MH), ${rate.toFixed(0)} positions/s`;
        rows.push(
          {
            figure: `${name} frame p95 (${load}; p50 ${f.p50.toFixed(1)} ms, ${f.frames} frames in 20 s)`,
            value: `${f.p95.toFixed(1)} ms`,
            target: `<= ${FRAME_TARGET_MS} ms`,
            met: f.p95 <= FRAME_TARGET_MS,
          },
          { figure: `${name} long tasks > 50 ms in 20 s`, value: `${f.longTasks} (longest ${f.longest.toFixed(0)} ms)`, target: '0', met: f.longTasks === 0 },
        );
      }
      rows.push({
        figure: `${h.name} heap growth over ${heapWindowMs / 60_000} min, after GC`,
        value: `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} % (${(h.start / 1e6).toFixed(1)} -> ${(end / 1e6).toFixed(1)} MB)`,
        target: `<= ${HEAP_GROWTH_TARGET * 100} %`,
        met: growth <= HEAP_GROWTH_TARGET,
      });
    }
    rows.push({ figure: 'positions driven', value: `${driver.sent} sent, ${driver.failed} failed via ${driver.mode}`, target: '', met: null });
    return rows;
  } finally {
    await browser?.close().catch(() => undefined);
    await city?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const log = (s: string) => process.stdout.write(`${s}\n`);
  browserBench({ quick: process.argv.includes('--quick'), log })
    .then((rows) => log(`\n${formatTable(rows)}`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    });
}

import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { startSimulator, type Simulator } from '../../server/sim/simulator';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server';
import { SIGNED_OUT } from './auth-fixtures';

/**
 * A wall runs for days. This drives a busy simulated city through a server of the spec's own at
 * 240x (six real minutes = a simulated day, after a warm-up), with the wall open in
 * Chromium, and checks that the page does not grow. The page applies a couple of hundred
 * changes a second, far more than a real floor sends, which is what makes a leak show.
 *
 * What a leak is, measured without guessing how many nodes a call costs: at the end the city is
 * frozen, and the soaked page is compared with a wall freshly opened on the very same state.
 * Whatever the soaked page holds beyond the fresh one (JS heap after garbage collection, DOM
 * nodes in or out of the document, listeners) is what a day of history left behind.
 *
 * Why not 720x (a day in two minutes): the simulator cannot keep its dispatching up at that
 * speed (its queue of waiting calls grows by ~7 a second and the wall would show a thousand
 * open calls, which no floor ever sees); at 240x it holds a steady ~100 open calls.
 */
test.use({ storageState: SIGNED_OUT, viewport: { width: 1920, height: 1080 } });

const SPEED = 240;
const WARM_UP_MS = 20_000;
const SOAK_MS = 360_000;
/** Honest tolerances: a live page's heap moves with what is on it; a leak grows without bound. */
const HEAP_GROWTH_MAX = 1.3;
const NODES_DRIFT_MAX = 0.15;
const WALL_KEY_QUERY = (key: string) => `/wall?key=${encodeURIComponent(key)}`;

let redis: TestRedis | undefined;
let server: TestServer | undefined;
let sim: Simulator | undefined;

test.afterEach(async ({ page }) => {
  await page.close();
  await sim?.stop();
  sim = undefined;
  await server?.close().catch(() => undefined);
  server = undefined;
  await redis?.stop();
  redis = undefined;
});

interface Sample {
  heapMb: number;
  nodes: number;
  listeners: number;
  openCalls: number;
  markers: number;
}

/** Calls drawn on the map: DOM markers while few; past CALL_DOM_MAX one canvas, which says how many. */
const CALLS_ON_MAP = `document.querySelectorAll('.leaflet-marker-pane .call-marker').length +
  Number(document.querySelector('.leaflet-marker-pane canvas.calls-canvas')?.getAttribute('data-call-count') ?? 0)`;

async function sample(page: Page, cdp: CDPSession): Promise<Sample> {
  // Twice: the first pass can leave what only a second one frees (weak maps, finalizers).
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  return {
    heapMb: Math.round((metric('JSHeapUsedSize') / 1_048_576) * 10) / 10,
    nodes: metric('Nodes'),
    listeners: metric('JSEventListeners'),
    // Read together, in one task: changes arrive many times a second.
    ...(await page.evaluate(() => ({
      openCalls: Number(document.querySelector('[data-testid="wall-kpi-open"]')?.textContent),
      // DOM markers while few; past CALL_DOM_MAX the calls are drawn on one canvas, which says how many.
      markers:
        document.querySelectorAll('.leaflet-marker-pane .call-marker').length +
        Number(document.querySelector('.leaflet-marker-pane canvas.calls-canvas')?.getAttribute('data-call-count') ?? 0),
    }))),
  };
}

test('hours of a busy simulated city on the wall: heap and DOM do not grow', async ({ page }) => {
  test.setTimeout(480_000);
  redis = await startTestRedis();
  server = await startTestServer(redis.url, { TILE_URL: '', POSITION_COALESCE_MS: '100' });
  const session = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
  });
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const keyRes = await fetch(`${server.url}/api/v1/admin/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: server.url },
    body: JSON.stringify({ kind: 'display', name: 'soak' }),
  });
  const key = ((await keyRes.json()) as { secret: string }).secret;

  sim = await startSimulator({
    commands: server.app.commands,
    feed: server.app.feed,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    // Four ticks a real second (a simulated minute each), so units move smoothly at this speed.
    tickMs: 250,
    // A city the size of the demo: about 90 calls an hour and a full fleet.
    config: {
      enabled: true,
      autoDispatch: 'all',
      seed: 20_240,
      center: { lat: 39.7392, lon: -104.9903 },
      radiusKm: 11,
      callsPerHour: 90,
      speed: SPEED,
      fleetScale: 1,
    },
  });

  await page.goto(server.url + WALL_KEY_QUERY(key));
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');

  await page.waitForTimeout(WARM_UP_MS);
  const warm = await sample(page, cdp);
  const samples: Sample[] = [warm];
  /** Seconds after the warm-up at which each sample was taken (a loaded machine takes longer). */
  const takenAt: number[] = [0];
  let maxOpen = warm.openCalls;
  const startSeq = server.app.feed.projection.seq;
  const started = Date.now();
  while (Date.now() - started < SOAK_MS) {
    await page.waitForTimeout(20_000);
    const s = await sample(page, cdp);
    samples.push(s);
    takenAt.push(Math.round((Date.now() - started) / 1000));
    maxOpen = Math.max(maxOpen, s.openCalls);
    // Still live the whole time.
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  }
  const end = samples[samples.length - 1]!;
  const changes = server.app.feed.projection.seq - startSeq;

  // Freeze the city, let the soaked wall catch up, and open a fresh wall on the same state.
  await sim.stop();
  sim = undefined;
  const openNow = server.app.feed.projection.calls.size;
  await expect.poll(() => page.evaluate<number>(CALLS_ON_MAP)).toBe(openNow);
  const soaked = await sample(page, cdp);
  await page.close();
  const fresh = await page
    .context()
    .browser()!
    .newPage({ viewport: { width: 1920, height: 1080 } });
  await fresh.goto(server.url + WALL_KEY_QUERY(key));
  await expect(fresh.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect.poll(() => fresh.evaluate<number>(CALLS_ON_MAP)).toBe(openNow);
  const freshCdp = await fresh.context().newCDPSession(fresh);
  await freshCdp.send('Performance.enable');
  const baseline = await sample(fresh, freshCdp);
  await fresh.context().close();

  const line = (label: string, s: Sample) =>
    `${label} heap ${s.heapMb} MB, ${s.nodes} nodes, ${s.listeners} listeners, ${s.openCalls} open calls, ${s.markers} markers`;
  const report = [...samples.map((s, i) => line(`t+${takenAt[i]}s`, s)), line('frozen, soaked page:', soaked), line('frozen, fresh page: ', baseline)].join(
    '\n',
  );
  console.log(`wall soak (${SPEED}x, ${((SOAK_MS / 1000) * SPEED) / 3600} simulated hours after warm-up, ${changes} changes):\n${report}`);
  test
    .info()
    .annotations.push(
      { type: 'heap MB (warm-up → end; fresh page on the end state)', description: `${warm.heapMb} → ${end.heapMb}; ${baseline.heapMb}` },
      { type: 'DOM nodes (soaked page; fresh page on the same state)', description: `${soaked.nodes}; ${baseline.nodes}` },
      { type: 'open calls (warm-up, max, end)', description: `${warm.openCalls}, ${maxOpen}, ${end.openCalls}` },
      { type: 'changes applied', description: String(changes) },
    );

  // The city was busy the whole time. (How many calls stay open depends on how fast the
  // machine lets the simulator dispatch: ~100 on an idle one, 300 on a loaded one. The page's
  // own cost follows the calls it shows, which is why it is compared with a fresh page below.)
  expect(warm.openCalls).toBeGreaterThan(5);
  expect(changes).toBeGreaterThan(2_000);
  // One marker per open call, always: nothing left behind on the map.
  expect(end.markers).toBe(end.openCalls);
  expect(soaked.openCalls).toBe(openNow);
  // A day of history costs no more than a fresh page on the same state.
  expect(soaked.heapMb).toBeLessThan(baseline.heapMb * HEAP_GROWTH_MAX);
  expect(Math.abs(soaked.nodes - baseline.nodes)).toBeLessThanOrEqual(baseline.nodes * NODES_DRIFT_MAX);
  expect(Math.abs(soaked.listeners - baseline.listeners)).toBeLessThanOrEqual(baseline.listeners * NODES_DRIFT_MAX);
});

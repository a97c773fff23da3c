/**
 * `npm run bench [-- --quick] [-- --no-browser]`: the city-scale figures in one table.
 * A benchmark, not a test: it prints what it measured and asserts nothing.
 *
 * Tandem is measured first (its own Redis, the loop probe preloaded), then stopped, then the
 * bare baseline (bare-server.ts) under the identical load; delivery, CPU and bytes are given
 * as Tandem / bare ratios from this one run, because this machine's speed varies from run to run.
 * --quick runs the same scenarios scaled down, for development (about 2-3 minutes).
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { n, nowMs } from './bench-kit';
import { buildCity } from './city';
import { Fleet } from './fleet';
import { Movers } from './load';
import type { ResyncReply } from './fleet';
import { deliveryWindow, noStall, snapshots, stormOnce, type Ctx, type DeliveryFigures, type NoStallFigures, type SnapshotFigures } from './scenarios';
import { memoryBench } from './memory';
import { formatTable, type BenchRow } from './table';
import { startBare, startTandem, type Target } from './targets';

const quick = process.argv.includes('--quick');
const browser = !process.argv.includes('--no-browser');
const log = (s: string) => process.stdout.write(`${s}\n`);

const SIZE = quick
  ? {
      units: 1000,
      calls: 600,
      mhCalls: 100,
      floors: [
        [40, 20, 400],
        [100, 20, 1000],
      ],
      dashboards: 100,
      window: 8,
      grace: 3,
      stallPositions: 1000,
      stormPositions: 400,
    }
  : {
      units: 5000,
      calls: 3000,
      mhCalls: 500,
      floors: [
        [200, 20, 400],
        [500, 20, 1000],
      ],
      dashboards: 500,
      window: 30,
      grace: 5,
      stallPositions: 1000,
      stormPositions: 400,
    };

/** Everything started, stopped in reverse on the way out (even on failure or Ctrl-C). */
const running: { stop(): Promise<void> }[] = [];
async function stopAll(): Promise<void> {
  for (const r of running.splice(0).reverse()) await r.stop().catch((err: unknown) => log(`  ! stopping: ${(err as Error).message}`));
}

async function tandemPhase(ctx: Ctx): Promise<{ target: Target; floors: DeliveryFigures[]; stall: NoStallFigures; snap: SnapshotFigures }> {
  log(`Tandem: starting (own redis-server, loop probe preloaded)...`);
  const target = await startTandem(log);
  running.push(target);
  const city = await buildCity(target, SIZE, log);
  const movers = new Movers(city.units);
  // Snapshots first, while the city is exactly the size the target names.
  const snap = await snapshots(ctx, target, movers, SIZE.dashboards, SIZE.stormPositions);
  const stall = await noStall(ctx, target, movers, SIZE.dashboards, SIZE.stallPositions, SIZE.window);
  const floors = [];
  for (const [d, c, p] of SIZE.floors) floors.push(await deliveryWindow(ctx, target, movers, d!, c!, p!, SIZE.window));
  await ctx.fleet.ask({ kind: 'close' });
  ctx.open = 0;
  await target.stop();
  running.splice(running.indexOf(target), 1);
  return { target, floors, stall, snap };
}

async function barePhase(ctx: Ctx, positionsEndpoint: boolean): Promise<{ floors: DeliveryFigures[]; storm: ResyncReply }> {
  log('bare: starting the baseline server...');
  const target = await startBare();
  running.push(target);
  target.positionsEndpoint = positionsEndpoint; // the same load as Tandem got
  const city = await buildCity(target, SIZE, log);
  const movers = new Movers(city.units);
  const floors = [];
  for (const [d, c, p] of SIZE.floors) floors.push(await deliveryWindow(ctx, target, movers, d!, c!, p!, SIZE.window));
  // The same storm against the baseline: how fast this machine and the dashboard process can
  // take that many snapshots at all (information for reading Tandem's storm figures).
  const storm = await stormOnce(ctx, target, SIZE.dashboards);
  await ctx.fleet.ask({ kind: 'close' });
  ctx.open = 0;
  await target.stop();
  running.splice(running.indexOf(target), 1);
  return { floors, storm };
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const ratio = (a: number, b: number) => a / b;
const x = (r: number) => `${r.toFixed(2)}x`;

function floorRows(tandem: DeliveryFigures[], bare: DeliveryFigures[], positionsEndpoint: boolean): BenchRow[] {
  const rows: BenchRow[] = [];
  SIZE.floors.forEach(([d, c, p], i) => {
    const t = tandem[i]!;
    const b = bare[i]!;
    const label = `(${d} dashboards, ${c} calls/s, ${positionsEndpoint ? n(p!) : 0} positions/s)`;
    // Requests the load generator could not send (too many in flight) mean that server got less load than the other.
    const behind = (f: DeliveryFigures, name: string) => (f.load.skipped > 0 ? `; ${name} FELL BEHIND: ${n(f.load.skipped)} requests not sent` : '');
    const warn = behind(t, 'Tandem') + behind(b, 'bare');
    const pr = ratio(t.delivery.p99, b.delivery.p99);
    rows.push({
      figure: `delivery p99 ratio ${label}`,
      value: `${x(pr)} (Tandem ${ms(t.delivery.p99)}, bare ${ms(b.delivery.p99)}${warn})`,
      target: '<= 1.5x',
      met: pr <= 1.5,
    });
    const tLost = t.delivery.lost + t.delivery.gaps;
    rows.push({
      figure: `frames lost ${label}`,
      value: `${tLost} (Tandem ${t.delivery.lost} calls missing, ${t.delivery.gaps} gaps; bare ${b.delivery.lost}, ${b.delivery.gaps})`,
      target: '0',
      met: tLost === 0,
    });
    const cr = ratio(t.cpuMsPerRequest, b.cpuMsPerRequest);
    rows.push({
      figure: `CPU per request ${label}`,
      value: `${x(cr)} (Tandem ${t.cpuMsPerRequest.toFixed(2)} ms, bare ${b.cpuMsPerRequest.toFixed(2)} ms${warn})`,
      target: '<= 1.3x',
      met: cr <= 1.3 && warn === '',
    });
    const br = ratio(t.delivery.bytesPerDashboard, b.delivery.bytesPerDashboard);
    rows.push({
      figure: `bytes per dashboard ${label}`,
      value: `${x(br)} (Tandem ${n(t.delivery.bytesPerDashboard / 1000)} kB, bare ${n(b.delivery.bytesPerDashboard / 1000)} kB in ${SIZE.window} s${warn})`,
      target: i === 0 ? '<= 1.2x' : '',
      met: i === 0 ? br <= 1.2 && warn === '' : null,
    });
  });
  return rows;
}

function stallRows(s: NoStallFigures, positions: number): BenchRow[] {
  const label = `(${n(SIZE.units)} units at ${n(positions)} positions/s, ${n(SIZE.calls)} calls, ${SIZE.dashboards} dashboards)`;
  return [
    { figure: `event-loop delay p99 ${label}`, value: ms(s.loop.p99), target: '<= 20 ms', met: s.loop.p99 <= 20 },
    { figure: `event-loop delay max ${label}`, value: ms(s.loop.max), target: '<= 50 ms', met: s.loop.max <= 50 },
    {
      figure: `/readyz latency max (every 200 ms, ${s.readyz.polls} polls)`,
      value: `${ms(s.readyz.maxMs)}, ${s.readyz.failures} not 200, ${s.readyz.over100} over 100 ms`,
      target: '<= 100 ms, all 200',
      met: s.readyz.maxMs <= 100 && s.readyz.failures === 0,
    },
    s.recommenderShare === null
      ? { figure: 'recommender CPU', value: 'n/a (metric missing)', target: '<= 10 % of a core', met: null }
      : {
          figure: 'recommender CPU',
          value: `${(s.recommenderShare * 100).toFixed(1)} % of a core`,
          target: '<= 10 % of a core',
          met: s.recommenderShare <= 0.1,
        },
  ];
}

function snapshotRows(s: SnapshotFigures, positions: number): BenchRow[] {
  const storm = (r: SnapshotFigures['quiet']) => `${(r.lastMs / 1000).toFixed(2)} s (${r.resynced}/${r.count} resynced)`;
  const stormMet = (r: SnapshotFigures['quiet']) => r.resynced === r.count && r.lastMs <= 3000;
  return [
    {
      figure: `snapshot on the wire (${n(SIZE.calls)} calls + ${n(SIZE.units)} units)`,
      value: `${(s.bytes / 1e6).toFixed(2)} MB (${n(s.bytes)} bytes)`,
      target: '<= 1.5 MB',
      met: s.bytes <= 1.5e6,
    },
    { figure: `reconnect storm, quiet city (${SIZE.dashboards} dashboards at once)`, value: storm(s.quiet), target: '<= 3 s', met: stormMet(s.quiet) },
    {
      figure: `reconnect storm at ${n(positions)} positions/s (${SIZE.dashboards} dashboards)`,
      value: storm(s.moving),
      target: '<= 3 s',
      met: stormMet(s.moving),
    },
  ];
}

/** browser.ts (another engineer's) when it exists; imported by a computed name so this runs without it. */
async function browserRows(): Promise<BenchRow[]> {
  const file = fileURLToPath(new URL('./browser.ts', import.meta.url));
  if (!browser || !existsSync(file)) return [];
  log('browser: running browser.ts...');
  const spec = new URL('./browser.ts', import.meta.url).href;
  const mod = (await import(spec)) as { browserBench?: (opts: { quick: boolean; log: (s: string) => void }) => Promise<BenchRow[]> };
  return mod.browserBench ? mod.browserBench({ quick, log }) : [];
}

async function main(): Promise<void> {
  const started = nowMs();
  log(
    `Tandem benchmark${quick ? ' (--quick)' : ''}: ${n(SIZE.units)} units, ${n(SIZE.calls)} calls, up to ${SIZE.dashboards} dashboards, ${SIZE.window} s windows`,
  );
  const fleet = Fleet.start();
  running.push(fleet);
  const ctx: Ctx = { fleet, log, prefix: `bench-${Date.now().toString(36)}-`, callNo: 0, open: 0, graceSeconds: SIZE.grace };
  await fleet.ask({ kind: 'prefix', prefix: ctx.prefix });

  const tandem = await tandemPhase(ctx);
  const positions = tandem.target.positionsEndpoint;
  const { floors: bare, storm: bareStorm } = await barePhase(ctx, positions);
  await fleet.stop();
  running.splice(running.indexOf(fleet), 1);

  const rows = [
    ...floorRows(tandem.floors, bare, positions),
    ...stallRows(tandem.stall, positions ? SIZE.stallPositions : 0),
    ...snapshotRows(tandem.snap, positions ? SIZE.stormPositions : 0),
    {
      figure: `baseline: reconnect storm on the bare server (${SIZE.dashboards} dashboards, ${n(bareStorm.snapshotBytes)}-byte snapshot)`,
      value: `${(bareStorm.lastMs / 1000).toFixed(2)} s (${bareStorm.resynced}/${bareStorm.count} resynced)`,
      target: '',
      met: null,
    },
  ];
  const memory = await memoryBench({ quick, log }).catch((err: unknown) => {
    log(`  ! memory bench failed: ${(err as Error).message}`);
    return [] as BenchRow[];
  });
  rows.push(...memory);
  const extra = await browserRows().catch((err: unknown) => {
    log(`  ! browser bench failed: ${(err as Error).message}`);
    return [] as BenchRow[];
  });

  log('');
  log(
    `Method: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}; ${SIZE.window} s windows, ${SIZE.grace} s grace for late frames.`,
  );
  log('Baseline: a bare Express + Socket.IO server in its own process (bare-server.ts): bearer key compared as a string, each call');
  log('broadcast at once, positions merged per unit and broadcast every 100 ms, a JSON snapshot per connection; no Redis.');
  log('Both servers get the identical REST load (calls one per request, positions in batches every 50 ms) from this process;');
  log('dashboards are raw Engine.IO/Socket.IO WebSockets in a separate process. Delivery = CAD request sent -> frame received,');
  log(`over every (call, dashboard) pair. CPU = the server process's utime+stime / requests. 1 MB = 10^6 bytes.`);
  log('Event-loop delay: perf_hooks.monitorEventLoopDelay at 10 ms resolution in the server, less that 10 ms timer interval,');
  log('which its histogram includes (an idle loop reads 10 ms, a 30 ms block about 37 ms).');
  if (!positions) log('NOTE: Tandem has no POST /api/v1/units/positions yet (404): both servers ran without positions.');
  log('');
  log(formatTable([...rows, ...extra]));
  log(`\n(${((nowMs() - started) / 60_000).toFixed(1)} minutes)`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping what the benchmark started...`);
    void stopAll().finally(() => process.exit(130));
  });
}

main()
  .catch(async (err: unknown) => {
    process.stderr.write(`benchmark failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    // Nothing else may keep the process alive (fetch keep-alive sockets).
    process.exit();
  });

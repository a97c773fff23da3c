/**
 * The measurements, each on a server already running with its city built: delivery at the
 * floor (run on both servers, compared as ratios), no stall, and snapshots (Tandem only).
 * Each returns raw figures; run.ts turns them into table rows.
 */
import { cpus } from 'node:os';
import { cpuMs, machineTicks, n, nowMs, sleep } from './bench-kit';
import type { DeliveryReply, Fleet, ResyncReply } from './fleet';
import { runLoad, type LoadResult, type Movers } from './load';
import { pollReadyz, readMetric, type LoopDelay, type ReadyzResult } from './probes';
import type { Target } from './targets';

export interface Ctx {
  fleet: Fleet;
  log: (s: string) => void;
  /** Unique per run: dashboards match calls by `location.address` starting with it. */
  prefix: string;
  /** Next call number, continued across windows so every address is unique. */
  callNo: number;
  /** How many dashboards the fleet has open now. */
  open: number;
  /** Seconds after a window in which late frames still count as delivered. */
  graceSeconds: number;
}

/** Brings the fleet to exactly `count` dashboards on `target` (adding, or starting over). */
export async function dashboards(ctx: Ctx, target: Target, count: number): Promise<void> {
  if (ctx.open > count) {
    await ctx.fleet.ask({ kind: 'close' });
    ctx.open = 0;
  }
  if (ctx.open === count) return;
  ctx.log(`  ${target.name}: connecting dashboards ${n(ctx.open)} -> ${n(count)}...`);
  const r = await ctx.fleet.ask(
    { kind: 'connect', url: target.url, cookie: target.cookie, count: count - ctx.open, parallel: 50, timeoutMs: 120_000 },
    150_000,
  );
  ctx.open += r.resynced;
  if (r.resynced < r.count) ctx.log(`  ! ${r.count - r.resynced} dashboards did not get a snapshot: ${r.errors.join('; ')}`);
}

/** The collector's share of a window's delays, for reading them. */
const gcLine = (l: LoopDelay) => `GC ${l.gcMs.toFixed(0)} ms in all, longest pause ${l.gcMaxMs.toFixed(1)} ms, ${l.gcOver20} over 20 ms`;

/**
 * CPU shares of the other processes on this machine while a window runs (the dashboards, this
 * load generator, the server's Redis): if they are near a full core, the harness is the limit.
 */
function cpuShares(ctx: Ctx, target: Target): () => string {
  const pids = [['dashboards', ctx.fleet.pid], ['load', process.pid], ...target.helperPids.map((p) => ['redis', p] as const)] as const;
  const t0 = nowMs();
  const before = pids.map(([, pid]) => cpuMs(pid));
  const machine0 = machineTicks();
  return () => {
    const machine1 = machineTicks();
    const busy = (machine1.busy - machine0.busy) / Math.max(1, machine1.total - machine0.total);
    const ours = pids.map(([name, pid], i) => `${name} ${(((cpuMs(pid) - before[i]!) / (nowMs() - t0)) * 100).toFixed(0)} %`).join(', ');
    // Whole-machine busy share: well above what these processes use means other work competed.
    return `${ours} (of one core); machine ${(busy * 100).toFixed(0)} % busy across ${cpus().length} cores`;
  };
}

export interface DeliveryFigures {
  delivery: DeliveryReply;
  load: LoadResult;
  cpuMsPerRequest: number;
  loop: LoopDelay | null;
}

/** One window of calls and positions at fixed rates while `count` dashboards listen. */
export async function deliveryWindow(
  ctx: Ctx,
  target: Target,
  movers: Movers,
  count: number,
  callsPerSec: number,
  positionsPerSec: number,
  seconds: number,
): Promise<DeliveryFigures> {
  await dashboards(ctx, target, count);
  ctx.log(
    `  ${target.name}: ${seconds} s window: ${count} dashboards, ${callsPerSec} calls/s, ${target.positionsEndpoint ? positionsPerSec : 0} positions/s...`,
  );
  await ctx.fleet.ask({ kind: 'reset' });
  await target.loop?.reset();
  const cpu0 = cpuMs(target.pid);
  const others = cpuShares(ctx, target);
  const load = await runLoad(target, { callsPerSec, positionsPerSec, seconds, movers, addressPrefix: ctx.prefix, firstCall: ctx.callNo });
  const cpu1 = cpuMs(target.pid);
  ctx.log(`  ${target.name}: CPU in the window: server ${(((cpu1 - cpu0) / (seconds * 1000)) * 100).toFixed(0)} %, ${others()}`);
  const loop = (await target.loop?.report()) ?? null;
  ctx.callNo += load.sent.length;
  await sleep(ctx.graceSeconds * 1000);
  const delivery = await ctx.fleet.ask({ kind: 'collect', sent: load.sent });
  if (load.failed > 0) ctx.log(`  ! ${load.failed} requests failed, first: ${load.firstError}`);
  if (load.skipped > 0) ctx.log(`  ! ${load.skipped} requests skipped: more than 64 in flight (the server fell behind)`);
  ctx.log(
    `  ${target.name}: p50 ${delivery.p50.toFixed(1)} ms, p99 ${delivery.p99.toFixed(1)} ms, max ${delivery.max.toFixed(0)} ms over ${n(delivery.samples)} deliveries; ` +
      `${delivery.lost} lost, ${delivery.gaps} gaps; ${n(load.requests)} requests` +
      (loop ? `; loop delay p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms; ${gcLine(loop)}` : ''),
  );
  return { delivery, load, cpuMsPerRequest: (cpu1 - cpu0) / Math.max(1, load.requests), loop };
}

export interface NoStallFigures {
  loop: LoopDelay;
  readyz: ReadyzResult;
  /** Share of one core, or null when the server does not export the counter. */
  recommenderShare: number | null;
  load: LoadResult;
}

/** The city moving at full rate with every dashboard connected: does the server ever stall? */
export async function noStall(ctx: Ctx, target: Target, movers: Movers, count: number, positionsPerSec: number, seconds: number): Promise<NoStallFigures> {
  await dashboards(ctx, target, count);
  ctx.log(`  ${target.name}: ${seconds} s no-stall window: ${count} dashboards, ${target.positionsEndpoint ? positionsPerSec : 0} positions/s...`);
  const rec0 = await readMetric(target.url, target.key, 'tandem_recommender_seconds_total');
  await target.loop!.reset();
  const t0 = nowMs();
  const cpu0 = cpuMs(target.pid);
  const others = cpuShares(ctx, target);
  const readyz = pollReadyz(target.url, 200);
  const load = await runLoad(target, { callsPerSec: 0, positionsPerSec, seconds, movers, addressPrefix: ctx.prefix, firstCall: ctx.callNo });
  const loop = await target.loop!.report();
  ctx.log(`  ${target.name}: CPU in the window: server ${(((cpuMs(target.pid) - cpu0) / (nowMs() - t0)) * 100).toFixed(0)} %, ${others()}`);
  const readyzResult = await readyz.stop();
  const rec1 = await readMetric(target.url, target.key, 'tandem_recommender_seconds_total');
  const windowSeconds = (nowMs() - t0) / 1000;
  const recommenderShare = rec0 === null || rec1 === null ? null : (rec1 - rec0) / windowSeconds;
  ctx.log(
    `  ${target.name}: loop delay p50 ${loop.p50.toFixed(1)} ms, p99 ${loop.p99.toFixed(1)} ms, max ${loop.max.toFixed(1)} ms; ${gcLine(loop)}; /readyz max ${readyzResult.maxMs.toFixed(0)} ms over ${readyzResult.polls} polls`,
  );
  return { loop, readyz: readyzResult, recommenderShare, load };
}

/** Every dashboard (`count` of them) dropped and reconnected at once, in a quiet city. */
export async function stormOnce(ctx: Ctx, target: Target, count: number): Promise<ResyncReply> {
  await dashboards(ctx, target, count);
  ctx.log(`  ${target.name}: reconnect storm, quiet city: ${count} dashboards at once...`);
  const r = await ctx.fleet.ask({ kind: 'storm', url: target.url, cookie: target.cookie, timeoutMs: 60_000 }, 90_000);
  ctx.log(`  ${target.name}: ${r.resynced}/${r.count} resynced, the last after ${(r.lastMs / 1000).toFixed(2)} s; snapshot ${n(r.snapshotBytes)} bytes`);
  return r;
}

export interface SnapshotFigures {
  bytes: number;
  quiet: ResyncReply;
  moving: ResyncReply;
}

/** Snapshot size, then every dashboard reconnecting at once: in a quiet city, then while positions arrive. */
export async function snapshots(ctx: Ctx, target: Target, movers: Movers, count: number, positionsPerSec: number): Promise<SnapshotFigures> {
  const quiet = await stormOnce(ctx, target, count);

  ctx.log(`  ${target.name}: reconnect storm while ${target.positionsEndpoint ? positionsPerSec : 0} positions/s arrive...`);
  let stop = false;
  const loadDone = runLoad(target, {
    callsPerSec: 0,
    positionsPerSec,
    seconds: 64,
    movers,
    addressPrefix: ctx.prefix,
    firstCall: ctx.callNo,
    stop: () => stop,
  });
  await sleep(2000); // the positions flow before the storm starts
  const moving = await ctx.fleet.ask({ kind: 'storm', url: target.url, cookie: target.cookie, timeoutMs: 60_000 }, 90_000).finally(() => (stop = true));
  await loadDone;
  ctx.log(`  ${target.name}: ${moving.resynced}/${moving.count} resynced, the last after ${(moving.lastMs / 1000).toFixed(2)} s`);
  return { bytes: quiet.snapshotBytes, quiet, moving };
}

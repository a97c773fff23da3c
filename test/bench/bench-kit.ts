import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { freePort } from '../../server/redis/embedded';

/** Shared pieces of the benchmark scripts: a real server in its own process, and statistics. */

export interface ServerProcess {
  url: string;
  /** Sent as `Authorization: Bearer` by postJson. */
  ingestKey: string;
  /** A signed-in admin's session cookie, for socket clients. */
  cookie: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Runs server/main.ts as a separate process (so clients and server do not share an event loop).
 * `opts.preload`: extra modules loaded with `--import` before the server (e.g. the loop probe);
 * they get an IPC channel to this process. Production code is not touched.
 */
export async function startServerProcess(redisUrl: string, env: Record<string, string> = {}, opts: { preload?: string[] } = {}): Promise<ServerProcess> {
  const port = await freePort();
  const ingestKey = `bench-ingest-${randomBytes(16).toString('hex')}`;
  const adminPassword = `bench-${randomBytes(12).toString('hex')}`;
  const preload = (opts.preload ?? []).flatMap((m) => ['--import', m]);
  // For profiling the server under the bench's load, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((a) => a.length > 0);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...preload, 'server/main.ts'], {
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
      INGEST_API_KEYS: ingestKey,
      TANDEM_ADMIN_PASSWORD: adminPassword,
      ...env,
    },
    stdio: preload.length > 0 ? ['ignore', 'pipe', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`server exited with code ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Tandem is live')) ready();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const signIn = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  if (!signIn.ok) {
    child.kill('SIGKILL'); // never leave a server behind a failed start
    throw new Error(`signing in to the bench server failed: ${signIn.status} ${await signIn.text()}`);
  }
  benchIngestKey = ingestKey;
  return {
    url,
    ingestKey,
    cookie: signIn.headers.get('set-cookie')!.split(';')[0]!,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summary(label: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(7);
  return `${label.padEnd(44)} n=${String(s.length).padEnd(7)} p50=${f(percentile(s, 50))} ms  p99=${f(percentile(s, 99))} ms  max=${f(s.at(-1) ?? Number.NaN)} ms`;
}

let benchIngestKey = '';

export async function postJson(url: string, body: unknown, method = 'POST'): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${benchIngestKey}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url} -> ${res.status} ${await res.text()}`);
  return res.json();
}

/** Runs `task` for each item with at most `limit` in flight. */
export async function inParallel<T>(items: T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Wall-clock milliseconds comparable across processes on one machine (sub-millisecond). */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (Linux). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  return (ticks * 1000) / CLOCK_TICKS;
}
/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

/** 12345 -> "12,345". */
export const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Busy and total CPU time of the whole machine so far (all cores, in ticks), from /proc/stat. */
export function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3]! - cpu[4]!, total }; // idle and iowait are fields 4 and 5
}

/** A whole-number command-line option (`--calls 5000` or `--calls=5000`); null when not given. */
export function wholeOption(name: string): number | null {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return null;
  const arg = process.argv[i]!;
  const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : process.argv[i + 1];
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number above 0, got ${raw}`);
  return value;
}

/** A Markdown table, as the benchmarks print theirs. */
export function markdown(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/**
 * Runs a benchmark's main, and always stops what it started: at the end, on a failure, and on
 * Ctrl-C. Exits afterwards (keep-alive sockets and server timers must not hold the process).
 */
export function runBenchmark(main: () => Promise<void>, stopAll: () => Promise<void>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      process.stdout.write(`${signal}: stopping what the benchmark started...\n`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  main()
    .catch((err: unknown) => {
      process.stderr.write(`benchmark failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(async () => {
      await stopAll();
      process.exit();
    });
}

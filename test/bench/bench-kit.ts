import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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

/** Runs server/main.ts as a separate process (so clients and server do not share an event loop). */
export async function startServerProcess(redisUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const ingestKey = `bench-ingest-${randomBytes(16).toString('hex')}`;
  const adminPassword = `bench-${randomBytes(12).toString('hex')}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
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
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`server exited with code ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Tandem is live')) ready();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const signIn = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
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
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${benchIngestKey}` }, body: JSON.stringify(body) });
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

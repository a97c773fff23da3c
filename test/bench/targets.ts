/**
 * The two servers under test behind one shape, so the load generator, the city builder and the
 * dashboards treat them identically: Tandem (server/main.ts with its own Redis, the loop probe
 * preloaded) and the bare baseline (bare-server.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../server/redis/embedded';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startServerProcess, type ServerProcess } from './bench-kit';
import { LoopProbe } from './probes';

export interface Target {
  name: 'Tandem' | 'bare';
  url: string;
  /** Bearer key for REST writes. */
  key: string;
  /** The server's own node process (not Redis): its CPU is what is compared. */
  pid: number;
  /** Cookie a dashboard sends (a dispatcher's session on Tandem). */
  cookie: string;
  /** REST paths: Tandem's are under /api/v1. */
  paths: { calls: string; positions: string; unit: (id: string) => string };
  /** False while Tandem lacks the batch position endpoint (then no positions are sent to either). */
  positionsEndpoint: boolean;
  /** Other processes the server relies on (Tandem's redis-server), for the CPU log lines. */
  helperPids: number[];
  /** Event-loop delay probe inside the server (Tandem only). */
  loop: LoopProbe | null;
  stop(): Promise<void>;
}

const probeModule = fileURLToPath(new URL('./loop-probe.ts', import.meta.url));
const bareScript = fileURLToPath(new URL('./bare-server.ts', import.meta.url));

export async function startTandem(log: (s: string) => void): Promise<Target> {
  const redis: TestRedis = await startTestRedis();
  let server: ServerProcess | null = null;
  try {
    server = await startServerProcess(redis.url, {}, { preload: [probeModule] });
    const cookie = await dispatcherCookie(server);
    const positionsEndpoint = await hasBatchPositions(server.url, server.ingestKey);
    if (!positionsEndpoint) log('  ! Tandem has no POST /api/v1/units/positions (404): positions are left out of the load for both servers');
    const s = server;
    return {
      name: 'Tandem',
      url: s.url,
      key: s.ingestKey,
      pid: s.child.pid!,
      cookie,
      paths: { calls: '/api/v1/calls', positions: '/api/v1/units/positions', unit: (id) => `/api/v1/units/${id}` },
      positionsEndpoint,
      helperPids: [redis.pid],
      loop: new LoopProbe(s.child),
      async stop() {
        await s.stop();
        await redis.stop();
      },
    };
  } catch (err) {
    await server?.stop();
    await redis.stop();
    throw err;
  }
}

/** Dashboards are dispatchers: a user made with the admin's session, then its own sign-in. */
async function dispatcherCookie(server: ServerProcess): Promise<string> {
  const username = `bench-dispatcher-${randomBytes(3).toString('hex')}`;
  const password = `bench-${randomBytes(12).toString('hex')}`;
  const made = await fetch(`${server.url}/api/v1/admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: server.cookie, origin: server.url },
    body: JSON.stringify({ username, role: 'dispatcher', password }),
  });
  if (made.status !== 201) throw new Error(`creating the dispatcher failed: ${made.status} ${await made.text()}`);
  const signIn = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, password }),
  });
  if (signIn.status !== 201) throw new Error(`dispatcher sign-in failed: ${signIn.status} ${await signIn.text()}`);
  return signIn.headers.get('set-cookie')!.split(';')[0]!;
}

/** An empty batch is refused (400) by the endpoint if it exists; a missing route answers 404. */
async function hasBatchPositions(url: string, key: string): Promise<boolean> {
  const res = await fetch(`${url}/api/v1/units/positions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: '{"positions":[]}',
  });
  await res.arrayBuffer();
  return res.status !== 404;
}

export async function startBare(): Promise<Target> {
  const port = await freePort();
  const key = `bare-${randomBytes(12).toString('hex')}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', bareScript], {
    env: { ...process.env, PORT: String(port), BENCH_KEY: key },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error('bare server did not start in 30 s')), 30_000);
    child.once('exit', (code) => fail(new Error(`bare server exited with code ${code}`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('bare server live')) {
        clearTimeout(timer);
        ready();
      }
    });
  }).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    name: 'bare',
    url,
    key,
    pid: child.pid!,
    cookie: 'bare=1',
    paths: { calls: '/calls', positions: '/units/positions', unit: (id) => `/units/${id}` },
    positionsEndpoint: true,
    helperPids: [],
    loop: null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

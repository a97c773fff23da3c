/**
 * A whole multi-instance deployment on this machine, to try failover by hand:
 *
 *   npm run cluster
 *
 * Redis under Sentinel (a primary, a replica, three sentinels, all the one redis-server binary),
 * two Tandem instances following it, and a plain TCP round-robin proxy in front on PORT (3000),
 * like an ordinary load balancer without sticky sessions. It prints every PID, so you can kill
 * the primary or an instance and watch the screens carry on. Ctrl-C stops all of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { startLocalSentinelCluster, type LocalSentinelCluster } from '../redis/local-cluster';
import { freePort } from '../redis/embedded';

const INSTANCES = 2;
const say = (s: string) => process.stdout.write(`${s}\n`);
let stopping = false;

/** Each new connection goes to the next instance; one that refuses is skipped for the next. */
function roundRobinProxy(ports: number[]): Server {
  let next = 0;
  return createServer((client: Socket) => {
    client.pause(); // hold what the browser sends until an instance is connected
    let upstream: Socket | null = null;
    client.on('error', () => upstream?.destroy());
    client.on('close', () => upstream?.destroy());
    const first = next++;
    const tryInstance = (attempt: number) => {
      const u = connect(ports[(first + attempt) % ports.length]!, '127.0.0.1');
      upstream = u;
      let connected = false;
      u.once('connect', () => {
        connected = true;
        client.pipe(u);
        u.pipe(client);
      });
      u.on('error', () => {
        // Refused (that instance is down): the next one, without giving up the browser's connection.
        if (!connected && attempt + 1 < ports.length) tryInstance(attempt + 1);
        else client.destroy();
      });
      u.on('close', () => connected && client.destroy());
    };
    tryInstance(0);
  });
}

function startInstance(n: number, port: number, cluster: LocalSentinelCluster): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: '',
      REDIS_SENTINELS: cluster.sentinelList,
      REDIS_SENTINEL_NAME: cluster.name,
      // The instances write through our pipe: pretty lines when we are on a terminal.
      LOG_FORMAT: process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
      // One simulated city, driven from the first instance; both serve it.
      SIMULATE: n === 1 ? (process.env.SIMULATE ?? '1') : '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => `[tandem-${n}] ${l}\n`)
      .join('');
  child.stdout!.on('data', (d: Buffer) => process.stdout.write(prefix(d)));
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(prefix(d)));
  child.once(
    'exit',
    (code, signal) =>
      !stopping && say(`tandem-${n} (pid ${child.pid}) stopped (${signal ?? `exit ${code}`}); the proxy sends its screens to the other instance`),
  );
  return child;
}

async function waitReady(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the instance on port ${port} exited while starting; see its output above`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the instance on port ${port} was not ready within ${timeoutMs / 1000} s; see its output above`);
}

async function main(): Promise<void> {
  const publicPort = Number(process.env.PORT ?? 3000);
  const dir = process.env.CLUSTER_DATA_DIR ?? './data/cluster';
  // A fresh deployment each run: after a failover last time, the old primary's folder would
  // start as primary again and the replica would resync from it, dropping newer changes.
  rmSync(dir, { recursive: true, force: true });
  say(`Starting Redis under Sentinel (primary, replica, three sentinels) in ${dir} ...`);
  const cluster = await startLocalSentinelCluster({ dir, appendOnly: true });
  say(`  primary    redis://127.0.0.1:${cluster.primary.port}  pid ${cluster.primary.pid}`);
  say(`  replica    redis://127.0.0.1:${cluster.replica.port}  pid ${cluster.replica.pid}`);
  for (const s of cluster.sentinels) say(`  sentinel   127.0.0.1:${s.port}  pid ${s.pid}`);

  const instances: ChildProcess[] = [];
  let proxy: Server | null = null;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    say('Stopping the cluster ...');
    proxy?.close();
    await Promise.all(
      instances.map(
        (c) =>
          new Promise<void>((done) => {
            if (c.exitCode !== null || c.signalCode !== null) return done();
            c.once('exit', () => done());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), 10_000).unref(); // an instance that will not stop
          }),
      ),
    );
    await cluster.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  try {
    const ports: number[] = [];
    for (let n = 1; n <= INSTANCES; n++) {
      const port = await freePort();
      ports.push(port);
      say(`Starting tandem-${n} on port ${port} ...`);
      const instance = startInstance(n, port, cluster);
      instances.push(instance);
      await waitReady(port, instance, 120_000);
    }
    proxy = roundRobinProxy(ports);
    await new Promise<void>((listening, failed) => {
      proxy!.once('error', failed);
      proxy!.listen(publicPort, () => listening());
    }).catch((err: NodeJS.ErrnoException) => {
      throw new Error(err.code === 'EADDRINUSE' ? `port ${publicPort} is already in use; set PORT to a free port` : err.message);
    });
    say('');
    say(`Tandem cluster is live at http://localhost:${publicPort} (round-robin over ports ${ports.join(' and ')})`);
    say(`  instances: ${instances.map((c, i) => `tandem-${i + 1} pid ${c.pid}`).join(', ')}`);
    say(`  try: kill -9 ${cluster.primary.pid} (the Redis primary): Sentinel promotes the replica within a few seconds`);
    say(`  try: kill -9 ${instances[1]!.pid} (tandem-2): its screens reconnect through the proxy to tandem-1, which also drives the simulated city`);
    say('  (the instances print their own addresses above; screens and links work the same through the proxy)');
    say('Ctrl-C stops everything.');
  } catch (err) {
    process.stderr.write(`The cluster could not start: ${(err as Error).message}\n`);
    await stop(1);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`The cluster could not start: ${(err as Error).message}\n`);
  process.exit(1);
});

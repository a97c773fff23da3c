import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClient } from 'redis';
import type { RedisTarget } from './client';
import { freePort, startEmbeddedRedis, type EmbeddedRedis } from './embedded';

/**
 * A Redis Sentinel deployment on this machine, from the one redis-server binary: a primary, a
 * replica and three sentinels (quorum 2), each on a free port with its own folder under `dir`.
 * `npm run cluster` runs Tandem on it and the failover tests kill parts of it. Every process is
 * ours, stopped by PID, and dies with us (the embedded watchdog).
 */
export interface LocalSentinelCluster {
  name: string;
  primary: EmbeddedRedis;
  replica: EmbeddedRedis;
  sentinels: EmbeddedRedis[];
  /** REDIS_SENTINELS for these sentinels: "127.0.0.1:port,...". */
  sentinelList: string;
  target: Exclude<RedisTarget, string>;
  /** Resolves once the sentinels agree `port` is the primary and it has a replica in sync. */
  settled(primaryPort: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalSentinelClusterOptions {
  dir: string;
  name?: string;
  appendOnly?: boolean;
  /** How long the primary may be silent before a sentinel thinks it is down. */
  downAfterMs?: number;
  /** Protect the Redis servers, and the sentinels, with these passwords. */
  password?: string;
  sentinelPassword?: string;
}

export async function startLocalSentinelCluster(opts: LocalSentinelClusterOptions): Promise<LocalSentinelCluster> {
  const name = opts.name ?? 'tandem';
  const dir = resolve(opts.dir);
  const started: EmbeddedRedis[] = [];
  const stopAll = () => Promise.all(started.map((r) => r.stop())).then(() => undefined);
  try {
    const appendOnly = opts.appendOnly ?? false;
    const auth = opts.password ? ['--requirepass', opts.password, '--masterauth', opts.password] : [];
    const primary = await startEmbeddedRedis({ dataDir: join(dir, 'primary'), appendOnly, extraArgs: auth, password: opts.password });
    started.push(primary);
    const replica = await startEmbeddedRedis({
      dataDir: join(dir, 'replica'),
      appendOnly,
      extraArgs: [...auth, '--replicaof', '127.0.0.1', String(primary.port)],
      password: opts.password,
    });
    started.push(replica);
    const sentinels: EmbeddedRedis[] = [];
    for (let i = 1; i <= 3; i++) {
      const folder = join(dir, `sentinel-${i}`);
      mkdirSync(folder, { recursive: true });
      // Sentinel rewrites its config file as it learns the deployment, so each needs its own.
      const configFile = join(folder, 'sentinel.conf');
      writeFileSync(
        configFile,
        [
          `sentinel monitor ${name} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${name} ${opts.downAfterMs ?? 1000}`,
          `sentinel failover-timeout ${name} 5000`,
          ...(opts.password ? [`sentinel auth-pass ${name} ${opts.password}`] : []),
          ...(opts.sentinelPassword ? [`requirepass ${opts.sentinelPassword}`] : []),
          '',
        ].join('\n'),
      );
      const sentinel = await startEmbeddedRedis({
        dataDir: folder,
        appendOnly: false,
        port: await freePort(),
        configFile,
        extraArgs: ['--sentinel'],
        password: opts.sentinelPassword,
      });
      started.push(sentinel);
      sentinels.push(sentinel);
    }
    const cluster: LocalSentinelCluster = {
      name,
      primary,
      replica,
      sentinels,
      sentinelList: sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
      target: {
        name,
        sentinels: sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })),
        ...(opts.password ? { password: opts.password } : {}),
        ...(opts.sentinelPassword ? { sentinelPassword: opts.sentinelPassword } : {}),
      },
      settled: (primaryPort, timeoutMs = 30_000) => waitUntilSettled(cluster, primaryPort, timeoutMs),
      stop: stopAll,
    };
    await cluster.settled(primary.port);
    return cluster;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * A failover needs sentinels that know each other and the replica, and a replica with the data;
 * right after start (or a failover) they are still finding out. Asks until all of that holds.
 */
async function waitUntilSettled(cluster: LocalSentinelCluster, primaryPort: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let why = 'not asked yet';
  while (Date.now() < deadline) {
    why = await unsettledReason(cluster, primaryPort).catch((err: unknown) => (err as Error).message);
    if (!why) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the local Sentinel deployment did not settle within ${timeoutMs} ms: ${why}`);
}

/** '' when settled, else what is still missing. */
async function unsettledReason(cluster: LocalSentinelCluster, primaryPort: number): Promise<string> {
  for (const s of cluster.sentinels) {
    const master = await ask(s.port, ['SENTINEL', 'MASTER', cluster.name], cluster.target.sentinelPassword).catch(() => null);
    if (!master || typeof master !== 'object') return `sentinel ${s.port} does not answer`;
    // A flat [field, value, ...] list (RESP2) or an object (RESP3), depending on the client.
    const entries = Array.isArray(master) ? master.flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : [])) : Object.entries(master);
    const info = new Map<string, string>(entries.map(([k, v]) => [String(k), String(v)]));
    if (info.get('port') !== String(primaryPort)) return `sentinel ${s.port} names ${info.get('port')} as primary`;
    if (info.get('flags') !== 'master') return `sentinel ${s.port} sees the primary as ${info.get('flags')}`;
    if (Number(info.get('num-slaves')) < 1) return `sentinel ${s.port} knows no replica yet`;
    if (Number(info.get('num-other-sentinels')) < cluster.sentinels.length - 1) return `sentinel ${s.port} has not met the others yet`;
  }
  const replication = String(await ask(primaryPort, ['INFO', 'replication'], cluster.target.password));
  if (!/connected_slaves:[1-9]/.test(replication) || !/slave0:.*state=online/.test(replication)) return 'the replica is not in sync yet';
  return '';
}

async function ask(port: number, command: string[], password?: string): Promise<unknown> {
  const c = createClient({ socket: { host: '127.0.0.1', port, connectTimeout: 1000, reconnectStrategy: false }, ...(password ? { password } : {}) });
  c.on('error', () => undefined);
  try {
    await c.connect();
    return await c.sendCommand(command);
  } finally {
    c.destroy();
  }
}

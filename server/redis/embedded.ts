import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { claimDataDir } from './data-dir-lock';

export interface EmbeddedRedis {
  url: string;
  port: number;
  pid: number;
  /** Stops this redis-server (and only it) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface EmbeddedRedisOptions {
  dataDir: string;
  /** AOF durability for real use; tests turn it off for speed. */
  appendOnly: boolean;
  /** A fixed port (e.g. to restart on the same port in a test); default: a free one. */
  port?: number;
  startTimeoutMs?: number;
  /** Where to say that an orphaned redis-server was stopped; default stderr. */
  log?: (message: string) => void;
  /** A config file given first (a sentinel's, which it rewrites) and more arguments given last (`--replicaof`, `--sentinel`). */
  configFile?: string;
  extraArgs?: string[];
  /** The server's requirepass (given in extraArgs), so its readiness can be checked. */
  password?: string;
}

/**
 * A small shell loop, detached from us, that stops our redis-server once this process is gone,
 * however it went (kill -9 included): the embedded Redis never outlives its server. It checks
 * the PID is still a redis-server before signalling it, so a reused PID is left alone.
 */
function watchParent(redisPid: number): { kill(): void } {
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
    `case "$(ps -p ${redisPid} -o command= 2>/dev/null)" in *redis-server*) kill -TERM ${redisPid} ;; esac`,
  ].join('\n');
  const child = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return {
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

const INSTALL_HINT =
  'Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`; macOS: `brew install redis`) ' + 'or set REDIS_URL to a Redis 7 server you run yourself.';

export class RedisNotInstalledError extends Error {
  constructor() {
    super(`redis-server was not found on PATH. ${INSTALL_HINT}`);
  }
}

const portFile = (dir: string): string => join(dir, 'tandem-redis.port');

/** The port of an embedded Redis a running Tandem started in `dataDir`, if it left one. */
export function runningEmbeddedPort(dataDir: string): number | null {
  try {
    const port = Number(readFileSync(portFile(resolve(dataDir)), 'utf8').trim());
    return Number.isInteger(port) && port > 0 ? port : null;
  } catch {
    return null;
  }
}

/** Asks the OS for a port nobody listens on. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

function redisInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** One PING over a raw TCP connection: true when a Redis answers on the port. */
export function pingOnce(port: number, password?: string): Promise<boolean> {
  return new Promise<boolean>((done) => {
    const sock = createConnection({ port, host: '127.0.0.1' });
    sock.setTimeout(500);
    // AUTH as an inline command: a password with spaces or quotes is not expected here (tests, the local cluster).
    sock.once('connect', () => sock.write(`${password ? `AUTH ${password}\r\n` : ''}PING\r\n`));
    let answer = '';
    sock.on('data', (d) => {
      answer += d.toString();
      if (password && !answer.includes('\r\n', answer.indexOf('\r\n') + 2)) return; // wait for both replies
      sock.destroy();
      done(answer.includes('+PONG'));
    });
    sock.once('error', () => done(false));
    sock.once('timeout', () => {
      sock.destroy();
      done(false);
    });
  });
}

/** Resolves once the child's Redis answers PING on the port. */
async function waitForPing(port: number, child: ChildProcess, timeoutMs: number, password?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} while starting`);
    if (await pingOnce(port, password)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
}

/**
 * Starts a private redis-server child on 127.0.0.1. It is ours alone: we stop it by its PID,
 * never by name, and never touch a Redis we did not start.
 */
export async function startEmbeddedRedis(opts: EmbeddedRedisOptions): Promise<EmbeddedRedis> {
  if (!redisInstalled()) throw new RedisNotInstalledError();
  const dir = resolve(opts.dataDir);
  mkdirSync(dir, { recursive: true });
  const lock = claimDataDir(dir, opts.log ?? ((s) => process.stderr.write(`${s}\n`)));
  const port = opts.port ?? (await freePort());
  const args = [
    ...(opts.configFile ? [opts.configFile] : []),
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    opts.appendOnly ? 'yes' : 'no',
    '--appendfsync',
    'everysec',
    '--protected-mode',
    'yes',
    '--loglevel',
    'warning',
    '--logfile',
    '',
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await waitForPing(port, child, opts.startTimeoutMs ?? 10_000, opts.password);
  } catch (err) {
    child.kill('SIGKILL');
    lock.release();
    throw new Error(`${(err as Error).message}${stderr ? `\n${stderr.trim()}` : ''}`, { cause: err });
  }
  lock.update({ redisPid: child.pid ?? null, port });
  const watchdog = watchParent(child.pid ?? -1);
  // Tell other Tandem processes on this machine (the admin CLI) where this Redis listens.
  writeFileSync(portFile(dir), `${port}\n`);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    async stop() {
      watchdog.kill();
      if (child.exitCode === null && child.signalCode === null) {
        // SIGTERM makes redis-server flush its AOF and exit cleanly.
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(portFile(dir), { force: true });
      lock.release();
    },
  };
}

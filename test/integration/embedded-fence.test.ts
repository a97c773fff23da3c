import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandOf } from '../../server/redis/data-dir-lock';
import { freePort } from '../../server/redis/embedded';
import { TEST_PASSWORD } from '../helpers/server';
import { until } from '../helpers/wait';

/**
 * `npm start` with no REDIS_URL, as real processes: Tandem starts its own redis-server in its
 * data directory. One directory, one Tandem; and its Redis never outlives it.
 */
const started: ChildProcess[] = [];
let dir: string;

afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  // A redis-server left behind would be a failure of the test below; stop it by its PID anyway.
  const owner = readLock();
  if (owner?.redisPid && commandOf(owner.redisPid)?.includes('redis-server')) process.kill(owner.redisPid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const readLock = (): { pid: number; redisPid: number | null } | null => {
  try {
    return JSON.parse(readFileSync(join(dir, 'tandem.lock'), 'utf8')) as { pid: number; redisPid: number | null };
  } catch {
    return null;
  }
};

/** Starts server/main.ts on the embedded Redis in `dir`; resolves with its output once it is live or has exited. */
async function startTandem(): Promise<{ child: ChildProcess; output: () => string; live: Promise<boolean> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      REDIS_URL: '',
      REDIS_DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SIMULATE: '0',
      LOG_LEVEL: 'warn',
      TANDEM_ADMIN_PASSWORD: TEST_PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const live = new Promise<boolean>((resolve) => {
    child.stdout!.on('data', () => out.includes('Tandem is live') && resolve(true));
    child.once('exit', () => resolve(false));
  });
  return { child, output: () => out, live };
}

describe('embedded mode', () => {
  it('refuses a second Tandem on the same data directory, naming the first; stops its Redis after kill -9; starts again after', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-fence-'));
    const first = await startTandem();
    expect(await first.live, first.output()).toBe(true);
    const redisPid = readLock()!.redisPid!;
    expect(commandOf(redisPid)).toContain('redis-server');

    const second = await startTandem();
    expect(await second.live).toBe(false);
    expect(second.child.exitCode).not.toBe(0);
    expect(second.output()).toContain(`another Tandem (PID ${first.child.pid}`);
    expect(commandOf(redisPid)).toContain('redis-server'); // the first one's Redis is untouched

    first.child.kill('SIGKILL');
    await until('the orphaned redis-server to stop', () => !commandOf(redisPid)?.includes('redis-server'));

    const third = await startTandem();
    expect(await third.live, third.output()).toBe(true);
    third.child.kill('SIGTERM');
    await until('a clean stop', () => third.child.exitCode !== null);
    expect(existsSync(join(dir, 'tandem.lock'))).toBe(false);
  }, 90_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../shared/auth';
import { commandOf } from '../../server/redis/data-dir-lock';
import { freePort } from '../../server/redis/embedded';
import { api, signInAs } from '../helpers/server';
import { until } from '../helpers/wait';

/**
 * `npm start` as a service runs it: stdout and stderr are pipes into a log, not a terminal. The
 * first start makes an admin password, the demo accounts' password and a demo wall link; none
 * may reach that log. They go to an owner-only file in the data directory, and the log names it.
 * Real processes: server/main.ts on its own embedded Redis in a temporary directory.
 */
let dir: string;
let child: ChildProcess | undefined;
let output = '';
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-start-credentials-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: '',
    REDIS_SENTINELS: '',
    REDIS_DATA_DIR: dir,
    PORT: String(port),
    HOST: '127.0.0.1',
    SIMULATE: '1', // the demo accounts and wall key come with the simulated city
    SIM_SEED: '7',
    LOG_LEVEL: 'debug', // everything the server logs, as JSON lines
    LOG_FORMAT: 'json',
  };
  delete env.TANDEM_ADMIN_PASSWORD; // a generated admin password, as on a real first start
  child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((r) => child!.once('exit', () => r()));
  await Promise.race([until('Tandem to be live', () => output.includes('Tandem is live'), 90_000), exited]);
  if (!output.includes('Tandem is live')) throw new Error(`Tandem did not start:\n${output}`);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child!.once('exit', () => r()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  // Its redis-server stops with it; make sure, by the PID the lock names.
  try {
    const lock = JSON.parse(readFileSync(join(dir, 'tandem.lock'), 'utf8')) as { redisPid: number | null };
    if (lock.redisPid && commandOf(lock.redisPid)?.includes('redis-server')) process.kill(lock.redisPid, 'SIGKILL');
  } catch {
    // no lock left: nothing running
  }
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('start-up credentials with stdout not a terminal', () => {
  it('go to an owner-only file (0600) in the data directory; the output names the file and holds no password or key', async () => {
    const file = join(dir, 'credentials.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const adminPassword = /Created the admin account "admin" with password (\S+)/.exec(text)?.[1];
    const demoPassword = /Demo accounts \(simulated city\): dispatcher, supervisor, coordinator; password (\S+)/.exec(text)?.[1];
    const wallKey = /Demo wall display: \S+\/wall\?key=(\S+)/.exec(text)?.[1];
    expect(adminPassword, text).toBeDefined();
    expect(demoPassword, text).toBeDefined();
    expect(wallKey, text).toBeDefined();

    // They are the real ones.
    const admin = await signInAs(url, 'admin', adminPassword!);
    expect((await api<SignedIn>(url, 'GET', '/session', undefined, { cookie: admin })).body.role).toBe('admin');
    await signInAs(url, 'coordinator', demoPassword!);
    const wall = await fetch(`${url}/wall?key=${encodeURIComponent(wallKey!)}`, { redirect: 'manual' });
    expect(wall.status).toBe(303);

    // The output (stdout and the JSON log on stderr) says where they are, and never what they are.
    expect(output).toContain(`Created the admin account "admin"; its password was written to ${file}`);
    expect(output).toContain(`their password and the demo wall display link were written to ${file}`);
    expect(output).toMatch(
      new RegExp(
        `"level":"info".*"msg":"stdout is not a terminal: the sign-in credentials made at this start are in ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`,
      ),
    );
    for (const secret of [adminPassword!, demoPassword!, wallKey!, encodeURIComponent(wallKey!)]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/wall\?key=/);
  }, 60_000);
});

import { spawnSync } from 'node:child_process';
import { openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join } from 'node:path';

/** Who holds a data directory: the Tandem process, and the redis-server it started there. */
export interface DataDirOwner {
  pid: number;
  redisPid: number | null;
  port: number | null;
  startedAt: string;
}

export class DataDirInUseError extends Error {
  constructor(dir: string, owner: DataDirOwner) {
    super(
      `another Tandem (PID ${owner.pid}, started ${owner.startedAt}${owner.port ? `, its Redis on port ${owner.port}` : ''}) is using the data directory ${dir}. ` +
        'Stop it first, or give this one its own directory with REDIS_DATA_DIR (or a Redis of its own with REDIS_URL).',
    );
  }
}

const lockFile = (dir: string): string => join(dir, 'tandem.lock');

/** The command line of a running process, or null when there is none with that PID. */
export function commandOf(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but is not ours to signal; we still must not take its directory.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  return ps.status === 0 ? ps.stdout.trim() : '';
}

/** When a running process started (epoch ms), or null when the system cannot say. */
function startedAtOf(pid: number): number | null {
  const ps = spawnSync('ps', ['-p', String(pid), '-o', 'etimes='], { encoding: 'utf8' });
  const seconds = Number(ps.stdout?.trim());
  return ps.status === 0 && Number.isFinite(seconds) && ps.stdout.trim() !== '' ? Date.now() - seconds * 1000 : null;
}

function readOwner(dir: string): DataDirOwner | null {
  try {
    return JSON.parse(readFileSync(lockFile(dir), 'utf8')) as DataDirOwner;
  } catch {
    return null;
  }
}

/** Stops a redis-server a dead Tandem left running in this directory, by its PID, and waits for it. */
function stopOrphan(pid: number, log: (s: string) => void): void {
  const command = commandOf(pid);
  if (!command?.includes('redis-server')) return; // gone, or the PID now belongs to something else
  log(`stopping the redis-server (PID ${pid}) left running by a Tandem that did not shut down`);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (commandOf(pid)?.includes('redis-server') && Date.now() < deadline) spawnSync('sleep', ['0.1']);
  if (commandOf(pid)?.includes('redis-server')) process.kill(pid, 'SIGKILL');
}

/**
 * One data directory, one Tandem: two servers (or a server and a stray admin CLI) writing one
 * append-only file through two redis-servers would hand out the same call numbers and lose
 * each other's writes. The lock file names the holder; a holder that is gone (killed, crashed)
 * leaves a stale lock, and the redis-server it may have left running is stopped before the
 * directory is used again. The same process may take its own directory again (a restart of
 * its Redis).
 */
export function claimDataDir(dir: string, log: (s: string) => void): { update(owner: Partial<DataDirOwner>): void; release(): void } {
  const held = readOwner(dir);
  if (held && held.pid !== process.pid) {
    const command = commandOf(held.pid);
    // Still running, a Node process (a Tandem server or its admin CLI), and started before it
    // wrote the lock: a PID the system has since given to another program (after a crash and a
    // reboot, say) does not hold the directory.
    const started = command === null ? null : startedAtOf(held.pid);
    const samePid = started === null || started <= Date.parse(held.startedAt) + 5_000;
    if (command !== null && (command === '' || command.includes('node')) && samePid) throw new DataDirInUseError(dir, held);
    if (held.redisPid) stopOrphan(held.redisPid, log);
    rmSync(lockFile(dir), { force: true });
  }
  let owner: DataDirOwner = { pid: process.pid, redisPid: null, port: null, startedAt: new Date().toISOString() };
  if (!held || held.pid !== process.pid) {
    // Exclusive create: of two servers starting at the same moment, one gets the directory.
    let fd: number;
    try {
      fd = openSync(lockFile(dir), 'wx');
    } catch {
      const other = readOwner(dir);
      throw new DataDirInUseError(dir, other ?? owner);
    }
    closeSync(fd);
  }
  const write = () => writeFileSync(lockFile(dir), `${JSON.stringify(owner)}\n`);
  write();
  return {
    update(more) {
      owner = { ...owner, ...more };
      write();
    },
    release() {
      if (readOwner(dir)?.pid === process.pid) rmSync(lockFile(dir), { force: true });
    },
  };
}

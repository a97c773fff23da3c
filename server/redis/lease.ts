import { randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import type { RedisClient } from './client';
import { LuaScript } from './lua-script';

/**
 * Takes the lease when nobody holds it, or extends it when we do (also after a blip in which
 * our renewal failed but the key did not expire). KEYS: lease. ARGV: holder, ttlMs. 1 when held.
 */
const acquireScript = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`);

/** Gives the lease up only if we hold it. KEYS: lease. ARGV: holder. */
const releaseScript = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

export interface LeaseOptions {
  /** How long the lease lasts without renewal: how soon another instance takes over a dead holder. */
  ttlMs?: number;
  /** How often the holder renews and the others try to take it. */
  renewMs?: number;
}

/**
 * A cluster-wide job runs on one instance at a time: whoever holds this Redis key (SET NX PX)
 * runs it, renews it every few seconds, and gives it up on shutdown. When the holder dies, the
 * key expires and another instance takes it within `ttlMs + renewMs`. A holder that cannot
 * renew (Redis unreachable) stops at once, so two holders never run together for long.
 */
export class Lease {
  readonly holder = `${process.pid}-${randomBytes(6).toString('hex')}`;
  private heldSince: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  private readonly ttlMs: number;
  private readonly renewMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly key: string,
    private readonly log: Logger,
    private readonly onChange: (held: boolean) => void,
    opts: LeaseOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? 10_000;
    this.renewMs = opts.renewMs ?? 3_000;
  }

  get held(): boolean {
    return this.heldSince !== null;
  }

  start(): void {
    const tick = () => {
      // One at a time: with Redis slower than the interval, overlapping ticks would disagree.
      this.ticking ??= this.tick().finally(() => (this.ticking = null));
    };
    tick();
    this.timer = setInterval(tick, this.renewMs);
  }

  private async tick(): Promise<void> {
    let held: boolean;
    try {
      held = (await acquireScript.run(this.redis, [this.key], [this.holder, String(this.ttlMs)])) === 1;
    } catch {
      held = false;
    }
    // Stopped while the answer was on its way: give back what we may just have taken.
    if (this.stopped) {
      if (held) await releaseScript.run(this.redis, [this.key], [this.holder]).catch(() => undefined);
      return;
    }
    if (held === this.held) return;
    this.heldSince = held ? Date.now() : null;
    this.log.info(`${held ? 'took' : 'lost'} the ${this.key} lease`);
    this.onChange(held);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    if (!this.held) return;
    this.heldSince = null;
    this.onChange(false);
    await releaseScript.run(this.redis, [this.key], [this.holder]).catch(() => undefined);
  }
}

/**
 * Runs `work` every `everyMs` (and at once) on whichever instance holds the job's lease, so a
 * cluster-wide chore runs once per deployment and carries on elsewhere when its holder dies. A
 * tick that finds the last run still busy is skipped: runs never queue up behind a slow one.
 */
export function startLeasedJob(redis: RedisClient, key: string, log: Logger, work: () => Promise<unknown>, everyMs: number): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const run = () => {
    if (running) return;
    running = work()
      .catch((err: unknown) => log.warn(`${key}: the job failed; it runs again later`, err))
      .finally(() => (running = null));
  };
  const lease = new Lease(redis, key, log, (held) => {
    if (timer) clearInterval(timer);
    timer = null;
    if (!held) return;
    run();
    timer = setInterval(run, everyMs);
    timer.unref();
  });
  lease.start();
  return {
    async stop() {
      await lease.stop();
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

import { EventEmitter } from 'node:events';
import { createClient } from 'redis';

/** Where a Redis (or a Sentinel) listens. */
export interface HostPort {
  host: string;
  port: number;
}

export const addressText = (a: HostPort): string => `${a.host}:${a.port}`;

/** How often the watch asks Sentinel which server is the primary. */
const ASK_EVERY_MS = 500;
const SENTINEL_TIMEOUT_MS = 1_000;

function sentinelClient(at: HostPort, password: string | undefined) {
  return createClient({
    socket: { host: at.host, port: at.port, connectTimeout: SENTINEL_TIMEOUT_MS, reconnectStrategy: false },
    disableOfflineQueue: true,
    ...(password ? { password } : {}),
  });
}
type SentinelClient = ReturnType<typeof sentinelClient>;

/**
 * Follows which server Redis Sentinel names as the primary of `name`, asking one sentinel at
 * a time (the next one when it does not answer) every half second. Polling, rather than only
 * Sentinel's +switch-master message, also catches a switch that happened while we were not
 * listening. Emits 'primary' (HostPort) whenever the answer changes.
 */
export class PrimaryWatch extends EventEmitter {
  private current: HostPort | null = null;
  private asking: SentinelClient | null = null;
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private users = 0;

  constructor(
    readonly sentinels: HostPort[],
    readonly name: string,
    /** The sentinels' own password (their `requirepass`), when they have one. */
    private readonly password?: string,
  ) {
    super();
    if (sentinels.length === 0) throw new Error('Redis Sentinel: no sentinels given');
  }

  /** The primary's address now: the watch's last answer while it runs, else asked afresh. */
  async primary(): Promise<HostPort> {
    if (this.current === null || this.timer === null) this.current = await this.ask();
    return this.current;
  }

  /** Starts (or joins) the half-second watch; `release` ends it once every user has. */
  hold(): () => void {
    this.users++;
    this.timer ??= setInterval(() => void this.poll(), ASK_EVERY_MS).unref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.users > 0) return;
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      this.asking?.destroy();
      this.asking = null;
    };
  }

  private polling = false;
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const seen = await this.ask();
      if (this.current === null || addressText(seen) !== addressText(this.current)) {
        this.current = seen;
        this.emit('primary', seen);
      }
    } catch (err) {
      this.emit('error', err);
    } finally {
      this.polling = false;
    }
  }

  /** One question at a time: callers arriving while one is asked share its answer. */
  private inflight: Promise<HostPort> | null = null;
  private ask(): Promise<HostPort> {
    this.inflight ??= this.askEach().finally(() => (this.inflight = null));
    return this.inflight;
  }

  /** Asks each sentinel in turn, starting with the one that answered last, until one names the primary. */
  private async askEach(): Promise<HostPort> {
    const problems: string[] = [];
    for (let tried = 0; tried < this.sentinels.length; tried++) {
      const at = this.sentinels[this.next]!;
      try {
        if (!this.asking?.isReady) {
          this.asking?.destroy();
          this.asking = sentinelClient(at, this.password);
          this.asking.on('error', () => undefined); // a failed ask says why below
          await this.asking.connect();
        }
        const reply = (await withTimeout(this.asking.sendCommand(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name]), SENTINEL_TIMEOUT_MS)) as
          [string, string] | null;
        if (!reply) throw new Error(`does not monitor a primary named "${this.name}"`);
        return { host: reply[0], port: Number(reply[1]) };
      } catch (err) {
        problems.push(`${addressText(at)}: ${(err as Error).message}`);
        this.asking?.destroy();
        this.asking = null;
        this.next = (this.next + 1) % this.sentinels.length;
      }
    }
    throw new Error(
      `no Redis Sentinel named the primary "${this.name}" (${problems.join('; ')}). ` +
        'Check REDIS_SENTINELS and REDIS_SENTINEL_NAME, and that the sentinels are running.',
    );
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

/** "host:port,host:port" as the sentinels' addresses; throws on a malformed entry. */
export function parseHostPorts(text: string): HostPort[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const m = /^(.+):(\d{1,5})$/.exec(s);
      const port = m ? Number(m[2]) : NaN;
      if (!m || port < 1 || port > 65535) throw new Error(`"${s}" is not host:port`);
      return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port }; // "[::1]:26379": the brackets only mark off the port
    });
}

import type { CommittedChange } from '../../shared/changes';
import type { Logger } from '../log';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { parseStreamEntry } from '../redis/store';

export interface StreamTailEvents {
  change(change: CommittedChange): void;
  /** The stream no longer continues from where we are (trimmed past us, or Redis lost data): reload. */
  lostTrack(reason: string): Promise<void>;
  health(ok: boolean): void;
}

/**
 * The one blocking XREAD loop of this instance. It runs on its own connection (a blocked
 * connection can serve nothing else) and hands every change, in order, to the projection.
 */
export class StreamTail {
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly events: StreamTailEvents,
    private readonly log: Logger,
    private lastSeq: number,
  ) {}

  /** Moves the read position, after the owner reloaded the state at `seq`. */
  resetTo(seq: number): void {
    this.lastSeq = seq;
  }

  start(): void {
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    let failing = false;
    while (!this.stopped) {
      try {
        if (failing) await this.checkNotBehindRedis();
        const reply = await this.redis.xRead({ key: this.keys.stream, id: `${this.lastSeq}-0` }, { BLOCK: 1000, COUNT: 1000 });
        if (failing) {
          failing = false;
          this.events.health(true);
        }
        const messages = reply?.[0]?.messages ?? [];
        for (const m of messages) {
          const change = parseStreamEntry(m.id, m.message);
          if (change.seq !== this.lastSeq + 1) {
            await this.events.lostTrack(`stream jumped from ${this.lastSeq} to ${change.seq}`);
            break;
          }
          this.lastSeq = change.seq;
          this.events.change(change);
        }
      } catch (err) {
        if (this.stopped) break;
        if (!failing) {
          failing = true;
          this.events.health(false);
          this.log.warn('change stream unreachable; retrying', err);
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** After an outage: a Redis that came back with an older sequence lost data, so we must reload. */
  private async checkNotBehindRedis(): Promise<void> {
    const seq = Number((await this.redis.get(this.keys.seq)) ?? 0);
    if (seq < this.lastSeq) await this.events.lostTrack(`Redis sequence ${seq} is behind ours (${this.lastSeq})`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // A blocked XREAD returns within its 1 s timeout; closing the connection ends it at once.
    this.redis.destroy();
    await this.loop?.catch(() => undefined);
  }
}

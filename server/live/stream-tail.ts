import type { CommittedChange } from '../../shared/changes';
import type { Logger } from '../log';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { parseStreamEntry, type Store } from '../redis/store';

export interface StreamTailEvents {
  /** The changes of one read, in order: a burst that arrived together is handled together. */
  changes(changes: CommittedChange[]): void;
  /** Redis no longer holds the history we follow (lost, replaced, rolled back, diverged): reload. */
  lostTrack(reason: string): Promise<void>;
  health(ok: boolean): void;
}

/** Where the tail stands: the history it follows, the last change applied and that change's stored form. */
export interface TailPosition {
  history: string;
  seq: number;
  /** The stream entry at `seq` exactly as Redis stored it ('' at seq 0). */
  payload: string;
}

/** How often the tail checks that Redis still holds the history it follows. */
const VERIFY_EVERY_MS = 2_000;

/**
 * The one blocking XREAD loop of this instance. It runs on its own connection (a blocked
 * connection can serve nothing else) and hands every change, in order, to the projection.
 *
 * Every few seconds, and after any outage, it checks that Redis still holds the history it
 * follows: the same history id, a sequence number not behind ours, and at our sequence number
 * the very entry we applied. Redis restarted from an older file, a failover to a replica that
 * lagged, a FLUSHALL: each fails one of these, and the owner reloads rather than go on serving
 * a board Redis no longer has.
 */
export class StreamTail {
  private stopped = false;
  private loop: Promise<void> | null = null;
  private verifiedAt = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly store: Store,
    private readonly events: StreamTailEvents,
    private readonly log: Logger,
    private at: TailPosition,
    private readonly now: () => number = Date.now,
  ) {}

  private get keys(): Keys {
    return this.store.keys;
  }

  /** Moves the read position, after the owner reloaded the state. */
  resetTo(position: TailPosition): void {
    this.at = position;
    this.verifiedAt = this.now();
  }

  start(): void {
    this.verifiedAt = this.now();
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    let failing = false;
    while (!this.stopped) {
      try {
        if (failing || this.now() - this.verifiedAt >= VERIFY_EVERY_MS) {
          if (!(await this.verify())) continue;
        }
        const reply = await this.redis.xRead({ key: this.keys.stream, id: `${this.at.seq}-0` }, { BLOCK: 1000, COUNT: 1000 });
        if (failing) {
          failing = false;
          this.events.health(true);
        }
        const messages = reply?.[0]?.messages ?? [];
        const read: CommittedChange[] = [];
        let jumped: string | null = null;
        for (const m of messages) {
          const change = parseStreamEntry(m.id, m.message);
          if (change.seq !== this.at.seq + 1) {
            jumped = `stream jumped from ${this.at.seq} to ${change.seq}`;
            break;
          }
          this.at = { history: this.at.history, seq: change.seq, payload: m.message.c ?? '' };
          read.push(change);
        }
        if (read.length > 0) this.events.changes(read);
        if (jumped) await this.events.lostTrack(jumped);
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

  /** True when Redis still holds our history; otherwise asks the owner to reload and says false. */
  private async verify(): Promise<boolean> {
    const seen = await this.store.checkHistory(this.redis, this.at.seq);
    this.verifiedAt = this.now();
    const problem =
      seen.history === null
        ? 'Redis has no history id: its data was lost (flushed, or a new data set)'
        : seen.history !== this.at.history
          ? 'Redis holds another history (its data was replaced)'
          : seen.seq < this.at.seq
            ? `Redis's sequence ${seen.seq} is behind ours (${this.at.seq}): it came back with older data`
            : this.at.seq > 0 && seen.payload !== this.at.payload
              ? seen.payload === ''
                ? `change ${this.at.seq} has been trimmed from the stream: this instance fell too far behind to replay it`
                : `Redis's change ${this.at.seq} is not the one applied here: its history diverged`
              : null;
    if (problem === null) return true;
    await this.events.lostTrack(problem);
    return false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // A blocked XREAD returns within its 1 s timeout; closing the connection ends it at once.
    this.redis.destroy();
    await this.loop?.catch(() => undefined);
  }
}

import type { Counters } from '../counters';
import type { RedisClient } from './client';

/** A change the primary has but no replica confirmed in time: it may not survive a failover. */
export class ReplicaNotConfirmedError extends Error {
  constructor(why: string, options?: { cause?: unknown }) {
    super(why, options);
    this.name = 'ReplicaNotConfirmedError';
  }
}

/** After a WAIT went unconfirmed, how long changes are refused at once instead of waiting again. */
const UNCONFIRMED_PAUSE_MS = 2_000;

/** How long a connection's count of replicas is trusted before ROLE is asked again. */
const REPLICAS_FRESH_MS = 1_000;

/**
 * Acknowledges a change only once a replica holds it too (Redis WAIT), so a failover to that
 * replica cannot lose a change a user was told is saved.
 *
 * WAIT covers every write sent on its connection before it, so one WAIT serves all the commits
 * that finished in the same turn of the event loop: under load a few WAITs a millisecond, not
 * one per request. With no replica connected at all (it died; Sentinel cannot fail over to
 * anything then) the primary's word is taken and the write is counted as unreplicated, rather
 * than stopping the whole floor because the spare is gone.
 */
export class ReplicaAck {
  /** WAITs queued for the end of this turn, by connection; a commit that finishes meanwhile joins. */
  private readonly queued = new Map<RedisClient, Promise<number>>();
  private readonly replicas = new WeakMap<RedisClient, { count: number; at: number; asking: Promise<number> | null }>();
  private warned = false;

  constructor(
    readonly waitMs: number,
    private readonly counters: Counters,
    private readonly warn: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Until when changes are refused unconfirmed without a WAIT (see confirm). */
  private unconfirmedUntil = 0;

  /**
   * Resolves once a replica has every write `conn` sent so far. Throws ReplicaNotConfirmedError
   * (the change is saved on the primary) when none confirms in time, or when confirming itself
   * failed: the write already happened, so no failure here may say "nothing was changed".
   */
  async confirm(conn: RedisClient): Promise<void> {
    try {
      await this.confirmOnce(conn);
    } catch (err) {
      throw err instanceof ReplicaNotConfirmedError
        ? err
        : new ReplicaNotConfirmedError(`confirming with the replica failed: ${(err as Error).message}`, { cause: err });
    }
  }

  private async confirmOnce(conn: RedisClient): Promise<void> {
    // A WAIT holds its connection (and every command behind it) for up to waitMs: after one
    // went unconfirmed, refuse honestly at once for a few seconds rather than stall each time.
    if (this.now() < this.unconfirmedUntil) throw new ReplicaNotConfirmedError('the Redis replica has not been confirming changes in the last two seconds');
    if ((await this.connectedReplicas(conn)) === 0) {
      this.counters.writesUnreplicated++;
      if (!this.warned) this.warn('no Redis replica is connected: changes are saved on the primary only until one is back');
      this.warned = true;
      return;
    }
    this.warned = false;
    let wait = this.queued.get(conn);
    if (!wait) {
      wait = new Promise<void>((r) => setImmediate(r)).then(() => {
        this.queued.delete(conn);
        this.counters.replicaWaits++;
        return conn.sendCommand(['WAIT', '1', String(this.waitMs)]) as Promise<number>;
      });
      this.queued.set(conn, wait);
    }
    if (Number(await wait) >= 1) return;
    this.replicas.delete(conn); // the replica may have gone: ask ROLE again before the next WAIT
    this.unconfirmedUntil = this.now() + UNCONFIRMED_PAUSE_MS;
    throw new ReplicaNotConfirmedError(`no Redis replica confirmed the change within ${this.waitMs} ms`);
  }

  private async connectedReplicas(conn: RedisClient): Promise<number> {
    let known = this.replicas.get(conn);
    if (!known) {
      known = { count: 0, at: 0, asking: null };
      this.replicas.set(conn, known);
    }
    const stale = this.now() - known.at >= REPLICAS_FRESH_MS;
    if (stale && !known.asking) {
      const entry = known;
      entry.asking = (conn.sendCommand(['ROLE']) as Promise<[string, unknown, unknown[]]>)
        .then((role) => (role[0] === 'master' ? role[2].length : 0))
        .then(
          (count) => {
            Object.assign(entry, { count, at: this.now(), asking: null });
            return count;
          },
          (err: unknown) => {
            entry.asking = null;
            throw err;
          },
        );
    }
    // The first time, wait for the answer; afterwards use the last one while a fresh one comes
    // (whose failure is then only a stale count for a moment, not an unhandled rejection).
    if (known.at === 0) return await known.asking!;
    known.asking?.catch(() => undefined);
    return known.count;
  }
}

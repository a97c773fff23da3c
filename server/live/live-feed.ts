import type { ChangeBatch, CommittedChange } from '../../shared/changes';
import { RECOMMENDER_ACTOR } from '../domain/recommendation-record';
import type { Logger } from '../log';
import type { RedisClient } from '../redis/client';
import type { Store } from '../redis/store';
import { forAudience, type Audience } from './audiences';
import { Fanout, mergeChanges } from './fanout';
import { toLiveBatch } from './live-batch';
import { Projection } from './projection';
import { RecentChanges } from './recent-changes';
import { Liveness } from './liveness';
import { SnapshotCache, type SnapshotDelivery } from './snapshot-cache';
import { StreamTail } from './stream-tail';

export interface LiveFeedOptions {
  store: Store;
  /** A connection of its own for the blocking XREAD. */
  tailRedis: RedisClient;
  log: Logger;
  coalesceMs: number;
  /** How many recent changes are kept in memory for fast resumes. */
  recentCapacity?: number;
  /** The most a replay reads back from the stream before a snapshot is cheaper. */
  maxReplay?: number;
}

export interface LiveFeedListener {
  /** A batch for every client that is live. */
  batch(batch: ChangeBatch): void;
  /** The state was reloaded: every client needs a new snapshot. */
  reset(): void | Promise<void>;
  /** Every committed change, after the projection applied it (the simulator watches this). */
  change?(change: CommittedChange): void;
}

/** What a resuming client is sent: a batch that brings it to the present, or a snapshot (and its catch-up). */
export type CatchUp = { kind: 'batch'; batch: ChangeBatch } | ({ kind: 'snapshot' } & SnapshotDelivery);

/**
 * The live state of this instance and its flow to clients: the projection kept current by the
 * stream tail, recent changes for resumes, and the fan-out that batches changes for sockets.
 */
export class LiveFeed {
  readonly projection = new Projection();
  private readonly recent: RecentChanges;
  readonly snapshots: SnapshotCache;
  private fanout!: Fanout;
  private tail!: StreamTail;
  private readonly listeners: LiveFeedListener[] = [];
  /** Whether this instance's data is live, in words for the screens. */
  readonly liveness = new Liveness();
  private readonly redisWatch: NodeJS.Timeout;

  constructor(private readonly opts: LiveFeedOptions) {
    this.recent = new RecentChanges(opts.recentCapacity ?? 20_000, 100_000);
    this.snapshots = new SnapshotCache(this.projection, this.recent);
    // The command connection drops and returns without telling anyone: look twice a second.
    this.redisWatch = setInterval(() => this.liveness.set('redis', !opts.store.redis.isReady), 500);
    this.redisWatch.unref();
  }

  /** Following the change stream (not stalled, not reloading). */
  get healthy(): boolean {
    return this.liveness.current.live;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: LiveFeedListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async start(): Promise<void> {
    const loaded = await this.opts.store.loadState();
    this.projection.load(loaded);
    this.fanout = new Fanout(
      (b) => this.listeners.forEach((l) => l.batch(b)),
      this.opts.coalesceMs,
      this.projection.seq,
      (actor) => actor === RECOMMENDER_ACTOR,
    );
    this.tail = new StreamTail(
      this.opts.tailRedis,
      this.opts.store,
      {
        changes: (read) => this.onCommitted(read),
        lostTrack: (reason) => this.reload(reason),
        health: (ok) => this.liveness.set('stream', !ok),
      },
      this.opts.log,
      { history: loaded.history, seq: loaded.seq, payload: loaded.lastPayload },
    );
    this.tail.start();
  }

  /**
   * The changes of one stream read. Sent on as one batch: under load a read brings several
   * commits, and one emit to every socket costs about as much as one per commit did.
   */
  private onCommitted(read: readonly CommittedChange[]): void {
    const applied = read.filter((change) => this.projection.apply(change));
    if (applied.length === 0) return;
    for (const change of applied) this.recent.push(change);
    this.fanout.add(...applied);
    for (const change of applied) for (const l of this.listeners) l.change?.(change);
  }

  /**
   * Redis no longer holds what this instance showed: load what it does hold, forget the old
   * history (recent changes, cached snapshots), and give every screen a fresh snapshot. Screens
   * are told the data is not live meanwhile.
   */
  private async reload(reason: string): Promise<void> {
    this.opts.log.warn(`reloading live state: ${reason}`);
    this.liveness.set('reload', true);
    try {
      const loaded = await this.opts.store.loadState();
      this.projection.load(loaded);
      this.recent.clear();
      this.snapshots.clear();
      this.fanout.resetTo(this.projection.seq);
      this.tail.resetTo({ history: loaded.history, seq: loaded.seq, payload: loaded.lastPayload });
      for (const l of this.listeners) await l.reset();
    } finally {
      this.liveness.set('reload', false);
    }
  }

  /**
   * Gives a new client the present: flushes pending changes so the snapshot (with its catch-up
   * batch) and the next live batch meet exactly, then calls `deliver` in the same tick. The
   * caller joins the client to the live room inside `deliver`, so no batch can fall between.
   */
  snapshotNow(audience: Audience, deliver: (delivery: SnapshotDelivery) => void): void {
    this.fanout.flush();
    deliver(this.snapshots.forClient(audience));
  }

  /**
   * Brings a client that was at `afterSeq` to the present: from memory when the change is
   * recent, from the Redis stream when older, or with a snapshot when the stream no longer
   * reaches back. `deliver` is called synchronously after the last read, like snapshotNow.
   */
  async catchUp(afterSeq: number, history: string | undefined, audience: Audience, deliver: (result: CatchUp) => void): Promise<void> {
    const snapshot = () => this.snapshotNow(audience, (d) => deliver({ kind: 'snapshot', ...d }));
    const batch = (b: ChangeBatch) => deliver({ kind: 'batch', batch: forAudience(b, audience) });
    // A sequence number from another history counts nothing here: start over.
    if (history !== this.projection.history) return snapshot();
    if (afterSeq > this.projection.seq) return snapshot(); // a sequence we never issued: start over
    if (this.recent.after(afterSeq) === null && afterSeq < this.projection.seq) {
      const oldest = await this.opts.store.oldestSeqInStream().catch(() => null);
      // Commits can carry a whole fleet's positions: past a couple of thousand, the cached
      // snapshot is cheaper than reading them back.
      const maxReplay = this.opts.maxReplay ?? 2_000;
      if (oldest === null || oldest > afterSeq + 1 || this.projection.seq - afterSeq > maxReplay) return snapshot();
      const replayed = (await this.opts.store.readChangesAfter(afterSeq, maxReplay).catch(() => null)) ?? [];
      this.fanout.flush();
      const upTo = replayed.filter((c) => c.seq <= this.projection.seq);
      const last = upTo.at(-1)?.seq ?? afterSeq;
      const topUp = this.recent.after(last) ?? (last === this.projection.seq ? [] : null);
      if (topUp === null) return snapshot();
      return batch(toLiveBatch(afterSeq, this.projection.seq, mergeChanges([...upTo, ...topUp])));
    }
    this.fanout.flush();
    const recent = this.recent.after(afterSeq) ?? [];
    batch(toLiveBatch(afterSeq, this.projection.seq, mergeChanges(recent)));
  }

  async stop(): Promise<void> {
    clearInterval(this.redisWatch);
    this.liveness.stop();
    this.fanout?.stop();
    await this.tail?.stop();
  }
}

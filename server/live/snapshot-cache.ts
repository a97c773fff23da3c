import { gzipSync } from 'node:zlib';
import type { ChangeBatch } from '../../shared/changes';
import type { EncodedSnapshot } from '../../shared/snapshot-codec';
import { forAudience, snapshotFor, type Audience } from './audiences';
import { mergeChanges } from './fanout';
import { toLiveBatch } from './live-batch';
import type { Projection } from './projection';
import type { RecentChanges } from './recent-changes';

export interface SnapshotCacheOptions {
  /** How old an encoded snapshot may be and still be sent with a catch-up batch. */
  maxAgeMs?: number;
  /** How many changes behind it may be (the catch-up batch grows with them). */
  maxBehind?: number;
}

/** A snapshot to send and, when it is behind the present, the batch that brings a client there. */
export interface SnapshotDelivery {
  snapshot: EncodedSnapshot;
  catchUp: ChangeBatch | null;
}

interface Cached {
  seq: number;
  history: string;
  encodedAt: number;
  bytes: Buffer;
}

/**
 * The snapshots sent to connecting clients, encoded (JSON, then gzip) once per audience and
 * reused while fresh: with units moving, the sequence number changes many times a second, and
 * re-encoding a city of thousands for every few clients is what made 500 screens reconnecting
 * at once wait 8 s. A client is sent the cached snapshot and one batch of the changes since
 * (from memory, merged per entity), which together equal the present. REST readers ask for the
 * exact present instead.
 */
export class SnapshotCache {
  private readonly cached = new Map<Audience, Cached>();
  private whole: Cached | null = null;
  private readonly maxAgeMs: number;
  private readonly maxBehind: number;

  constructor(
    private readonly projection: Projection,
    private readonly recent: RecentChanges,
    opts: SnapshotCacheOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.maxAgeMs = opts.maxAgeMs ?? 2_000;
    this.maxBehind = opts.maxBehind ?? 5_000;
  }

  /** For a client joining the live room now: a fresh-enough snapshot plus its catch-up batch. */
  forClient(audience: Audience): SnapshotDelivery {
    const current = this.projection.seq;
    const hit = this.cached.get(audience);
    if (hit && hit.seq <= current && current - hit.seq <= this.maxBehind && this.now() - hit.encodedAt <= this.maxAgeMs) {
      if (hit.seq === current) return { snapshot: wrap(hit), catchUp: null };
      const since = this.recent.after(hit.seq);
      if (since !== null) {
        const batch = forAudience(toLiveBatch(hit.seq, current, mergeChanges(since)), audience);
        return { snapshot: wrap(hit), catchUp: batch };
      }
    }
    return { snapshot: wrap(this.encode(audience)), catchUp: null };
  }

  /** The present exactly, as gzip bytes (REST, and screens after a reload). */
  exact(audience: Audience): EncodedSnapshot {
    const hit = this.cached.get(audience);
    return wrap(hit?.seq === this.projection.seq ? hit : this.encode(audience));
  }

  /**
   * The present with whole calls (notes, timeline, caller phone, external id), for integrations
   * reading state out over REST: a CAD maps calls by its own external id. Encoded once per seq.
   */
  exactWhole(): EncodedSnapshot {
    if (this.whole?.seq !== this.projection.seq) {
      const state = this.projection.snapshot();
      const json = JSON.stringify({ seq: state.seq, calls: state.calls, units: state.units, destinations: state.destinations });
      this.whole = { seq: state.seq, history: this.projection.history, encodedAt: this.now(), bytes: gzipSync(json, { level: 1 }) };
    }
    return wrap(this.whole);
  }

  /** Forget everything (the state was reloaded). */
  clear(): void {
    this.cached.clear();
    this.whole = null;
  }

  private encode(audience: Audience): Cached {
    const json = JSON.stringify(snapshotFor(this.projection.snapshot(), audience));
    // Level 1: most of the size win for a fraction of the time; this runs on the event loop.
    const entry = { seq: this.projection.seq, history: this.projection.history, encodedAt: this.now(), bytes: gzipSync(json, { level: 1 }) };
    this.cached.set(audience, entry);
    return entry;
  }
}

const wrap = (c: Cached): EncodedSnapshot => ({ seq: c.seq, history: c.history, encoding: 'gzip', data: c.bytes });

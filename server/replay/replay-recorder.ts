import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { isOpenCall, type Call } from '../../shared/call';
import { summarize, withRecommendation, type CallSummary, type CommittedChange } from '../../shared/changes';
import { distanceMetres } from '../../shared/geo';
import type { UnitDoc } from '../../shared/unit';
import type { LiveFeed } from '../live/live-feed';
import type { Logger } from '../log';
import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import { replayStreams, type RecordedStream } from './recorded-stream';
import { EntityTrack } from './replay-deltas';

/** How often positions are sampled (by the instance holding the replay lease). */
export const SAMPLE_EVERY_MS = 30_000;
/** A unit is sampled again only once it moved this far: parked units cost nothing. */
const MOVED_METRES = 25;
/** A keyframe (the whole board) this often: a replay starts from the last one before its start. */
export const FRAME_EVERY_MS = 3_600_000;

/** How long after an hour ends its recording is packed. */
const PACK_DELAY_MS = 10 * 60_000;
/** How often the packing job looks for a whole hour to pack. */
export const PACK_EVERY_MS = 60_000;

/** Samples to 1e-4 degrees (about 11 m: finer than the 25 m a unit must move to be sampled again). */
const round4 = (n: number) => Math.round(n * 1e4) / 1e4;
const round5 = (n: number) => Math.round(n * 1e5) / 1e5;
/** Off the event loop (the thread pool): a big city's keyframe takes tens of ms to compress. */
const gzipAsync = promisify(gzip);

/** A call as replay records it: the board's summary, without the advice (re-made live, not history). */
const replayCall = (call: Call): CallSummary => withRecommendation(summarize(call), null);

/**
 * Records what shift replay plays back, beside the live path rather than in it: every call and
 * unit change as a board saw it, as the fields that changed (replay-deltas.ts; each instance
 * writes what its feed applies, and the entry id is the change's sequence number, so the second
 * writer of a change is refused and nothing doubles), and, on one instance, positions sampled
 * every 30 s and an hourly keyframe.
 */
export class ReplayRecorder {
  private readonly lastSample = new Map<string, { lat: number; lon: number }>();
  private lastFrameAt = 0;
  /** What this instance last recorded of each open call and each unit: changes are written as deltas on it. */
  private calls!: EntityTrack<CallSummary>;
  private units!: EntityTrack<UnitDoc>;
  private readonly changes: RecordedStream;
  private readonly positions: RecordedStream;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
    private readonly feed: LiveFeed,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    ({ changes: this.changes, positions: this.positions } = replayStreams(redis, keys));
  }

  /** Starts recording changes (the feed has loaded its state); returns the function that stops. */
  start(): () => void {
    this.follow();
    return this.feed.subscribe({ batch: () => undefined, reset: () => this.follow(), change: (c) => this.record(c) });
  }

  /** Starts following entities from the feed's state (at start, and after Redis lost its data). */
  private follow(): void {
    const { projection } = this.feed;
    this.calls = new EntityTrack([...projection.calls.values()].map(replayCall), (c) => !isOpenCall(c));
    this.units = new EntityTrack([...projection.units.values()].map(({ position: _p, ...doc }) => doc));
  }

  private record(c: CommittedChange): void {
    const calls = c.changes.flatMap((x) => (x.kind === 'call' ? [this.calls.encode(replayCall(x.call))] : []));
    const units = c.changes.flatMap((x) => (x.kind === 'unit' ? [this.units.encode(x.unit)] : []));
    if (calls.length === 0 && units.length === 0) return;
    this.redis.xAdd(this.keys.replayChanges, `${c.seq}-0`, { at: String(c.at), d: JSON.stringify({ calls, units }) }).catch((err: unknown) => {
      // Another instance recorded this change first: that is the design, not a failure.
      if (err instanceof Error && err.message.includes('equal or smaller')) return;
      this.log.warn(`replay: could not record change ${c.seq}`, err);
    });
  }

  /** The leased job: the units that moved since their last sample, and a keyframe when one is due. */
  async sample(): Promise<void> {
    const now = this.now();
    if (now - this.lastFrameAt >= FRAME_EVERY_MS) return this.keyframe(now);
    const moved: [string, number, number][] = [];
    for (const unit of this.feed.projection.units.values()) {
      const p = unit.position;
      if (!p) continue;
      const last = this.lastSample.get(unit.id);
      if (last && distanceMetres(last, p) < MOVED_METRES) continue;
      this.lastSample.set(unit.id, { lat: p.lat, lon: p.lon });
      moved.push([unit.id, round4(p.lat), round4(p.lon)]);
    }
    // Plain JSON: samples are packed by the hour (pack below), where they compress far better
    // together than each alone.
    if (moved.length) await this.redis.xAdd(this.keys.replayPositions, '*', { at: String(now), p: JSON.stringify(moved) });
  }

  /**
   * The packing job (leased apart from sampling): changes and samples recorded before the last whole hour that
   * ended at least PACK_DELAY_MS ago go into hourly blocks (RecordedStream). The delay leaves a
   * slow instance time to record its last changes; one a block already passed is refused by
   * Redis, as a change another instance recorded first is.
   */
  async pack(before = Math.floor((this.now() - PACK_DELAY_MS) / FRAME_EVERY_MS) * FRAME_EVERY_MS): Promise<void> {
    await this.changes.pack(before);
    await this.positions.pack(before);
  }

  /** The whole board now (open calls, every unit and where it is), gzip. */
  async keyframe(now = this.now()): Promise<void> {
    const { projection } = this.feed;
    // The sequence number the state below is at, read with it: changes go on during compression.
    const seq = projection.seq;
    const units: UnitDoc[] = [];
    const positions: [string, number, number][] = [];
    for (const { position, ...doc } of projection.units.values()) {
      units.push(doc);
      // Samples carry on as if there were no keyframe: a replay may start from an older one.
      if (position) positions.push([doc.id, round5(position.lat), round5(position.lon)]);
    }
    const calls = [...projection.calls.values()].map(replayCall);
    const body = await gzipAsync(JSON.stringify({ calls, units, positions }), { level: 6 });
    // Stored as bytes (not base64: a third more).
    await this.redis.xAdd(this.keys.replayFrames, '*', { at: String(now), seq: String(seq), b: body });
    this.lastFrameAt = now;
  }
}

import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { isOpenCall, type Call } from '../../shared/call';
import { minuteOfDayIn } from '../../shared/clock';
import type { Commands } from './commands';
import type { Counters } from '../counters';
import { CandidatePool } from '../domain/candidate-pool';
import { recommend, sameRecommendation } from '../domain/recommendation';
import { RECOMMENDER_ACTOR } from '../domain/recommendation-record';
import { RecommendationWatch } from '../domain/recommendation-watch';
import type { Logger } from '../log';
import type { ResponseRules } from '../response-rules';
import type { LiveFeed } from '../live/live-feed';

/** Longest the recommender computes before it lets the event loop serve requests and sockets. */
const SLICE_MS = 4;

export interface RecommenderOptions {
  intervalMs?: number;
  now?: () => number;
  onUnmet?: () => void;
  counters?: Counters;
}

/**
 * Keeps every open MH call's recommendation current as units move and change status. Each pass
 * (at most one per interval) recomputes only the calls a change since the last pass can affect
 * (RecommendationWatch), from a candidate pool built once per pass (spatially indexed, the
 * clock read once), in slices of a few milliseconds so the server keeps answering; and commits
 * only where the advice changed. It runs while `active` (the instance holding the recommender
 * lease: one per deployment), and starts from a full pass whenever it becomes active.
 */
export class Recommender {
  private readonly watch: RecommendationWatch;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private active = false;
  private lastMinute = -1;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly feed: LiveFeed,
    private readonly commands: Commands,
    private readonly rules: ResponseRules,
    private readonly log: Logger,
    private readonly opts: RecommenderOptions = {},
  ) {
    this.watch = new RecommendationWatch(rules);
  }

  start(): void {
    this.unsubscribe = this.feed.subscribe({
      batch: () => undefined,
      reset: () => this.watch.invalidateAll(),
      change: (committed) => {
        if (!this.active) return;
        for (const c of committed.changes) {
          if (c.kind === 'call') this.watch.callChanged(c.call.id);
          else if (c.kind === 'unit' || c.kind === 'position') {
            const unit = this.feed.projection.units.get(c.kind === 'unit' ? c.unit.id : c.unitId);
            if (unit) this.watch.unitChanged(unit);
          }
        }
      },
    });
    this.timer = setInterval(() => {
      if (this.active && !this.running) this.running = this.pass().finally(() => (this.running = null));
    }, this.opts.intervalMs ?? 1000);
  }

  /** Runs passes from now on (this instance took the lease) or stops running them. */
  setActive(active: boolean): void {
    if (active && !this.active) this.watch.invalidateAll();
    this.active = active;
  }

  /** One pass: recompute the calls that may have changed advice, commit those that did. */
  async pass(): Promise<void> {
    const now = (this.opts.now ?? Date.now)();
    // Hours of service turn with the minute: then every call may have another answer.
    const minute = minuteOfDayIn(now, this.rules.timeZone);
    if (minute !== this.lastMinute) this.watch.invalidateAll();
    this.lastMinute = minute;

    let busyMs = 0;
    let sliceStart = performance.now();
    const projection = this.feed.projection;
    if (this.watch.invalidated) this.watch.remember(projection.units.values());
    // Every open call is a candidate: a call with advice that lost its MH flag needs it cleared.
    const dirty = this.watch.takeDirty(projection.calls.keys());
    if (this.opts.counters) this.opts.counters.recommenderPasses++;
    if (dirty.size === 0) return;
    const pool = CandidatePool.build(projection.units.values(), this.rules, now);
    const changed: Call[] = [];
    for (const id of dirty) {
      const call = projection.calls.get(id);
      if (!call || !isOpenCall(call)) {
        this.watch.forget(id);
        continue;
      }
      const result = recommend(call, pool, this.rules, now);
      this.watch.computed(id, call.location, result);
      const next = result?.recommendation ?? null;
      const newlyUnmet = result?.unmet === true && call.mh.unmetSince === null;
      if (!sameRecommendation(call.mh.recommendation, next) || newlyUnmet) changed.push(call);
      if (performance.now() - sliceStart > SLICE_MS) {
        busyMs += performance.now() - sliceStart;
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
    busyMs += performance.now() - sliceStart;
    this.count(busyMs);

    for (const call of changed) {
      try {
        const t0 = performance.now();
        // The commit reads the call afresh and recomputes against the same pool: a flag
        // cleared a moment ago is seen.
        const recorded = this.commands.updateRecommendation(RECOMMENDER_ACTOR, call, (fresh) => recommend(fresh, pool, this.rules, now));
        this.count(performance.now() - t0);
        const unmet = await recorded;
        if (unmet) this.opts.onUnmet?.();
      } catch (err) {
        this.log.warn(`could not record the recommendation for call ${call.number}`, err);
        this.watch.callChanged(call.id); // try again next pass
      }
    }
  }

  private count(ms: number): void {
    if (!this.opts.counters) return;
    this.opts.counters.recommenderSeconds += ms / 1000;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.active = false;
    await this.running;
  }
}

import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { isOpenCall, type Call } from '../../shared/call';
import { minuteOfDayIn } from '../../shared/clock';
import type { Commands } from './commands';
import type { Counters } from '../counters';
import { CandidatePool } from '../domain/candidate-pool';
import { rankCall, sameRecommendation, withMovedUnits, type CallRanking, type RecommendResult } from '../domain/recommendation';
import { planSteps } from '../domain/response-plan';
import { RECOMMENDER_ACTOR } from '../domain/recommendation-record';
import { RecommendationWatch } from '../domain/recommendation-watch';
import type { Logger } from '../log';
import type { ResponseRules } from '../response-rules';
import type { LiveFeed } from '../live/live-feed';

/** Longest the recommender computes before it lets the event loop serve requests and sockets. */
const SLICE_MS = 4;

export interface RecommenderOptions {
  /** How often a pass may run for changes a dispatcher expects the advice to follow at once. */
  intervalMs?: number;
  /** How often units only driving about are taken in (default: three intervals). */
  movesEveryMs?: number;
  now?: () => number;
  onUnmet?: () => void;
  counters?: Counters;
}

/**
 * Keeps every open MH call's recommendation current as units move and change status. Each pass
 * (at most one per interval) ranks again only the calls a change since the last pass can affect
 * (RecommendationWatch), from a candidate pool built once per pass (spatially indexed, the
 * clock read once), in slices of a few milliseconds so the server keeps answering; then plans
 * all calls at once (one team per call, most urgent first: response-plan.ts) and commits only
 * where the advice changed. It runs while `active` (the instance holding the recommender
 * lease: one per deployment), and starts from a full pass whenever it becomes active.
 */
/** A call's advice as it stands, or none when it needs none any more. */
function keepAdvice(call: Call): RecommendResult | null {
  if (!call.mh.flagged || !isOpenCall(call) || !call.mh.recommendation) return null;
  return { recommendation: call.mh.recommendation, unmet: false };
}

export class Recommender {
  private readonly watch: RecommendationWatch;
  /** Each open MH call's ranking as last computed: the plan is made from these every pass. */
  private readonly rankings = new Map<string, CallRanking>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private active = false;
  private lastMinute = -1;
  /** When a pass last took in units that only moved. */
  private movesAt = 0;
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
          // A call that is not MH-flagged and has no advice needs none: nothing to do (a new
          // one is looked at, and settled, by the next pass of any kind).
          if (c.kind === 'call') {
            if (c.call.mh.flagged || c.call.mh.recommendation) this.watch.callChanged(c.call.id);
          } else if (c.kind === 'unit' || c.kind === 'position') {
            const unit = this.feed.projection.units.get(c.kind === 'unit' ? c.unit.id : c.unitId);
            if (unit) this.watch.unitChanged(unit);
          }
        }
      },
    });
    const intervalMs = this.opts.intervalMs ?? 1000;
    const movesEveryMs = this.opts.movesEveryMs ?? 3 * intervalMs;
    // Calls and unit statuses every interval; units that only drove every few. Movement is
    // most of what happens in a city and its effect on advice is slight from one report to the
    // next, so taking it in less often roughly halved the recommender's time at city scale.
    this.timer = setInterval(() => {
      if (!this.active || this.running) return;
      const moves = this.now() - this.movesAt >= movesEveryMs;
      if (!moves && !this.watch.urgent) return;
      if (moves) this.movesAt = this.now();
      this.running = this.pass({ moves }).finally(() => (this.running = null));
    }, intervalMs);
  }

  /** Runs passes from now on (this instance took the lease) or stops running them. */
  setActive(active: boolean): void {
    if (active && !this.active) this.watch.invalidateAll();
    this.active = active;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /**
   * One pass: recompute the calls that may have changed advice, commit those that did. With
   * `moves: false`, units that only moved since the last pass are left for a later one.
   */
  async pass({ moves }: { moves: boolean } = { moves: true }): Promise<void> {
    const now = this.now();
    // Hours of service turn with the minute: then every call may have another answer.
    const minute = minuteOfDayIn(now, this.rules.timeZone);
    if (minute !== this.lastMinute) this.watch.invalidateAll();
    this.lastMinute = minute;

    // Work in slices of SLICE_MS, letting the event loop serve requests and sockets between them.
    let busyMs = 0;
    let sliceStart = performance.now();
    const pauseIfLong = async () => {
      if (performance.now() - sliceStart <= SLICE_MS) return;
      busyMs += performance.now() - sliceStart;
      await yieldToEventLoop();
      sliceStart = performance.now();
    };
    const projection = this.feed.projection;
    if (this.watch.invalidated) this.watch.remember(projection.units.values());
    // Every open call is a candidate: a call with advice that lost its MH flag needs it cleared.
    const taking = this.watch.takeDirtySteps(projection.calls.keys(), { moves });
    let took = taking.next();
    for (; !took.done; took = taking.next()) await pauseIfLong();
    const { rank, moved } = took.value;
    if (this.opts.counters) this.opts.counters.recommenderPasses++;
    if (rank.size === 0 && moved.size === 0) return;
    const pool = CandidatePool.build(projection.units.values(), this.rules, now);
    // Where only listed units moved, the ranking is brought up to date in place when that is
    // exact (withMovedUnits), else ranked again like the rest.
    for (const [id, unitIds] of moved) {
      const kept = this.rankings.get(id);
      const updated = kept && withMovedUnits(kept, unitIds, pool, this.rules);
      if (!updated) rank.add(id);
      else {
        this.rankings.set(id, updated);
        this.watch.computed(id, updated.call.location, updated);
      }
      await pauseIfLong();
    }
    for (const id of rank) {
      const call = projection.calls.get(id);
      const ranking = call && isOpenCall(call) ? rankCall(call, pool, this.rules) : null;
      if (!call || !isOpenCall(call)) this.watch.forget(id);
      else this.watch.computed(id, call.location, ranking);
      if (ranking) this.rankings.set(id, ranking);
      else this.rankings.delete(id);
      await pauseIfLong();
    }
    // Calls that left the board between passes (or lost their MH flag, their advice cleared already).
    for (const id of this.rankings.keys()) {
      const call = projection.calls.get(id);
      if (!call || !isOpenCall(call) || !call.mh.flagged) this.rankings.delete(id);
    }
    // The plan across all calls is redone whole (one call's change may hand its team to
    // another), a call at a time in the same slices: five hundred MH calls take 5-10 ms.
    const callOf = (id: string) => projection.calls.get(id);
    const steps = planSteps(this.rankings.values(), pool, this.rules, now, callOf);
    let step = steps.next();
    for (; !step.done; step = steps.next()) await pauseIfLong();
    const plan = step.value;
    // A unit the plan found beyond a call's ranked few is watched for that call by id.
    for (const [id, result] of plan) this.watch.alsoWatch(id, result.recommendation.unitIds);
    const changed: { call: Call; planned: RecommendResult | null }[] = [];
    for (const id of new Set([...rank, ...plan.keys()])) {
      const call = projection.calls.get(id);
      if (!call || !isOpenCall(call)) continue;
      const planned = plan.get(id) ?? null;
      const newlyUnmet = planned?.unmet === true && call.mh.unmetSince === null;
      if (!sameRecommendation(call.mh.recommendation, planned?.recommendation ?? null) || newlyUnmet) changed.push({ call, planned });
    }
    busyMs += performance.now() - sliceStart;
    this.count(busyMs);

    for (const { call, planned } of changed) {
      try {
        const t0 = performance.now();
        // The commit reads the call afresh. Changed since the plan, it keeps the advice it has
        // (none if it is no longer MH-flagged): the change makes it dirty, and the next pass plans
        // it with every other call (planned alone, it could be offered a unit another call has).
        const recorded = this.commands.updateRecommendation(RECOMMENDER_ACTOR, call, (fresh) => (fresh.version === call.version ? planned : keepAdvice(fresh)));
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

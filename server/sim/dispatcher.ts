import type { Call } from '../../shared/call';
import { isCoResponseType, type Unit } from '../../shared/unit';
import { SIM_ACTOR, type SimContext } from './context';
import type { Rng } from './random';
import { chooseUnits, responseSlots } from './dispatch-plan';
import { onShift } from '../../shared/clock';
import { dispatchDelaySeconds } from './timings';

/** At most this many calls are dispatched per tick, so a backlog is worked off without a burst. */
const MAX_CALLS_PER_TICK = 10;
/** Real ms during which a unit or call we just acted on is not trusted from the projection yet. */
const SETTLE_MS = 5_000;

/**
 * The simulated dispatcher: a pending call with no unit is, after a realistic moment to read
 * it, given the nearest free units its nature calls for (see dispatch-plan). By default only the
 * calls the simulator made up: a call a person or an integration enters is theirs to dispatch
 * (SIM_AUTODISPATCH=all takes every call, =off none).
 */
export class Dispatcher {
  /** Call id -> simulated second at which it is dispatched (or looked at again). */
  private readonly dueAt = new Map<string, number>();
  /** Unit and call ids we just assigned (real ms): the projection may not show it yet. */
  private readonly recent = new Map<string, number>();

  constructor(
    private readonly ctx: SimContext,
    private readonly rng: Rng,
  ) {}

  async tick(): Promise<void> {
    const now = this.ctx.clock.seconds;
    const real = Date.now();
    for (const [id, at] of this.recent) if (real - at > SETTLE_MS) this.recent.delete(id);

    const waiting: Call[] = [];
    const seen = new Set<string>();
    for (const call of this.ctx.feed.projection.calls.values()) {
      if (call.status !== 'pending' || call.assignedUnitIds.length > 0 || this.recent.has(call.id)) continue;
      if (!this.mayDispatch(call)) continue;
      seen.add(call.id);
      let due = this.dueAt.get(call.id);
      if (due === undefined) {
        due = now + dispatchDelaySeconds(this.rng, call.priority);
        this.dueAt.set(call.id, due);
      }
      if (now >= due) waiting.push(call);
    }
    for (const id of this.dueAt.keys()) if (!seen.has(id)) this.dueAt.delete(id);

    waiting.sort((a, b) => a.priority - b.priority || a.createdAt - b.createdAt);
    for (const call of waiting.slice(0, MAX_CALLS_PER_TICK)) {
      const sent = await this.dispatch(call);
      // Nobody suitable is free: the call waits in the queue, as it would on a busy night.
      if (sent.length === 0) this.dueAt.set(call.id, now + this.rng.range(30, 90));
    }
  }

  private mayDispatch(call: Call): boolean {
    const mode = this.ctx.autoDispatch;
    return mode === 'all' || (mode === 'own' && call.timeline[0]?.by === SIM_ACTOR);
  }

  /** Assigns the units the call needs right now; returns the ids that were assigned. */
  async dispatch(call: Call): Promise<string[]> {
    const sent: string[] = [];
    for (const pick of this.pick(call)) {
      const done = await this.ctx.guard.run(`assign ${pick.unitId} to call ${call.number}`, () =>
        this.ctx.commands.assign(SIM_ACTOR, call.id, { unitId: pick.unitId }),
      );
      if (!done) continue;
      sent.push(pick.unitId);
      this.recent.set(pick.unitId, Date.now());
    }
    if (sent.length > 0) this.recent.set(call.id, Date.now());
    return sent;
  }

  /**
   * Like a dispatcher following the board: a mental-health call with a recommendation gets its
   * recommended units (those still free); any other call the nearest suitable ones.
   */
  private pick(call: Call): { unitId: string }[] {
    const free = this.freeUnits();
    const recommended = call.mh.flagged ? (call.mh.recommendation?.unitIds ?? []) : [];
    const freeIds = new Set(free.map((u) => u.id));
    const fromRecommendation = recommended.filter((id) => freeIds.has(id)).map((unitId) => ({ unitId }));
    return fromRecommendation.length > 0 ? fromRecommendation : chooseUnits(call.location, responseSlots(call), free);
  }

  /** Units the simulator may send: its own, available, with no call, on shift, not just assigned. */
  private freeUnits(): Unit[] {
    const minute = this.ctx.minuteOfDay();
    const free: Unit[] = [];
    for (const id of this.ctx.fleetIds) {
      const u = this.ctx.feed.projection.units.get(id);
      if (!u || u.status !== 'available' || u.currentCallId !== null || !u.position || this.recent.has(id)) continue;
      if (isCoResponseType(u.type) && !onShift(u.shift, minute)) continue;
      free.push(u);
    }
    return free;
  }
}

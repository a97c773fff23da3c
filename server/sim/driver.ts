import { isCoResponseType } from '../../shared/unit';
import type { Call } from '../../shared/call';
import type { PositionInput, Unit, UnitStatus } from '../../shared/unit';
import { SIM_ACTOR, type SimContext } from './context';
import { flatDistance, type LatLon } from './geometry';
import { advance, driveSpeed, nearestOf, planRoute, roundPosition, type Route } from './movement';
import type { Rng } from './random';
import { onSceneSeconds, transports, turnoutSeconds } from './timings';
import { chooseDestination } from './transport-destination';

type Stage = 'dispatched' | 'enroute' | 'onscene' | 'transporting' | 'patrol' | 'returning' | 'idle';

/** What the simulator intends a unit to do next. Kept in memory only; rebuilt from status after a restart. */
interface Plan {
  stage: Stage;
  callId: string | null;
  /** The unit version our last change produced: a projection still older than that is not trusted. */
  version: number;
  /** Simulated second at which a waiting stage (dispatched, on scene) ends. */
  until: number;
  /** Where the simulator has the vehicle (the projection lags one commit behind). */
  pos: LatLon;
  route: Route;
  /** Metres per simulated second. */
  speed: number;
  /** Simulated second of the last move. */
  movedAt: number;
  failures: number;
  /** Real ms of the last check-in this simulator sent for the unit. */
  checkedInAt?: number;
}

type Task = () => Promise<unknown>;
/** One unit's new position this tick; a tick's moves are written as one batch, like an AVL feed. */
type Move = PositionInput & { unitId: string };

const ON_CALL: ReadonlySet<UnitStatus> = new Set(['dispatched', 'enroute', 'onscene', 'transporting']);
/** Idle units move every this many ticks (real seconds): patrol drift needs no more. */
const IDLE_EVERY = 5;
/** However fast the clock runs, an idle unit moves at most this far per step. */
const MAX_IDLE_STEP_M = 1500;
/** Positions per batch commit: a city-scale fleet moves in a few commits per tick. */
const MOVES_PER_BATCH = 500;

/**
 * Drives the simulator's units through their calls: dispatched -> (turnout) en route -> drive
 * at street speed -> on scene for a plausible time -> transport or clear. The last unit done
 * closes the call (which frees every unit on it); earlier ones clear themselves. Free patrol
 * cars drift around their area; other free units return to where they started.
 * Each moving unit sends at most one position per tick (one real second), whatever the speed.
 */
export class Driver {
  private readonly plans = new Map<string, Plan>();
  private readonly homes = new Map<string, LatLon>();
  private readonly hurried = new Set<string>();
  private tickNo = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly rng: Rng,
  ) {}

  /** The unit skips its turnout delay (warm-up calls already being worked). */
  hurry(unitId: string): void {
    this.hurried.add(unitId);
  }

  async tick(): Promise<void> {
    this.tickNo++;
    const now = this.ctx.clock.seconds;
    const moves: Move[] = [];
    const transitions: Task[] = [];
    let i = 0;
    for (const id of this.ctx.fleetIds) {
      i++;
      const u = this.ctx.feed.projection.units.get(id);
      if (!u?.position) continue;
      if (!this.homes.has(id)) this.homes.set(id, u.position);
      let plan = this.plans.get(id);
      if (plan && u.version < plan.version) continue;
      if (u.currentCallId && ON_CALL.has(u.status)) {
        if (plan && plan.callId === u.currentCallId && (plan.stage === u.status || u.version <= plan.version)) {
          plan.version = u.version;
        } else {
          const fresh = this.fromStatus(u, u.currentCallId, now, transitions, plan);
          if (!fresh) continue;
          this.plans.set(id, (plan = fresh));
        }
        this.stepCall(u, plan, now, moves, transitions);
      } else {
        if (plan?.callId) plan = undefined;
        if (u.status === 'available' && (this.tickNo + i) % IDLE_EVERY === 0) this.stepIdle(u, plan, now, moves);
        else if (!plan) this.plans.delete(id);
      }
    }
    for (let from = 0; from < moves.length; from += MOVES_PER_BATCH) {
      const batch = moves.slice(from, from + MOVES_PER_BATCH);
      await this.ctx.guard.run(`move ${batch.length} units`, () => this.ctx.commands.updatePositions(SIM_ACTOR, batch));
    }
    // Status changes one at a time: two units of one call clearing together must see each other.
    for (const t of transitions) await t();
  }

  private newPlan(stage: Stage, u: Unit, callId: string | null, now: number): Plan {
    const pos = u.position as LatLon;
    return { stage, callId, version: u.version, until: now, pos, route: [], speed: 0, movedAt: now, failures: 0 };
  }

  /** A plan for a unit found on a call without one: just assigned, assigned by a person, or after a restart. */
  private fromStatus(u: Unit, callId: string, now: number, transitions: Task[], prev?: Plan): Plan | null {
    const call = this.ctx.feed.projection.calls.get(callId);
    if (!call) {
      // On a call that is no longer open: free it rather than leave it stuck.
      transitions.push(() => this.status(u, 'available'));
      return null;
    }
    const plan = this.newPlan(u.status as Stage, u, callId, now);
    // A patrol car just sent: start from where we had it, not from the projection's last position.
    if (prev && flatDistance(prev.pos, plan.pos) < 2000) plan.pos = prev.pos;
    switch (u.status) {
      case 'dispatched':
        plan.until = this.hurried.delete(u.id) ? now : now + turnoutSeconds(this.rng);
        break;
      case 'enroute':
        plan.route = planRoute(plan.pos, call.location, this.rng);
        plan.speed = driveSpeed('response', call.priority, this.rng);
        break;
      case 'onscene': {
        // Already there for a while (restart, warm-up): stay for a random part of a visit.
        const elapsed = ((Date.now() - u.statusSince) / 1000) * this.ctx.clock.speed;
        plan.until = now + Math.max(60, this.rng.range(0.3, 1) * onSceneSeconds(u.type, call.nature, this.rng) - elapsed);
        break;
      }
      case 'transporting': {
        const to = u.destinationId ? this.ctx.feed.projection.destinations.get(u.destinationId) : undefined;
        plan.route = planRoute(plan.pos, to ? to.location : nearestOf(plan.pos, this.ctx.city.hospitals), this.rng);
        plan.speed = driveSpeed('transport', 3, this.rng);
        break;
      }
    }
    return plan;
  }

  private stepCall(u: Unit, plan: Plan, now: number, moves: Move[], transitions: Task[]): void {
    const call = this.ctx.feed.projection.calls.get(plan.callId ?? '');
    if (!call) return;
    switch (plan.stage) {
      case 'dispatched':
        if (now >= plan.until) {
          transitions.push(() =>
            this.status(u, 'enroute', plan, () => {
              plan.route = planRoute(plan.pos, call.location, this.rng);
              plan.speed = driveSpeed('response', call.priority, this.rng);
              plan.movedAt = this.ctx.clock.seconds;
            }),
          );
        }
        break;
      case 'enroute':
        if (this.drive(u, plan, now, moves, Infinity)) {
          transitions.push(() => this.status(u, 'onscene', plan, () => (plan.until = this.ctx.clock.seconds + onSceneSeconds(u.type, call.nature, this.rng))));
        }
        break;
      case 'onscene':
        this.checkInIfDue(u, plan, transitions);
        if (now < plan.until) break;
        if (transports(u.type, call.nature, this.rng)) {
          // To a destination the screens show (detox, a crisis unit, an ED), else a hospital unnamed.
          const to = chooseDestination(plan.pos, call, this.ctx.feed.projection.destinations.values());
          transitions.push(() =>
            this.status(
              u,
              'transporting',
              plan,
              () => {
                plan.route = planRoute(plan.pos, to ? to.location : nearestOf(plan.pos, this.ctx.city.hospitals), this.rng);
                plan.speed = driveSpeed('transport', 3, this.rng);
                plan.movedAt = this.ctx.clock.seconds;
              },
              to?.id,
            ),
          );
        } else transitions.push(() => this.finish(u, call));
        break;
      case 'transporting':
        if (this.drive(u, plan, now, moves, Infinity)) transitions.push(() => this.finish(u, call));
        break;
    }
  }

  /**
   * A simulated team says it is safe well before its check-in is due (at 60 % of the interval,
   * in real time like the timer itself), so the demo's screens show MISSED only when something
   * else went wrong, not for every team on a long call.
   */
  private checkInIfDue(u: Unit, plan: Plan, transitions: Task[]): void {
    if (!isCoResponseType(u.type)) return;
    const last = Math.max(u.lastCheckInAt ?? u.statusSince, plan.checkedInAt ?? 0);
    if (Date.now() - last < this.ctx.checkInEveryMs * 0.6) return;
    plan.checkedInAt = Date.now(); // once per interval, even while the command is in flight
    transitions.push(() => this.ctx.guard.run(`${u.callsign} checks in`, () => this.ctx.commands.checkIn(SIM_ACTOR, u.id)));
  }

  /** Moves the vehicle along its route for the simulated time since its last move; true when there. */
  private drive(u: Unit, plan: Plan, now: number, moves: Move[], maxMetres: number): boolean {
    const dt = Math.max(0, now - plan.movedAt);
    plan.movedAt = now;
    if (plan.route.length === 0) return true;
    const step = advance(plan.pos, plan.route, Math.min(maxMetres, plan.speed * dt));
    plan.pos = step.position;
    plan.route = step.route;
    const at = roundPosition(step.position);
    const heading = Math.round(step.heading) % 360;
    moves.push({ unitId: u.id, ...at, heading });
    return step.arrived;
  }

  /** Free units: patrol cars cruise their area; others head back to where they started. */
  private stepIdle(u: Unit, plan: Plan | undefined, now: number, moves: Move[]): void {
    const pos = u.position as LatLon;
    const stepDt = IDLE_EVERY * this.ctx.clock.speed;
    if (u.type === 'law') {
      if (plan?.stage !== 'patrol' || plan.route.length === 0) {
        const from = plan?.stage === 'patrol' ? plan.pos : pos;
        plan = { ...this.newPlan('patrol', u, null, now - stepDt), pos: from };
        plan.route = planRoute(from, this.ctx.city.nearbyPoint(this.rng, from, 2500), this.rng);
        plan.speed = driveSpeed('patrol', 5, this.rng);
      }
    } else {
      const home = this.homes.get(u.id) ?? pos;
      if (plan?.stage !== 'returning') {
        if (flatDistance(pos, home) < 150) return void this.plans.delete(u.id);
        plan = this.newPlan('returning', u, null, now - stepDt);
        plan.route = planRoute(pos, home, this.rng);
        plan.speed = driveSpeed('response', 4, this.rng);
      }
    }
    this.plans.set(u.id, plan);
    if (this.drive(u, plan, now, moves, MAX_IDLE_STEP_M) && plan.stage === 'returning') this.plans.delete(u.id);
  }

  /** Sets a unit's status; on success runs `then` and trusts nothing older than the new version. */
  private async status(u: Unit, to: UnitStatus, plan?: Plan, then?: () => void, destinationId?: string): Promise<void> {
    const command = { status: to, ...(destinationId ? { destinationId } : {}) };
    const doc = await this.ctx.guard.run(`${u.callsign} ${to}`, () => this.ctx.commands.setUnitStatus(SIM_ACTOR, u.id, command).then((r) => r.unit));
    if (!plan) return;
    if (!doc) return this.failed(u.id, plan);
    plan.stage = to as Stage;
    plan.version = doc.version;
    plan.failures = 0;
    then?.();
  }

  /** Gives up on a plan that keeps failing; it is rebuilt from the unit's status next tick. */
  private failed(unitId: string, plan: Plan): void {
    if (++plan.failures >= 5) this.plans.delete(unitId);
  }

  /**
   * The unit is done and clears. If it is the last unit on the call, the disposition it gives
   * closes the call (the domain does that); otherwise only this unit becomes available.
   */
  private async finish(u: Unit, seen: Call): Promise<void> {
    // The outcomes a co-response program counts: a team's MH calls end resolved by its clinician.
    const disposition = !seen.mh.flagged ? 'resolved_on_scene' : isCoResponseType(u.type) ? 'resolved_by_clinician' : 'referred';
    const doc = await this.ctx.guard.run(`${u.callsign} clears ${seen.number}`, () =>
      this.ctx.commands.setUnitStatus(SIM_ACTOR, u.id, { status: 'available', disposition }).then((r) => r.unit),
    );
    if (doc) this.plans.set(u.id, { ...this.newPlan('idle', u, null, this.ctx.clock.seconds), version: doc.version });
    else this.plans.delete(u.id);
  }
}

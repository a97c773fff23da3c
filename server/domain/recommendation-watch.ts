import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { Unit } from '../../shared/unit';
import type { ResponseRules } from '../response-rules';
import { estimateTravelMinutes } from './candidate-pool';
import { candidateKeys } from './candidate-keys';
import { rankedUnitIds, type CallRanking, type Horizon } from './recommendation';

type Point = { lat: number; lon: number };

/** What the watch last knew of a unit: enough to tell which calls it could have counted for. */
interface UnitFacts {
  at: Point | null;
  keys: string[];
  callId: string | null;
  status: Unit['status'];
}

const factsOf = (u: Unit): UnitFacts => ({ at: u.position, keys: candidateKeys(u), callId: u.currentCallId, status: u.status });

interface CallWatch {
  at: Point;
  horizon: Horizon;
  /** Units in the call's ranking: their order may change as they move. */
  ranked: ReadonlySet<string>;
  /** Units the call's advice names beyond its ranking (the plan went further). */
  advised: ReadonlySet<string>;
}

/** What a pass must do, call by call. */
export interface DirtyCalls {
  /** Calls to rank again. */
  rank: Set<string>;
  /**
   * Calls (not in `rank`) where the only change is that units their ranking names moved, with
   * those units: recommendation.ts withMovedUnits updates such a ranking in place.
   */
  moved: Map<string, Set<string>>;
}

/** Units that changed since the last pass, as they were before and after. */
interface UnitChange {
  id: string;
  before: UnitFacts | undefined;
  after: UnitFacts;
}

const EPSILON_MINUTES = 1e-6;

/**
 * Tells which calls' advice a set of changes can affect, so the recommender recomputes only
 * those (issue 8: a pass over every call froze the server for seconds at city scale).
 *
 * After each call is computed, the watch keeps the advice's horizon (see RecommendResult): a
 * unit that was and is farther than its horizon from the call, and is neither in the advice
 * nor on the call, cannot change it. A changed call is always recomputed; so is every call
 * after `invalidateAll` (start, a reload, the minute turning: hours of service change then).
 * Conservative by design: recomputing a call too often costs time, too rarely gives wrong advice.
 */
export class RecommendationWatch {
  private readonly calls = new Map<string, CallWatch>();
  private readonly units = new Map<string, UnitFacts>();
  /** Calls computed as needing no advice (not MH-flagged): not ranked again until they change. */
  private readonly settled = new Set<string>();
  private readonly dirtyCalls = new Set<string>();
  private changes = new Map<string, UnitChange>();
  private all = true;
  /** A change other than units moving is waiting: see `urgent`. */
  private pendingUrgent = true;

  constructor(private readonly rules: Pick<ResponseRules, 'travel'>) {}

  /**
   * Whether something waits that a dispatcher expects the advice to follow at once: a call
   * changed, a unit changed status, call or capabilities. Units only driving about can wait for
   * the recommender's slower movement passes (takeDirtySteps with `moves: false` leaves them).
   */
  get urgent(): boolean {
    return this.pendingUrgent;
  }

  /** The call changed (or is new): recompute it. */
  callChanged(callId: string): void {
    this.dirtyCalls.add(callId);
    this.pendingUrgent = true;
  }

  /** The unit's document or position changed; `unit` is how it is now. */
  unitChanged(unit: Unit): void {
    const after = factsOf(unit);
    const pending = this.changes.get(unit.id);
    // Several changes in one pass: what matters is where it was at the last pass, and is now.
    const change = { id: unit.id, before: pending ? pending.before : this.units.get(unit.id), after };
    this.changes.set(unit.id, change);
    this.units.set(unit.id, after);
    if (!onlyMoved(change)) this.pendingUrgent = true;
  }

  /** Forget what was computed: the next pass recomputes every call. */
  invalidateAll(): void {
    this.all = true;
    this.pendingUrgent = true;
  }

  /**
   * Learns where every unit is and which call it is on, before a full pass: a unit's first
   * change after it must be judged from where the pass saw it, not from nothing.
   */
  remember(units: Iterable<Unit>): void {
    for (const u of units) this.units.set(u.id, factsOf(u));
    this.changes = new Map();
  }

  /** Whether the next pass recomputes every call. */
  get invalidated(): boolean {
    return this.all;
  }

  /** Records the ranking just computed for a call (null: the call needs none). */
  computed(callId: string, at: Point, ranking: CallRanking | null): void {
    if (!ranking) {
      this.calls.delete(callId);
      this.settled.add(callId);
      return;
    }
    this.settled.delete(callId);
    this.calls.set(callId, { at, horizon: ranking.horizon, ranked: new Set(rankedUnitIds(ranking)), advised: new Set() });
  }

  /** Units a call's advice names beyond its ranking (the plan went further): watched by id too. */
  alsoWatch(callId: string, unitIds: readonly string[]): void {
    const w = this.calls.get(callId);
    const beyond = unitIds.filter((id) => !w?.ranked.has(id));
    if (!w || beyond.every((id) => w.advised.has(id))) return;
    this.calls.set(callId, { ...w, advised: new Set([...w.advised, ...beyond]) });
  }

  /** The call left the board. */
  forget(callId: string): void {
    this.calls.delete(callId);
    this.settled.delete(callId);
    this.dirtyCalls.delete(callId);
  }

  /**
   * The calls among `candidates` to recompute now, and resets the changes seen. A candidate
   * that was never computed is always ranked.
   */
  takeDirty(candidates: Iterable<string>, opts: { moves: boolean } = { moves: true }): DirtyCalls {
    const steps = this.takeDirtySteps(candidates, opts);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * takeDirty a call at a time: it yields after each call's distance check, so the caller can
   * let the event loop breathe in between (hundreds of calls take milliseconds). The changes
   * are taken at the start: changes during the steps count for the next pass. With `moves:
   * false`, units that only moved are left for a later pass (see `urgent`).
   */
  *takeDirtySteps(candidates: Iterable<string>, { moves }: { moves: boolean } = { moves: true }): Generator<void, DirtyCalls> {
    const out = new Set<string>();
    const moved = new Map<string, Set<string>>();
    const changes: UnitChange[] = [];
    const left = new Map<string, UnitChange>();
    for (const c of this.changes.values()) {
      if (moves || !onlyMoved(c)) changes.push(c);
      else left.set(c.id, c);
    }
    const everything = this.all;
    this.all = false;
    this.pendingUrgent = false;
    this.changes = left;
    const present = new Set<string>();
    for (const id of candidates) {
      present.add(id);
      if (everything || this.dirtyCalls.has(id) || (!this.calls.has(id) && !this.settled.has(id))) out.add(id);
    }
    this.dirtyCalls.clear();
    // Calls that left the board need no watching.
    for (const id of this.calls.keys()) if (!present.has(id)) this.calls.delete(id);
    for (const id of this.settled) if (!present.has(id)) this.settled.delete(id);
    if (everything || changes.length === 0) return { rank: out, moved };

    // Units on a call, or named by its advice beyond its ranking: by id, whatever the distance.
    // Units in a call's ranking: by id too; when only their place changed, the ranking is
    // updated in place rather than redone.
    const named = new Map<string, string[]>();
    const ranked = new Map<string, string[]>();
    const add = (to: Map<string, string[]>, unitId: string, callId: string) => (to.get(unitId) ?? to.set(unitId, []).get(unitId)!).push(callId);
    for (const [callId, w] of this.calls) {
      for (const unitId of w.advised) add(named, unitId, callId);
      for (const unitId of w.ranked) add(ranked, unitId, callId);
    }
    for (const c of changes) {
      for (const callId of [c.before?.callId, c.after.callId, ...(named.get(c.id) ?? [])]) if (callId) out.add(callId);
      const justMoved = onlyMoved(c);
      for (const callId of ranked.get(c.id) ?? []) {
        if (!justMoved) out.add(callId);
        else (moved.get(callId) ?? moved.set(callId, new Set()).get(callId)!).add(c.id);
      }
    }

    // Everything else by distance: the changed units' old and new places in a k-d tree per
    // candidate key, and each call asks each tree for one change within that key's horizon
    // that its ranking does not already name (those count by id, above). One tree over every
    // key, searched to the widest horizon, returned hundreds of police moves per call when
    // only a team's horizon was that wide.
    const byKey = new Map<string, { unitId: string; at: Point }[]>();
    for (const c of changes) {
      const keys = new Set([...(c.before?.keys ?? []), ...c.after.keys]);
      for (const facts of [c.before, c.after]) {
        if (!facts?.at) continue;
        for (const k of keys) (byKey.get(k) ?? byKey.set(k, []).get(k)!).push({ unitId: c.id, at: facts.at });
      }
    }
    const trees = new Map([...byKey].map(([key, points]) => [key, { points, index: treeOf(points) }]));
    const kmPerMinute = this.rules.travel.speedKmh / 60 / this.rules.travel.streetFactor;
    for (const [callId, w] of this.calls) {
      if (out.has(callId)) continue;
      yield;
      for (const [key, horizon] of Object.entries(w.horizon)) {
        const tree = trees.get(key);
        if (!tree || horizon === undefined || horizon === -Infinity) continue;
        const radiusKm = Number.isFinite(horizon) ? (horizon + EPSILON_MINUTES) * kmPerMinute * (1 + 1e-6) : Infinity;
        // The nearest such change within the radius decides: if it is not inside the horizon
        // (the radius has a little slack), none farther is. The filter is asked of every point
        // the walk meets, near or far, so it must stay cheap.
        const [nearest] = around(tree.index, w.at.lon, w.at.lat, 1, radiusKm, (i) => !w.ranked.has(tree.points[i]!.unitId));
        if (nearest !== undefined && estimateTravelMinutes(tree.points[nearest]!.at, w.at, this.rules) <= horizon + EPSILON_MINUTES) {
          out.add(callId);
          break;
        }
      }
    }
    return { rank: out, moved: withoutRanked(moved, out) };
  }
}

function treeOf(points: readonly { at: Point }[]): KDBush {
  const index = new KDBush(points.length);
  for (const p of points) index.add(p.at.lon, p.at.lat);
  return index.finish();
}

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

/** The unit only drove: same status, same call, same kinds as when the watch last saw it. */
const onlyMoved = (c: UnitChange): boolean =>
  c.before !== undefined && c.before.callId === c.after.callId && c.before.status === c.after.status && sameKeys(c.before.keys, c.after.keys);

/** A call ranked again needs no update in place. */
function withoutRanked(moved: Map<string, Set<string>>, rank: ReadonlySet<string>): Map<string, Set<string>> {
  for (const id of rank) moved.delete(id);
  return moved;
}

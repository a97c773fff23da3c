import KDBush from 'kdbush';
import { around } from 'geokdbush';
import { inService, minuteOfDayIn } from '../../shared/clock';
import { distanceMetres } from '../../shared/geo';
import type { Unit, UnitType } from '../../shared/unit';
import type { ResponseRules } from '../response-rules';
import { candidateKeys } from './candidate-keys';

type Point = { lat: number; lon: number };

/** A unit that could go to a call, with its estimated travel time there. */
export interface Candidate {
  unit: Unit;
  minutes: number;
  /** Already on this call: kept in the recommendation so recomputing after dispatch does not flip it. */
  assigned: boolean;
}

/** Straight-line distance stretched to street distance, at an average city speed. */
export function estimateTravelMinutes(from: Point, to: Point, rules: Pick<ResponseRules, 'travel'>): number {
  return minutesForMetres(distanceMetres(from, to), rules);
}

const minutesForMetres = (metres: number, rules: Pick<ResponseRules, 'travel'>): number =>
  (metres * rules.travel.streetFactor) / ((rules.travel.speedKmh * 1000) / 60);
const kmForMinutes = (minutes: number, rules: Pick<ResponseRules, 'travel'>): number => (minutes * rules.travel.speedKmh) / 60 / rules.travel.streetFactor;

/** Units already committed first, then by travel time; the callsign keeps ties stable between recomputes. */
export const byPreference = (a: Candidate, b: Candidate): number =>
  Number(b.assigned) - Number(a.assigned) || a.minutes - b.minutes || a.unit.callsign.localeCompare(b.unit.callsign);

/** Statuses of a unit working a call that could still be sent elsewhere (not transporting a patient). */
const BUSY_ON_CALL = new Set<Unit['status']>(['dispatched', 'enroute', 'onscene']);

/** A group with more free units than this gets a spatial index; fewer are simply scanned. */
const INDEX_FROM = 64;

interface FreeGroup {
  units: Unit[];
  index: KDBush | null;
}

/**
 * The units a recommendation may choose from, prepared once per recommender pass: free units in
 * service with a known position, grouped by candidate key (type, CIT-trained, language spoken:
 * candidate-keys.ts), the numerous groups (police) in a geographic k-d tree so "the nearest few"
 * costs a tree walk instead of a scan of the whole fleet; and the
 * units on each call. The clock is read once here: whether a unit is in service is decided for
 * the pass, not per call (Intl time-zone arithmetic is slow).
 */
export class CandidatePool {
  private readonly free = new Map<string, FreeGroup>();
  private readonly onCall = new Map<string, Unit[]>();
  /** Every free unit by id (the advice's units are looked up wherever they are now). */
  private readonly freeById = new Map<string, Unit>();

  private constructor(
    private readonly rules: ResponseRules,
    /** The local minute of day the pool was built at (hours of service). */
    private readonly minute: number,
  ) {}

  static build(units: Iterable<Unit>, rules: ResponseRules, now: number): CandidatePool {
    const minute = minuteOfDayIn(now, rules.timeZone);
    const pool = new CandidatePool(rules, minute);
    const byKey = new Map<string, Unit[]>();
    for (const unit of units) {
      if (unit.currentCallId !== null) {
        if (unit.status !== 'out_of_service' && unit.status !== 'off_duty') {
          const list = pool.onCall.get(unit.currentCallId);
          if (list) list.push(unit);
          else pool.onCall.set(unit.currentCallId, [unit]);
        }
      } else if (unit.status === 'available' && unit.position && inService(unit, rules.hoursOfService, minute)) {
        pool.freeById.set(unit.id, unit);
        for (const key of candidateKeys(unit)) {
          const list = byKey.get(key);
          if (list) list.push(unit);
          else byKey.set(key, [unit]);
        }
      }
    }
    for (const [key, list] of byKey) {
      let index: KDBush | null = null;
      if (list.length >= INDEX_FROM) {
        index = new KDBush(list.length);
        for (const u of list) index.add(u.position!.lon, u.position!.lat);
        index.finish();
      }
      pool.free.set(key, { units: list, index });
    }
    return pool;
  }

  /** Units on the call (not off duty or out of service), nearest first. */
  assignedTo(callId: string, to: Point): Candidate[] {
    const units = this.onCall.get(callId) ?? [];
    return units.map((unit) => this.candidate(unit, to, true)).sort(byPreference);
  }

  /** A free unit (available, in service, placed) as a candidate for a call at `to`, if it is one. */
  freeCandidate(unitId: string, to: Point): Candidate | undefined {
    const unit = this.freeById.get(unitId);
    return unit ? this.candidate(unit, to, false) : undefined;
  }

  /**
   * Units of `types` working another call (dispatched, en route or on scene; in service, with a
   * position) within `maxMinutes` of `to`, nearest first: who could be pulled off less urgent
   * work. A scan, not a tree walk: it is asked only for urgent calls no team can reach.
   */
  busyNear(to: Point, types: readonly UnitType[], maxMinutes: number): Candidate[] {
    const out: Candidate[] = [];
    for (const units of this.onCall.values()) {
      for (const unit of units) {
        if (!types.includes(unit.type) || !unit.position || !BUSY_ON_CALL.has(unit.status)) continue;
        if (!inService(unit, this.rules.hoursOfService, this.minute)) continue;
        const c = this.candidate(unit, to, false);
        if (c.minutes <= maxMinutes) out.push(c);
      }
    }
    return out.sort(byPreference);
  }

  /**
   * Free units of the groups `keys` (candidate-keys.ts; a plain type is one) nearest to `to`,
   * best first, at most `limit` (after ties on travel time are broken by callsign, exactly as a
   * full sort would), within `maxMinutes` when given, and only those `accept` takes. The keys
   * name disjoint groups (one per type), so no unit is counted twice.
   */
  freeNear(to: Point, keys: readonly string[], opts: { limit?: number; maxMinutes?: number; accept?: (u: Unit) => boolean } = {}): Candidate[] {
    const limit = opts.limit ?? Infinity;
    const out: Candidate[] = [];
    for (const key of new Set(keys)) {
      const group = this.free.get(key);
      if (!group) continue;
      const units = group.index ? this.nearestFromIndex(group, to, limit, opts.maxMinutes, opts.accept) : group.units;
      for (const unit of units) {
        if (opts.accept && !opts.accept(unit)) continue;
        const c = this.candidate(unit, to, false);
        if (opts.maxMinutes === undefined || c.minutes <= opts.maxMinutes) out.push(c);
      }
    }
    return out.sort(byPreference).slice(0, limit);
  }

  /**
   * The `limit` nearest units from the tree, plus every unit exactly as far as the last of them
   * (so the callsign tie-break sees all tied units, as a full sort would). One more than `limit`
   * is asked for: when that one is farther than the last, there is no tie and no second walk.
   */
  private nearestFromIndex(group: FreeGroup, to: Point, limit: number, maxMinutes: number | undefined, accept?: (u: Unit) => boolean): Unit[] {
    const index = group.index!;
    const maxKm = maxMinutes === undefined ? Infinity : kmForMinutes(maxMinutes, this.rules) * (1 + 1e-9);
    const take = (i: number) => !accept || accept(group.units[i]!);
    if (limit <= 0) return [];
    if (!Number.isFinite(limit)) return around(index, to.lon, to.lat, Infinity, maxKm, take).map((i) => group.units[i]!);
    const ids = around(index, to.lon, to.lat, limit + 1, maxKm, take);
    const units = ids.map((i) => group.units[i]!);
    if (units.length <= limit) return units;
    const lastKm = distanceMetres(units[limit - 1]!.position!, to) / 1000;
    if (distanceMetres(units[limit]!.position!, to) / 1000 > lastKm * (1 + 1e-9)) return units.slice(0, limit);
    return around(index, to.lon, to.lat, Infinity, lastKm * (1 + 1e-9), take).map((i) => group.units[i]!);
  }

  private candidate(unit: Unit, to: Point, assigned: boolean): Candidate {
    return { unit, minutes: unit.position ? estimateTravelMinutes(unit.position, to, this.rules) : 0, assigned };
  }
}

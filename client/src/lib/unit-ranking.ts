import type { ClientConfig } from '../../../shared/client-config';
import { distanceMetres } from '../../../shared/geo';
import { isCoResponseType, type Unit, type UnitType } from '../../../shared/unit';

/**
 * Which units to offer for a call, and in what order. Pure, so the order a dispatcher relies on
 * is tested. Travel time is the same estimate the server's recommender uses: straight-line
 * distance stretched to street distance, at an average city speed.
 */

export type Travel = ClientConfig['travel'];
type Point = { lat: number; lon: number };

export function travelMinutes(from: Point, to: Point, travel: Travel): number {
  const metres = distanceMetres(from, to) * travel.streetFactor;
  return metres / ((travel.speedKmh * 1000) / 60);
}

/** "~4 min"; under a minute still reads "~1 min" (nobody is there instantly). */
export function formatTravel(minutes: number): string {
  return `~${Math.max(1, Math.round(minutes))} min`;
}

export interface RankedUnit {
  unit: Unit;
  /** Estimated minutes to the call; null for a unit with no known position. */
  minutes: number | null;
}

/** A unit that can be assigned now: available, on no call, and somewhere we know. */
export function isFree(unit: Unit): boolean {
  return unit.status === 'available' && unit.currentCallId === null && unit.position !== null;
}

/**
 * A unit working another call that a supervisor could move here. Transporting units carry a
 * patient and off-duty or out-of-service ones are not working: the server refuses those.
 */
export function isReassignable(unit: Unit, callId: string): boolean {
  return (
    unit.currentCallId !== null && unit.currentCallId !== callId && (unit.status === 'dispatched' || unit.status === 'enroute' || unit.status === 'onscene')
  );
}

export interface RankOptions {
  /** Only these types; empty or absent means every type. */
  types?: readonly UnitType[];
  /** Co-responders and crisis teams ahead of everyone else, each group by travel time. */
  coResponseFirst?: boolean;
  /** Case-insensitive part of a callsign. */
  search?: string;
}

/** Units matching `keep`, nearest first; units with no position last, by callsign. */
export function rankUnits(units: Iterable<Unit>, to: Point, travel: Travel, keep: (unit: Unit) => boolean, options: RankOptions = {}): RankedUnit[] {
  const search = options.search?.trim().toLowerCase() ?? '';
  const types = options.types && options.types.length > 0 ? new Set(options.types) : null;
  const ranked: RankedUnit[] = [];
  for (const unit of units) {
    if (!keep(unit)) continue;
    if (types && !types.has(unit.type)) continue;
    if (search && !unit.callsign.toLowerCase().includes(search)) continue;
    ranked.push({ unit, minutes: unit.position ? travelMinutes(unit.position, to, travel) : null });
  }
  const group = (r: RankedUnit) => (options.coResponseFirst && isCoResponseType(r.unit.type) ? 0 : 1);
  return ranked.sort((a, b) => group(a) - group(b) || (a.minutes ?? Infinity) - (b.minutes ?? Infinity) || a.unit.callsign.localeCompare(b.unit.callsign));
}

import { bearing, flatDistance, type LatLon } from './geometry';
import type { Rng } from './random';

/**
 * How simulated vehicles drive. Denver's streets are a north-south / east-west grid, so a car
 * goes along one axis then the other (an L-shaped, Manhattan path) rather than through
 * buildings; the board shows it turning a corner, as a real AVL feed would.
 */

/** The points still to drive through; the last one is the destination. */
export type Route = LatLon[];

/** An L-shaped route from `from` to `to`, turning at one corner (which corner is random). */
export function planRoute(from: LatLon, to: LatLon, rng: Rng): Route {
  const corner = rng.chance(0.5) ? { lat: from.lat, lon: to.lon } : { lat: to.lat, lon: from.lon };
  // A corner within a few metres of either end is no corner at all.
  if (flatDistance(from, corner) < 5 || flatDistance(corner, to) < 5) return [to];
  return [corner, to];
}

/** Metres left to drive along a route from `pos`. */
export function routeLength(pos: LatLon, route: Route): number {
  let total = 0;
  let at = pos;
  for (const p of route) {
    total += flatDistance(at, p);
    at = p;
  }
  return total;
}

export interface Step {
  position: LatLon;
  /** Compass heading of the leg being driven, 0 = north. */
  heading: number;
  route: Route;
  arrived: boolean;
}

/** Drives `metres` along the route from `pos`: where the vehicle is now and what is left. */
export function advance(pos: LatLon, route: Route, metres: number): Step {
  let at = pos;
  let left = Math.max(0, metres);
  let heading = route[0] ? bearing(pos, route[0]) : 0;
  const rest = [...route];
  while (rest.length > 0) {
    const next = rest[0] as LatLon;
    const leg = flatDistance(at, next);
    heading = leg > 0.5 ? bearing(at, next) : heading;
    if (leg <= left) {
      left -= leg;
      at = next;
      rest.shift();
      continue;
    }
    const f = left / leg;
    at = { lat: at.lat + (next.lat - at.lat) * f, lon: at.lon + (next.lon - at.lon) * f };
    return { position: at, heading, route: rest, arrived: false };
  }
  return { position: at, heading, route: [], arrived: true };
}

export type DrivePurpose = 'response' | 'transport' | 'patrol';

/**
 * Street speed in metres per second. Urban response averages 35-55 km/h once lights, junctions
 * and traffic are counted; priority 1 runs with lights and sirens and is faster; a patrol car
 * cruises slowly, looking around.
 */
export function driveSpeed(purpose: DrivePurpose, priority: number, rng: Rng): number {
  const kmh =
    purpose === 'patrol'
      ? rng.range(18, 30)
      : purpose === 'transport'
        ? rng.range(40, 50)
        : priority <= 1
          ? rng.range(48, 60)
          : priority === 2
            ? rng.range(42, 52)
            : rng.range(35, 45);
  return kmh / 3.6;
}

/** The nearest of `places` to `p` (a hospital for a transport). */
export function nearestOf(p: LatLon, places: readonly LatLon[]): LatLon {
  let best = places[0] ?? p;
  for (const q of places) if (flatDistance(p, q) < flatDistance(p, best)) best = q;
  return best;
}

/** Positions are rounded to about 1 m: finer digits are noise that every frame would carry. */
export function roundPosition(p: LatLon): LatLon {
  return { lat: Math.round(p.lat * 1e5) / 1e5, lon: Math.round(p.lon * 1e5) / 1e5 };
}

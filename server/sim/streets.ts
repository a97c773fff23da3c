import type { Rng } from './random';
import { delta, type LatLon } from './geometry';

/**
 * Made-up but plausible street addresses. For Denver the street is the real named street
 * nearest the point and the house number follows Denver's grid (Broadway splits east/west,
 * Ellsworth Avenue splits north/south; about 1000 numbers per km east-west and 550 per km
 * north-south), so the address a dispatcher reads roughly matches the pin on the map.
 * Elsewhere a generic grid around the configured centre stands in. It is a simulation.
 */

export interface StreetGrid {
  /** Where house numbers are 0: Denver's Broadway x Ellsworth, or the configured centre. */
  origin: LatLon;
  /** The north-south street at this point's longitude. */
  northSouth(p: LatLon): string;
  /** The east-west avenue at this point's latitude. */
  eastWest(p: LatLon): string;
  /** Prefix for a north-south street south (true) or north (false) of the origin; Denver writes "S" only. */
  nsPrefix(south: boolean): string;
}

// Approximate longitudes of Denver's north-south streets, west to east.
const DENVER_NS: readonly (readonly [string, number])[] = [
  ['Sheridan Blvd', -105.0532],
  ['Tennyson St', -105.0438],
  ['Perry St', -105.0389],
  ['Lowell Blvd', -105.0343],
  ['Irving St', -105.0298],
  ['Federal Blvd', -105.025],
  ['Zuni St', -105.0155],
  ['Tejon St', -105.011],
  ['Pecos St', -105.006],
  ['Navajo St', -105.0035],
  ['Kalamath St', -104.9995],
  ['Galapago St', -104.995],
  ['Cherokee St', -104.9913],
  ['Bannock St', -104.99],
  ['Broadway', -104.9876],
  ['Lincoln St', -104.9857],
  ['Grant St', -104.9836],
  ['Pennsylvania St', -104.9811],
  ['Washington St', -104.9789],
  ['Clarkson St', -104.9777],
  ['Emerson St', -104.9765],
  ['Ogden St', -104.9753],
  ['Downing St', -104.9733],
  ['Lafayette St', -104.9711],
  ['Franklin St', -104.9686],
  ['Gilpin St', -104.9675],
  ['High St', -104.9651],
  ['Race St', -104.9639],
  ['Vine St', -104.9627],
  ['York St', -104.9598],
  ['Josephine St', -104.9577],
  ['Clayton St', -104.9534],
  ['Steele St', -104.9502],
  ['Madison St', -104.9462],
  ['Jackson St', -104.9437],
  ['Colorado Blvd', -104.9409],
  ['Dahlia St', -104.931],
  ['Holly St', -104.9223],
  ['Monaco Pkwy', -104.9129],
  ['Quebec St', -104.9037],
  ['Syracuse St', -104.8945],
  ['Yosemite St', -104.8853],
  ['Dayton St', -104.876],
  ['Havana St', -104.8663],
  ['Peoria St', -104.8473],
  ['Chambers Rd', -104.8094],
  ['Tower Rd', -104.7729],
  ['Picadilly Rd', -104.754],
];

// Approximate latitudes of Denver's east-west avenues, south to north.
const DENVER_EW: readonly (readonly [string, number])[] = [
  ['Belleview Ave', 39.6245],
  ['Quincy Ave', 39.6387],
  ['Hampden Ave', 39.6535],
  ['Dartmouth Ave', 39.661],
  ['Yale Ave', 39.6683],
  ['Iliff Ave', 39.6755],
  ['Evans Ave', 39.6783],
  ['Jewell Ave', 39.6825],
  ['Florida Ave', 39.6896],
  ['Mississippi Ave', 39.697],
  ['Exposition Ave', 39.704],
  ['Alameda Ave', 39.7113],
  ['Ellsworth Ave', 39.7166],
  ['1st Ave', 39.7185],
  ['6th Ave', 39.7254],
  ['8th Ave', 39.729],
  ['13th Ave', 39.7366],
  ['Colfax Ave', 39.7402],
  ['17th Ave', 39.7431],
  ['20th Ave', 39.747],
  ['23rd Ave', 39.7505],
  ['26th Ave', 39.7547],
  ['29th Ave', 39.7584],
  ['32nd Ave', 39.762],
  ['38th Ave', 39.7693],
  ['44th Ave', 39.7765],
  ['48th Ave', 39.7838],
  ['56th Ave', 39.7984],
  ['64th Ave', 39.8129],
  ['72nd Ave', 39.8275],
  ['80th Ave', 39.842],
];

function nearest(list: readonly (readonly [string, number])[], value: number): string {
  let best = list[0]?.[0] ?? 'Main St';
  let bestGap = Infinity;
  for (const [name, at] of list) {
    const gap = Math.abs(at - value);
    if (gap < bestGap) [best, bestGap] = [name, gap];
  }
  return best;
}

export const DENVER_GRID: StreetGrid = {
  origin: { lat: 39.7166, lon: -104.9876 },
  northSouth: (p) => nearest(DENVER_NS, p.lon),
  eastWest: (p) => nearest(DENVER_EW, p.lat),
  nsPrefix: (south) => (south ? 'S ' : ''),
};

const GENERIC_NS = ['Main St', 'Oak St', 'Maple St', 'Cedar St', 'Pine St', 'Elm St', 'Walnut St', 'Park St', 'Lake St', 'Hill St', 'Spruce St', 'Church St'];

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

/** A generic grid for any other city: named streets every 400 m, numbered avenues every 200 m. */
export function genericGrid(center: LatLon): StreetGrid {
  return {
    origin: center,
    northSouth: (p) => {
      const i = Math.round(delta(center, p).east / 400);
      return GENERIC_NS[((i % GENERIC_NS.length) + GENERIC_NS.length) % GENERIC_NS.length] ?? 'Main St';
    },
    eastWest: (p) => `${ordinal(Math.abs(Math.round(delta(center, p).north / 200)) + 1)} Ave`,
    nsPrefix: (south) => (south ? 'S ' : 'N '),
  };
}

/** A street address for the point, e.g. "1420 Lafayette St" or "2315 E Colfax Ave". */
export function addressFor(p: LatLon, grid: StreetGrid, rng: Rng): string {
  const d = delta(grid.origin, p);
  const parity = rng.int(0, 1);
  if (rng.chance(0.5)) {
    const n = Math.round(Math.abs(d.north) * 0.55);
    return `${fixParity(n, parity)} ${grid.nsPrefix(d.north < 0)}${grid.northSouth(p)}`;
  }
  const n = Math.round(Math.abs(d.east));
  return `${fixParity(n, parity)} ${d.east < 0 ? 'W' : 'E'} ${grid.eastWest(p)}`;
}

/** Even and odd numbers sit on opposite sides of a street; a random side looks natural. */
function fixParity(n: number, parity: number): number {
  const m = n % 2 === parity ? n : n + 1;
  return Math.max(1, m);
}

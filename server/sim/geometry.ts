/**
 * Flat-earth geometry at city scale. Over a city (tens of km) an equirectangular projection
 * around the point of interest is accurate to well under 1%, which is plenty for placing
 * simulated calls and moving simulated cars; it keeps the maths readable.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** A GeoJSON linear ring: [lon, lat] pairs. */
export type Ring = readonly (readonly number[])[];
/** A GeoJSON polygon: outer ring then holes. */
export type PolygonRings = readonly Ring[];

export const METRES_PER_DEG_LAT = 111_320;
const toRad = Math.PI / 180;

export function metresPerDegLon(lat: number): number {
  return METRES_PER_DEG_LAT * Math.cos(lat * toRad);
}

/** The point `north` metres north and `east` metres east of `p`. */
export function offset(p: LatLon, north: number, east: number): LatLon {
  return { lat: p.lat + north / METRES_PER_DEG_LAT, lon: p.lon + east / metresPerDegLon(p.lat) };
}

/** Metres north and east from `a` to `b`. */
export function delta(a: LatLon, b: LatLon): { north: number; east: number } {
  return { north: (b.lat - a.lat) * METRES_PER_DEG_LAT, east: (b.lon - a.lon) * metresPerDegLon((a.lat + b.lat) / 2) };
}

/** Straight-line metres between two points (flat approximation). */
export function flatDistance(a: LatLon, b: LatLon): number {
  const d = delta(a, b);
  return Math.hypot(d.north, d.east);
}

/** Compass bearing from `a` to `b` in degrees, 0 = north, 90 = east, in [0, 360). */
export function bearing(a: LatLon, b: LatLon): number {
  const d = delta(a, b);
  const deg = Math.atan2(d.east, d.north) / toRad;
  const b360 = (deg + 360) % 360;
  return Number.isFinite(b360) ? b360 : 0;
}

/** Ray casting: is the point inside this ring? Points exactly on an edge may go either way. */
function inRing(p: LatLon, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > p.lat !== yj > p.lat && p.lon < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function inPolygon(p: LatLon, polygon: PolygonRings): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || !inRing(p, outer)) return false;
  return !holes.some((h) => inRing(p, h));
}

export interface BBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

export function bboxOf(polygons: readonly PolygonRings[]): BBox {
  const box: BBox = { minLat: Infinity, maxLat: -Infinity, minLon: Infinity, maxLon: -Infinity };
  for (const poly of polygons) {
    for (const [lon = 0, lat = 0] of poly[0] ?? []) {
      box.minLat = Math.min(box.minLat, lat);
      box.maxLat = Math.max(box.maxLat, lat);
      box.minLon = Math.min(box.minLon, lon);
      box.maxLon = Math.max(box.maxLon, lon);
    }
  }
  return box;
}

/** Planar area of a polygon's outer ring minus holes, in square metres (shoelace). */
export function polygonArea(polygon: PolygonRings): number {
  const ringArea = (ring: Ring): number => {
    let s = 0;
    const lat0 = ring[0]?.[1] ?? 0;
    const kx = metresPerDegLon(lat0);
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? [];
      const [xj = 0, yj = 0] = ring[j] ?? [];
      s += xj * kx * (yi * METRES_PER_DEG_LAT) - xi * kx * (yj * METRES_PER_DEG_LAT);
    }
    return Math.abs(s) / 2;
  };
  const [outer, ...holes] = polygon;
  if (!outer) return 0;
  return Math.max(0, ringArea(outer) - holes.reduce((s, h) => s + ringArea(h), 0));
}

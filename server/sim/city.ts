import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { distanceMetres } from '../../shared/geo';
import { bboxOf, flatDistance, inPolygon, offset, polygonArea, type BBox, type LatLon, type PolygonRings } from './geometry';
import type { Rng } from './random';
import { addressFor, DENVER_GRID, genericGrid, type StreetGrid } from './streets';

/** Where things happen in the simulated city. */
export interface Place extends LatLon {
  address: string;
}

export interface City {
  /** For the start-up log line. */
  readonly description: string;
  readonly center: LatLon;
  contains(p: LatLon): boolean;
  randomPoint(rng: Rng): LatLon;
  randomPlace(rng: Rng): Place;
  /** A point inside the city at most `maxMetres` from `from` (a patrol leg); `from` itself if none is found. */
  nearbyPoint(rng: Rng, from: LatLon, maxMetres: number): LatLon;
  /** Where ambulances take patients. */
  readonly hospitals: readonly LatLon[];
}

export const DENVER_CENTER: LatLon = { lat: 39.7392, lon: -104.9903 };
export const DEFAULT_GEOJSON = 'shared/geo/denver-neighborhoods.geojson';
/** A configured centre this close to Denver's means "Denver": use its real neighborhoods. */
const DENVER_RADIUS_M = 30_000;

const DENVER_HOSPITALS: readonly LatLon[] = [
  { lat: 39.7275, lon: -104.9913 }, // Denver Health
  { lat: 39.7464, lon: -104.97 }, // Saint Joseph
  { lat: 39.7455, lon: -104.9705 }, // Presbyterian/St. Luke's
  { lat: 39.731, lon: -104.9339 }, // Rose
  { lat: 39.7454, lon: -104.8386 }, // UCHealth Anschutz
  { lat: 39.67, lon: -104.9752 }, // Porter Adventist
];

interface Neighborhood {
  name: string;
  polygons: PolygonRings[];
  box: BBox;
  area: number;
}

/** Reads the neighborhoods FeatureCollection (Polygon and MultiPolygon features). */
export function loadNeighborhoods(path: string): Neighborhood[] {
  const fc = JSON.parse(readFileSync(resolve(path), 'utf8')) as {
    features?: { properties?: { name?: string }; geometry?: { type: string; coordinates: unknown } }[];
  };
  const out: Neighborhood[] = [];
  for (const f of fc.features ?? []) {
    const g = f.geometry;
    if (!g) continue;
    const polygons = g.type === 'Polygon' ? [g.coordinates as PolygonRings] : g.type === 'MultiPolygon' ? (g.coordinates as PolygonRings[]) : [];
    if (polygons.length === 0) continue;
    const area = polygons.reduce((s, p) => s + polygonArea(p), 0);
    out.push({ name: f.properties?.name ?? '?', polygons, box: bboxOf(polygons), area });
  }
  return out;
}

const inBox = (p: LatLon, b: BBox): boolean => p.lat >= b.minLat && p.lat <= b.maxLat && p.lon >= b.minLon && p.lon <= b.maxLon;

function samplePolygons(rng: Rng, polygons: readonly PolygonRings[], box: BBox): LatLon | null {
  for (let i = 0; i < 1000; i++) {
    const p = { lat: rng.range(box.minLat, box.maxLat), lon: rng.range(box.minLon, box.maxLon) };
    if (polygons.some((poly) => inPolygon(p, poly))) return p;
  }
  return null;
}

abstract class BaseCity implements City {
  abstract readonly description: string;
  abstract readonly center: LatLon;
  abstract readonly hospitals: readonly LatLon[];
  protected abstract readonly grid: StreetGrid;
  abstract contains(p: LatLon): boolean;
  abstract randomPoint(rng: Rng): LatLon;

  randomPlace(rng: Rng): Place {
    const p = this.randomPoint(rng);
    // Rounded to ~1 m: more digits would be false precision and bloat every frame.
    const lat = Math.round(p.lat * 1e5) / 1e5;
    const lon = Math.round(p.lon * 1e5) / 1e5;
    return { lat, lon, address: addressFor({ lat, lon }, this.grid, rng) };
  }

  nearbyPoint(rng: Rng, from: LatLon, maxMetres: number): LatLon {
    for (let i = 0; i < 20; i++) {
      const r = maxMetres * Math.sqrt(rng.float());
      const a = rng.range(0, 2 * Math.PI);
      const p = offset(from, r * Math.cos(a), r * Math.sin(a));
      if (this.contains(p)) return p;
    }
    return from;
  }
}

/**
 * Denver from its 78 real neighborhood outlines. A neighborhood is picked first, then a point
 * uniformly inside it (rejection sampling in its bounding box). Picking purely by area would
 * send a fifth of all calls to the airport (the DIA neighborhood is huge and nearly empty), so a
 * neighborhood's weight is its area capped at twice the median: calls spread over the built-up
 * city roughly the way population does.
 */
export class NeighborhoodCity extends BaseCity {
  readonly description: string;
  readonly center = DENVER_CENTER;
  readonly hospitals = DENVER_HOSPITALS;
  protected readonly grid = DENVER_GRID;
  private readonly weights: (readonly [Neighborhood, number])[];
  private readonly all: BBox;

  constructor(private readonly hoods: Neighborhood[]) {
    super();
    if (hoods.length === 0) throw new Error('no neighborhoods');
    const areas = hoods.map((h) => h.area).sort((a, b) => a - b);
    const cap = 2 * (areas[Math.floor(areas.length / 2)] ?? 1);
    this.weights = hoods.map((h) => [h, Math.min(h.area, cap)] as const);
    this.all = bboxOf(hoods.flatMap((h) => h.polygons));
    this.description = `Denver, ${hoods.length} neighborhoods`;
  }

  contains(p: LatLon): boolean {
    if (!inBox(p, this.all)) return false;
    return this.hoods.some((h) => inBox(p, h.box) && h.polygons.some((poly) => inPolygon(p, poly)));
  }

  randomPoint(rng: Rng): LatLon {
    for (;;) {
      const hood = rng.weighted(this.weights);
      const p = samplePolygons(rng, hood.polygons, hood.box);
      if (p) return p;
    }
  }
}

/** Any other city: points uniformly in the disc of radiusKm around the configured centre. */
export class DiscCity extends BaseCity {
  readonly description: string;
  readonly hospitals: readonly LatLon[];
  protected readonly grid: StreetGrid;

  constructor(
    readonly center: LatLon,
    private readonly radiusM: number,
    rng: Rng,
  ) {
    super();
    this.grid = genericGrid(center);
    this.description = `a disc of ${radiusM / 1000} km around ${center.lat.toFixed(4)}, ${center.lon.toFixed(4)}`;
    this.hospitals = Array.from({ length: Math.max(2, Math.round(radiusM / 4000)) }, () => this.randomPoint(rng));
  }

  contains(p: LatLon): boolean {
    return flatDistance(this.center, p) <= this.radiusM;
  }

  randomPoint(rng: Rng): LatLon {
    // sqrt makes the density uniform over the disc's area, not crowded at the centre.
    const r = this.radiusM * Math.sqrt(rng.float());
    const a = rng.range(0, 2 * Math.PI);
    return offset(this.center, r * Math.cos(a), r * Math.sin(a));
  }
}

export interface CityOptions {
  center: LatLon;
  radiusKm: number;
  /** Path to Denver's neighborhoods, relative to the working directory. */
  geojsonPath?: string;
}

/**
 * The simulated city: Denver's real neighborhoods when the centre is in Denver, else a disc.
 * `onFallback` hears why the neighborhoods could not be used (the file is missing or broken).
 */
export function buildCity(opts: CityOptions, rng: Rng, onFallback?: (why: string) => void): City {
  if (distanceMetres(opts.center, DENVER_CENTER) <= DENVER_RADIUS_M) {
    try {
      return new NeighborhoodCity(loadNeighborhoods(opts.geojsonPath ?? DEFAULT_GEOJSON));
    } catch (err) {
      onFallback?.(`cannot use ${opts.geojsonPath ?? DEFAULT_GEOJSON} (${(err as Error).message}); using a disc instead`);
    }
  }
  return new DiscCity(opts.center, opts.radiusKm * 1000, rng);
}

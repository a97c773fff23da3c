import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coreArea, type Box } from '../../client/src/map/core-area';

/** The bounding box of each neighborhood in the real Denver outlines the demo city uses. */
function denverDistricts(): Box[] {
  const geo = JSON.parse(readFileSync('shared/geo/denver-neighborhoods.geojson', 'utf8')) as { features: { geometry: { coordinates: unknown } }[] };
  return geo.features.map((f) => {
    const points = (f.geometry.coordinates as unknown[]).flat(3) as number[];
    const lons = points.filter((_, i) => i % 2 === 0);
    const lats = points.filter((_, i) => i % 2 === 1);
    return { south: Math.min(...lats), west: Math.min(...lons), north: Math.max(...lats), east: Math.max(...lons) };
  });
}

describe('the area a screen frames', () => {
  const downtown = { lat: 39.7392, lon: -104.9903 };

  it("frames Denver's core, leaving out the airport arm 25 km out, which would halve the city on screen", () => {
    const all = denverDistricts();
    const whole = coreArea(all, downtown, Infinity)!;
    const core = coreArea(all, downtown)!;
    expect(whole.east).toBeGreaterThan(-104.65); // the airport reaches past -104.65
    expect(core.east).toBeLessThan(-104.75);
    expect(core.north).toBeLessThan(whole.north);
    // Every district near downtown is still inside.
    expect(core.south).toBeCloseTo(whole.south, 2);
    expect(core.west).toBeCloseTo(whole.west, 2);
  });

  it('frames every district when none is near the centre, and nothing when there are none', () => {
    const far: Box[] = [{ south: 10, west: 10, north: 11, east: 11 }];
    expect(coreArea(far, downtown)).toEqual(far[0]);
    expect(coreArea([], downtown)).toBeNull();
  });
});

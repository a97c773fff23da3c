import { describe, expect, it } from 'vitest';
import { distanceMetres } from '../../shared/geo';
import { buildCity, DiscCity, loadNeighborhoods, NeighborhoodCity, DEFAULT_GEOJSON } from '../../server/sim/city';
import { inPolygon } from '../../server/sim/geometry';
import { Rng } from '../../server/sim/random';

const hoods = loadNeighborhoods(DEFAULT_GEOJSON);

describe('sim city', () => {
  it('loads the 78 Denver neighborhoods', () => {
    expect(hoods).toHaveLength(78);
  });

  it('places points inside Denver neighborhood polygons when centred on Denver', () => {
    const city = buildCity({ center: { lat: 39.7392, lon: -104.9903 }, radiusKm: 11 }, new Rng(1));
    expect(city).toBeInstanceOf(NeighborhoodCity);
    const rng = new Rng(2);
    for (let i = 0; i < 500; i++) {
      const p = city.randomPlace(rng);
      expect(hoods.some((h) => h.polygons.some((poly) => inPolygon(p, poly)))).toBe(true);
      expect(city.contains(p)).toBe(true);
      expect(p.address).toMatch(/^\d+ (S |[EW] )?[\w .]+$/);
    }
  });

  it('does not send a large share of calls to the airport', () => {
    const city = new NeighborhoodCity(hoods);
    const dia = hoods.find((h) => h.name === 'DIA');
    expect(dia).toBeDefined();
    const rng = new Rng(3);
    let atAirport = 0;
    for (let i = 0; i < 2000; i++) if (dia!.polygons.some((poly) => inPolygon(city.randomPoint(rng), poly))) atAirport++;
    expect(atAirport / 2000).toBeLessThan(0.06);
  });

  it('uses a disc around another configured centre', () => {
    const center = { lat: 45.5152, lon: -122.6784 }; // Portland
    const city = buildCity({ center, radiusKm: 8 }, new Rng(1));
    expect(city).toBeInstanceOf(DiscCity);
    const rng = new Rng(4);
    let far = 0;
    for (let i = 0; i < 2000; i++) {
      const p = city.randomPlace(rng);
      const d = distanceMetres(center, p);
      expect(d).toBeLessThanOrEqual(8000 + 5);
      if (d > 8000 / Math.SQRT2) far++;
      expect(p.address.length).toBeGreaterThan(3);
    }
    // Uniform over the area: half of the points lie beyond r / sqrt(2).
    expect(far / 2000).toBeGreaterThan(0.45);
    expect(far / 2000).toBeLessThan(0.55);
  });

  it('falls back to a disc when the neighborhoods file is missing', () => {
    const why: string[] = [];
    const city = buildCity({ center: { lat: 39.74, lon: -104.99 }, radiusKm: 5, geojsonPath: 'no/such/file.geojson' }, new Rng(1), (w) => why.push(w));
    expect(city).toBeInstanceOf(DiscCity);
    expect(why).toHaveLength(1);
  });

  it('keeps patrol legs inside the city', () => {
    const city = new NeighborhoodCity(hoods);
    const rng = new Rng(5);
    for (let i = 0; i < 200; i++) {
      const from = city.randomPoint(rng);
      const to = city.nearbyPoint(rng, from, 2500);
      expect(city.contains(to)).toBe(true);
      expect(distanceMetres(from, to)).toBeLessThanOrEqual(2600);
    }
  });
});

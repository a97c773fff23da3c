import { describe, expect, it } from 'vitest';
import { flatDistance } from '../../server/sim/geometry';
import { advance, driveSpeed, planRoute, routeLength } from '../../server/sim/movement';
import { Rng } from '../../server/sim/random';

describe('sim movement', () => {
  const from = { lat: 39.7, lon: -105.0 };
  const to = { lat: 39.75, lon: -104.95 };

  it('plans an L-shaped route that turns one corner', () => {
    const route = planRoute(from, to, new Rng(1));
    expect(route).toHaveLength(2);
    const corner = route[0]!;
    expect(corner.lat === from.lat || corner.lon === from.lon).toBe(true);
    expect(route[1]).toEqual(to);
  });

  it('advances along the route and arrives', () => {
    let pos = from;
    let route = planRoute(from, to, new Rng(2));
    const total = routeLength(pos, route);
    let steps = 0;
    for (;;) {
      const step = advance(pos, route, 500);
      expect(flatDistance(pos, step.position)).toBeLessThanOrEqual(500.5);
      expect(step.heading).toBeGreaterThanOrEqual(0);
      expect(step.heading).toBeLessThan(360);
      pos = step.position;
      route = step.route;
      steps++;
      if (step.arrived) break;
    }
    expect(pos).toEqual(to);
    expect(steps).toBe(Math.ceil(total / 500));
  });

  it('drives at urban street speeds, faster for priority 1', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 100; i++) {
      const p1 = driveSpeed('response', 1, rng) * 3.6;
      const p3 = driveSpeed('response', 3, rng) * 3.6;
      expect(p1).toBeGreaterThanOrEqual(48);
      expect(p1).toBeLessThanOrEqual(60);
      expect(p3).toBeGreaterThanOrEqual(35);
      expect(p3).toBeLessThanOrEqual(45);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { Rng } from '../../server/sim/random';

const draw = (rng: Rng, n = 50) => Array.from({ length: n }, () => rng.float());

describe('sim random', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draw(new Rng(42))).toEqual(draw(new Rng(42)));
  });

  it('gives a different sequence for a different seed', () => {
    expect(draw(new Rng(42))).not.toEqual(draw(new Rng(43)));
  });

  it('forks named streams that are reproducible and independent of each other', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    expect(draw(a.fork('calls'))).toEqual(draw(b.fork('calls')));
    expect(draw(a.fork('calls'))).not.toEqual(draw(a.fork('fleet')));
    // Drawing from the parent does not shift a fork.
    const c = new Rng(7);
    draw(c, 100);
    expect(draw(c.fork('calls'))).toEqual(draw(new Rng(7).fork('calls')));
  });

  it('keeps float, int and range within bounds', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 10_000; i++) {
      const f = rng.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      const n = rng.int(3, 5);
      expect([3, 4, 5]).toContain(n);
      const r = rng.range(-2, 2);
      expect(r).toBeGreaterThanOrEqual(-2);
      expect(r).toBeLessThan(2);
    }
  });

  it('picks by weight', () => {
    const rng = new Rng(5);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++)
      counts[
        rng.weighted([
          ['a', 1],
          ['b', 3],
          ['c', 0],
        ] as const)
      ]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.7);
    expect(counts.b / counts.a).toBeLessThan(3.3);
  });

  it('draws exponential gaps with the given mean', () => {
    const rng = new Rng(9);
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rng.exponential(40);
    expect(sum / n).toBeGreaterThan(38);
    expect(sum / n).toBeLessThan(42);
  });
});

/**
 * A small seeded PRNG for the simulator. Math.random cannot be seeded, and a demo or a bug
 * report is only reproducible when the same seed gives the same city: the same fleet, the same
 * calls (natures, places, priorities, flags) in the same order.
 */

/** mulberry32: 32-bit state, fast, good enough statistically for a simulation (not for secrets). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string: turns a stream name into a seed offset. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export type Weighted<T> = readonly (readonly [T, number])[];

export class Rng {
  private readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }

  /**
   * An independent stream named `name`, seeded from this seed. The simulator gives the fleet,
   * the call generator and unit behaviour their own streams, so that how fast the commit path
   * answers (which changes how many behaviour draws happen) never shifts the calls generated.
   */
  fork(name: string): Rng {
    return new Rng((Math.imul(this.seed >>> 0, 0x9e3779b1) ^ hashString(name)) >>> 0);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One item, with probability proportional to its weight (weights need not sum to 1). */
  weighted<T>(entries: Weighted<T>): T {
    const total = entries.reduce((s, [, w]) => s + Math.max(0, w), 0);
    if (total <= 0) throw new Error('weighted pick needs a positive weight');
    let r = this.next() * total;
    for (const [item, w] of entries) {
      r -= Math.max(0, w);
      if (r < 0) return item;
    }
    return (entries.at(-1) as readonly [T, number])[0];
  }

  /**
   * Exponentially distributed with the given mean: the gap between arrivals of a Poisson
   * process, which is how independent 911 calls arrive over a short window.
   */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}

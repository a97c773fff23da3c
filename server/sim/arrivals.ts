import type { Rng } from './random';

/**
 * When 911 calls come in: a Poisson process at `perHour` simulated calls per hour, i.e.
 * exponentially distributed gaps. It has its own random stream so that the calls generated
 * (drawn from another stream) are the same for a seed whatever the timing.
 */
export class Arrivals {
  private nextAt: number;

  constructor(
    private readonly rng: Rng,
    private readonly perHour: number,
    start: number,
  ) {
    this.nextAt = start + this.gap();
  }

  private gap(): number {
    return this.perHour > 0 ? this.rng.exponential(3600 / this.perHour) : Infinity;
  }

  /** How many calls arrived up to simulated second `now`, at most `max` (the rest are dropped, not queued). */
  take(now: number, max: number): number {
    let n = 0;
    while (now >= this.nextAt && n < max) {
      n++;
      this.nextAt += this.gap();
    }
    if (now >= this.nextAt) this.nextAt = now + this.gap();
    return n;
  }
}

/**
 * Simulated time. It runs `speed` times faster than real time (SIM_SPEED=60 plays an hour of the
 * city in a minute); every duration in the simulator is in simulated seconds. It advances by the
 * real time that actually passed, so a slow tick or a skipped one does not slow the city down.
 */
export class SimClock {
  private simSeconds = 0;
  private lastReal: number;
  private readonly startReal: number;

  constructor(
    readonly speed: number,
    private readonly realNow: () => number = Date.now,
  ) {
    this.startReal = realNow();
    this.lastReal = this.startReal;
  }

  /**
   * Moves simulated time on by the real time elapsed since the last call, and returns the
   * simulated seconds that passed. A long stall (a laptop asleep, a debugger) counts as at most
   * 5 real seconds, so vehicles do not jump across the city when the process wakes up.
   */
  advance(): number {
    const now = this.realNow();
    const realSeconds = Math.min(5, Math.max(0, (now - this.lastReal) / 1000));
    this.lastReal = now;
    const dt = realSeconds * this.speed;
    this.simSeconds += dt;
    return dt;
  }

  /** Simulated seconds since the simulator started. */
  get seconds(): number {
    return this.simSeconds;
  }

  /** The simulated wall clock (epoch ms): used for shift windows, which follow simulated time. */
  get epochMs(): number {
    return this.startReal + this.simSeconds * 1000;
  }
}

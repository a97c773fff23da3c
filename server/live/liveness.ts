import type { ServerStatus } from '../../shared/events';

/** A reason the data is not live, by where it comes from. */
export type LivenessProblem = 'redis' | 'stream' | 'reload';

const WORDS: Record<LivenessProblem, string> = {
  reload: 'the server is reloading: Redis lost or replaced its data',
  redis: 'the data store (Redis) is unreachable',
  stream: 'the change stream is not being followed',
};

/** Most serious first: what the screens are told when several hold at once. */
const ORDER: readonly LivenessProblem[] = ['reload', 'redis', 'stream'];

/**
 * Whether this instance's data is live, in the server's own words: a socket can be connected
 * while the data behind it has stopped flowing (Redis down, the stream stalled, a reload).
 * Screens are told at once when data flows again, and after a short grace when it stops, so a
 * blip of a few hundred milliseconds does not flash NOT LIVE on a wall.
 */
export class Liveness {
  private readonly problems = new Set<LivenessProblem>();
  private announced: ServerStatus;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: ((s: ServerStatus) => void)[] = [];

  constructor(
    private readonly graceMs = 500,
    private readonly now: () => number = Date.now,
  ) {
    this.announced = { live: true, reason: null, since: now() };
  }

  get current(): ServerStatus {
    return this.announced;
  }

  onChange(listener: (s: ServerStatus) => void): void {
    this.listeners.push(listener);
  }

  set(problem: LivenessProblem, holds: boolean): void {
    if (holds === this.problems.has(problem)) return;
    if (holds) this.problems.add(problem);
    else this.problems.delete(problem);
    if (this.problems.size === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.announce();
    } else {
      // Already announced down: say the new most serious reason now; else wait out the grace.
      if (!this.announced.live) this.announce();
      else this.timer ??= setTimeout(() => ((this.timer = null), this.announce()), this.graceMs);
    }
  }

  private announce(): void {
    const first = ORDER.find((p) => this.problems.has(p));
    const next: ServerStatus = first
      ? { live: false, reason: WORDS[first], since: this.announced.live ? this.now() : this.announced.since }
      : { live: true, reason: null, since: this.now() };
    if (next.live === this.announced.live && next.reason === this.announced.reason) return;
    this.announced = next;
    for (const l of this.listeners) l(next);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

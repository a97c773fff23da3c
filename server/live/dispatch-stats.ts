import { minuteOfDayIn } from '../../shared/clock';
import type { DispatchStats } from '../../shared/stats';
import type { Logger } from '../log';
import type { Store } from '../redis/store';

/** Local midnight of `now` in `timeZone`, as epoch ms. */
export function startOfLocalDay(now: number, timeZone: string): number {
  return now - minuteOfDayIn(now, timeZone) * 60_000 - (now % 60_000);
}

/**
 * The day's counters the screens show, read from Redis (so every instance agrees and a restart
 * loses nothing), refreshed on a timer and on demand, and announced only when they change.
 */
export class DispatchStatsService {
  current: DispatchStats = { dayStart: 0, unmetToday: 0 };
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: ((s: DispatchStats) => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly timeZone: string,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  onChange(listener: (s: DispatchStats) => void): void {
    this.listeners.push(listener);
  }

  async start(refreshMs = 15_000): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), refreshMs);
  }

  async refresh(): Promise<void> {
    try {
      const dayStart = startOfLocalDay(this.now(), this.timeZone);
      const next = { dayStart, unmetToday: await this.store.unmetCallsSince(dayStart) };
      if (next.dayStart === this.current.dayStart && next.unmetToday === this.current.unmetToday) return;
      this.current = next;
      for (const l of this.listeners) l(next);
    } catch (err) {
      this.log.debug('could not refresh dispatch stats', err);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

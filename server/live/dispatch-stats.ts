import { startOfDayIn } from '../../shared/clock';
import type { DispatchStats } from '../../shared/stats';
import type { Logger } from '../log';
import type { Store } from '../redis/store';

/**
 * Local midnight of `now` in `timeZone`, as epoch ms: the instant today began there. Not
 * `now - time of day`, which is an hour off on daylight-saving days (23 h and 25 h long).
 */
export function startOfLocalDay(now: number, timeZone: string): number {
  return startOfDayIn(now, timeZone);
}

function median(ms: number[]): number | null {
  if (ms.length === 0) return null;
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return Math.round((s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2) / 1000);
}

/**
 * The day's counters the screens show, read from Redis (so every instance agrees and a restart
 * loses nothing), refreshed on a timer and on demand, and announced only when they change.
 */
export class DispatchStatsService {
  current: DispatchStats = { dayStart: 0, unmetToday: 0, assignedToday: 0, medianSecondsToAssignToday: null };
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

  private nudged: NodeJS.Timeout | null = null;

  /** Something that may change the counters happened: refresh soon, at most every 2 s. */
  nudge(): void {
    this.nudged ??= setTimeout(() => {
      this.nudged = null;
      void this.refresh();
    }, 2000);
  }

  async refresh(): Promise<void> {
    try {
      const dayStart = startOfLocalDay(this.now(), this.timeZone);
      const [unmetToday, times] = await Promise.all([this.store.unmetCallsSince(dayStart), this.store.timesToAssignSince(dayStart)]);
      const next: DispatchStats = { dayStart, unmetToday, assignedToday: times.length, medianSecondsToAssignToday: median(times) };
      if (JSON.stringify(next) === JSON.stringify(this.current)) return;
      this.current = next;
      for (const l of this.listeners) l(next);
    } catch (err) {
      this.log.debug('could not refresh dispatch stats', err);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.nudged) clearTimeout(this.nudged);
  }
}

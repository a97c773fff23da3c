import type { DispatchStats } from '../../../shared/stats';

/** The day's counters the server pushes (`stats:update`); null until the first one arrives. */
export class Stats {
  current = $state.raw<DispatchStats | null>(null);

  apply(stats: DispatchStats): void {
    this.current = stats;
  }
}

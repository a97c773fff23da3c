import { isOpenCall } from '../../shared/call';
import type { Commands } from '../commands/commands';
import { recommend, sameRecommendation } from '../domain/recommendation';
import type { Logger } from '../log';
import type { ResponseRules } from '../response-rules';
import type { LiveFeed } from './live-feed';

export const RECOMMENDER_ACTOR = 'recommender';

/**
 * Keeps every open MH call's recommendation current as units move and change status: after
 * any change it recomputes from the live projection (cheap: a few dozen calls by a few hundred
 * units) at most once per interval, and commits only where the advice changed. Several server
 * instances may run it at once: the commit path makes their duplicate work harmless.
 */
export class Recommender {
  private dirty = true;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly feed: LiveFeed,
    private readonly commands: Commands,
    private readonly rules: ResponseRules,
    private readonly log: Logger,
    private readonly opts: { intervalMs?: number; now?: () => number; onUnmet?: () => void } = {},
  ) {}

  start(): void {
    this.feed.subscribe({ batch: () => undefined, reset: () => (this.dirty = true), change: () => (this.dirty = true) });
    this.timer = setInterval(() => {
      if (this.dirty && !this.running) this.running = this.pass().finally(() => (this.running = null));
    }, this.opts.intervalMs ?? 1000);
  }

  /** One recomputation over every open call; only calls whose advice changed are written. */
  async pass(): Promise<void> {
    this.dirty = false;
    const now = (this.opts.now ?? Date.now)();
    const units = [...this.feed.projection.units.values()];
    for (const call of [...this.feed.projection.calls.values()]) {
      if (!isOpenCall(call)) continue;
      const result = recommend(call, units, this.rules, now);
      const next = result?.recommendation ?? null;
      const newlyUnmet = result?.unmet === true && call.mh.unmetSince === null;
      if (sameRecommendation(call.mh.recommendation, next) && !newlyUnmet) continue;
      try {
        await this.commands.updateRecommendation(RECOMMENDER_ACTOR, call.id, (fresh) => recommend(fresh, units, this.rules, now));
        if (newlyUnmet) this.opts.onUnmet?.();
      } catch (err) {
        this.log.warn(`could not record the recommendation for call ${call.number}`, err);
        this.dirty = true; // try again next interval
      }
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

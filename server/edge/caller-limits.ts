import type { Principal } from '../../shared/auth';
import { RateLimiter } from './rate-limit';

/** How long a person's burst of changes (SESSION_CHANGE_BURST) is counted over. */
const PERSON_WINDOW_MS = 10_000;
/** Integrations post positions and calls at machine rates; this only stops a runaway loop. */
const INTEGRATION_LIMIT = 50_000;
const INTEGRATION_WINDOW_MS = 10_000;
/** state:resume (a replay of what a screen missed) per session: past this it gets the cached snapshot. */
const RESUMES = 6;
const RESUME_WINDOW_MS = 30_000;

/**
 * The limits on what one caller may make the server do, shared by REST and sockets and counted
 * per session, not per connection: a board that reconnects, or sends over REST instead, does
 * not get a new allowance. Counted in memory on each instance (cheap on every command); a
 * caller spread over several instances gets at most one allowance per instance.
 */
export class CallerLimits {
  private readonly people: RateLimiter;
  private readonly integrations = new FixedWindowCounter(INTEGRATION_LIMIT, INTEGRATION_WINDOW_MS);
  private readonly resumes = new RateLimiter(RESUMES, RESUME_WINDOW_MS);

  constructor(personBurst: number) {
    this.people = new RateLimiter(personBurst, PERSON_WINDOW_MS);
  }

  /** Counts one change by this caller; false when it is over its limit (the change must be refused). */
  allowChange(caller: Pick<Principal, 'via' | 'actor' | 'sessionId'>): boolean {
    if (caller.via === 'ingest_key') return this.integrations.allow(caller.actor);
    return this.people.allow(caller.sessionId ?? caller.actor);
  }

  /** Counts one replay for this session; false when it should get a snapshot instead. */
  allowReplay(sessionId: string): boolean {
    return this.resumes.allow(sessionId);
  }
}

/** At most `limit` hits per key in fixed windows: O(1) per hit, for rates a sliding list would make slow. */
class FixedWindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  allow(key: string): boolean {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= this.limit) return false;
    w.count++;
    return true;
  }
}

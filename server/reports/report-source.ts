import type { RedisClient } from '../redis/client';
import type { Keys } from '../redis/keys';
import type { ReportFacts } from './report-facts';

/** Calls read per round trip. */
const CHUNK = 1000;
/**
 * How long after a period a call created in it may have finished and still be counted: calls
 * are found by when they finished, and a call open for days is rare (it is counted if it ended
 * within this).
 */
const LATE_FINISH_MS = 7 * 86_400_000;

/** The report facts of finished calls (written by the commit that finishes each). */
export class ReportSource {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: Keys,
  ) {}

  /** Facts of the calls that finished from `from` until a week after `to` (the report keeps those created in range). */
  async factsAround(from: number, to: number): Promise<ReportFacts[]> {
    const ids = await this.redis.zRangeByScore(this.keys.finishedCalls, from, to + LATE_FINISH_MS);
    const out: ReportFacts[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const facts = await Promise.all(chunk.map((id) => this.redis.hGet(this.keys.call(id), 'facts')));
      for (const f of facts) if (f) out.push(JSON.parse(f) as ReportFacts);
    }
    return out;
  }
}

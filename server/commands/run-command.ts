import type { CommitMeta, EntityWrite, Store } from '../redis/store';
import { DomainError } from '../domain/errors';

/** What a command decided after reading: the writes to commit and the answer for the caller. */
export interface Decision<T> {
  writes: EntityWrite[];
  result: T;
}

const MAX_ATTEMPTS = 20;

/**
 * Runs read -> decide -> commit, and starts again from a fresh read when someone else committed
 * to the same entities in between. A command that carried the version its user saw then fails
 * in `decide` with a conflict that names who changed what; internal work simply retries.
 */
export async function runCommand<T>(
  store: Store,
  meta: () => CommitMeta,
  attempt: (meta: CommitMeta) => Promise<Decision<T>>,
): Promise<{ result: T; seq: number | null }> {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const m = meta();
    const decision = await attempt(m);
    if (decision.writes.length === 0) return { result: decision.result, seq: null };
    const outcome = await store.commit(decision.writes, m);
    if (outcome.ok) return { result: decision.result, seq: outcome.seq };
    // Lost a race: spread the retries so contenders do not collide again in lockstep.
    await new Promise((r) => setTimeout(r, Math.random() * 5 * (i + 1)));
  }
  throw new DomainError('conflict', 'too many people are changing these records at once; try again');
}

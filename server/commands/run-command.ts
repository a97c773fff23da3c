import type { CommitConflict, CommitMeta, EntityWrite, Store } from '../redis/store';
import { DomainError } from '../domain/errors';

/** What a command decided after reading: the writes to commit and the answer for the caller. */
export interface Decision<T> {
  writes: EntityWrite[];
  result: T;
}

/** What a successful run committed: its sequence number (null: nothing was written) and more. */
export interface RunOutcome<T> {
  result: T;
  seq: number | null;
  /** The call number the commit handed out (see Store.callNumberToken), or null. */
  number: string | null;
  /** Units whose `ifExists` position was skipped because they do not exist. */
  skippedUnitIds: string[];
}

const MAX_ATTEMPTS = 20;

/**
 * Runs read -> decide -> commit, and starts again from a fresh read when someone else committed
 * to the same entities in between. A command that carried the version its user saw then fails
 * in `decide` with a conflict that names who changed what; internal work simply retries.
 * `attempt` is told the conflict that made it run again, for commands that answer one
 * differently (a taken externalId means the call already exists).
 */
export async function runCommand<T>(
  store: Store,
  meta: () => CommitMeta,
  attempt: (meta: CommitMeta, lastConflict: CommitConflict | null) => Promise<Decision<T>>,
): Promise<RunOutcome<T>> {
  let lastConflict: CommitConflict | null = null;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const m = meta();
    const decision = await attempt(m, lastConflict);
    if (decision.writes.length === 0) return { result: decision.result, seq: null, number: null, skippedUnitIds: [] };
    const outcome = await store.commit(decision.writes, m);
    if (outcome.ok) return { result: decision.result, seq: outcome.seq, number: outcome.number, skippedUnitIds: outcome.skippedUnitIds };
    lastConflict = outcome.conflict;
    // Lost a race: spread the retries so contenders do not collide again in lockstep.
    await new Promise((r) => setTimeout(r, Math.random() * 5 * (i + 1)));
  }
  throw new DomainError('conflict', 'too many people are changing these records at once; try again');
}

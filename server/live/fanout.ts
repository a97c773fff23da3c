import type { Change, ChangeBatch, CommittedChange } from '../../shared/changes';
import { toLiveBatch } from './live-batch';

/** The key under which a change replaces an earlier one of the same entity in one batch. */
function entityKey(c: Change): string {
  switch (c.kind) {
    case 'call':
      return `c:${c.call.id}`;
    case 'unit':
      return `u:${c.unit.id}`;
    case 'position':
      return `p:${c.unitId}`;
    case 'recommendation':
      return `r:${c.callId}`;
    case 'destination':
      return `d:${c.destination.id}`;
  }
}

/** The changes of several commits, in order, with only the latest change of each entity kept. */
export function mergeChanges(committed: readonly CommittedChange[]): Change[] {
  const merged = new Map<string, Change>();
  for (const cc of committed) for (const c of cc.changes) merged.set(entityKey(c), c);
  return [...merged.values()];
}

/**
 * Merges committed changes into batches for clients. Calls, unit status and destinations go out at once;
 * positions wait up to `coalesceMs` so that a burst from a moving fleet becomes one frame with
 * the latest position of each unit. Batches are contiguous: each starts where the last ended.
 */
export class Fanout {
  private pending: { from: number; to: number; changes: Map<string, Change> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** The sequence number every client in the live room has been sent up to. */
  flushedSeq: number;

  /** `deferrable(actor)`: changes by this actor (automatic advice) may wait for the window too. */
  constructor(
    private readonly send: (batch: ChangeBatch) => void,
    private readonly coalesceMs: number,
    startSeq: number,
    private readonly deferrable?: (actor: string) => boolean,
  ) {
    this.flushedSeq = startSeq;
  }

  /** Commits in order; several at once (a stream read's) go out in one batch. */
  add(...commits: CommittedChange[]): void {
    if (commits.length === 0) return;
    this.pending ??= { from: this.flushedSeq, to: this.flushedSeq, changes: new Map() };
    let urgent = false;
    for (const committed of commits) {
      this.pending.to = committed.seq;
      // Positions and advice follow movement: they may wait for the window. So may the advice's
      // own marks on a call (a timeline line, unmet demand): nobody decided anything.
      const advice = this.deferrable?.(committed.by) ?? false;
      for (const c of committed.changes) {
        this.pending.changes.set(entityKey(c), c);
        if (!advice && (c.kind === 'call' || c.kind === 'unit' || c.kind === 'destination')) urgent = true;
      }
    }
    if (urgent || this.coalesceMs === 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.coalesceMs);
  }

  /** Sends what is pending now. Called before a client is given a snapshot or a replay, so
   *  that the next batch starts exactly where that client will be. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.flushedSeq = p.to;
    this.send(toLiveBatch(p.from, p.to, [...p.changes.values()]));
  }

  /** Forgets pending changes after the state was reloaded at `seq` (clients get new snapshots). */
  resetTo(seq: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    this.flushedSeq = seq;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

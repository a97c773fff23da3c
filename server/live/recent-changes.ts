import type { CommittedChange } from '../../shared/changes';

/**
 * The last N committed changes, in order, kept in memory so that a client resuming after a short
 * drop is caught up without a Redis read, and so that a replay read from the stream can be topped
 * up to the present in the same tick (no change can slip between replay and live batches).
 */
export class RecentChanges {
  private readonly ring: (CommittedChange | undefined)[];
  private start = 0;
  private size = 0;
  /** Entity changes held (a batch of positions is one commit of many changes). */
  private held = 0;

  /**
   * At most `capacity` commits and `maxChanges` entity changes: an AVL report of 1,000
   * positions is one commit, so a bound on commits alone would not bound memory.
   */
  constructor(
    readonly capacity: number,
    readonly maxChanges: number = capacity * 5,
  ) {
    this.ring = new Array(capacity);
  }

  push(change: CommittedChange): void {
    if (this.size === this.capacity) this.dropOldest();
    const end = (this.start + this.size) % this.capacity;
    this.ring[end] = change;
    this.size++;
    this.held += change.changes.length;
    while (this.held > this.maxChanges && this.size > 1) this.dropOldest();
  }

  private dropOldest(): void {
    const oldest = this.ring[this.start];
    this.held -= oldest?.changes.length ?? 0;
    this.ring[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.size--;
  }

  clear(): void {
    this.start = 0;
    this.size = 0;
    this.held = 0;
    this.ring.fill(undefined);
  }

  /** Changes with seq > afterSeq, or null when the ring no longer reaches back that far. */
  after(afterSeq: number): CommittedChange[] | null {
    if (this.size === 0) return null;
    const oldest = this.ring[this.start]!;
    if (oldest.seq > afterSeq + 1) return null;
    const out: CommittedChange[] = [];
    for (let i = 0; i < this.size; i++) {
      const c = this.ring[(this.start + i) % this.capacity]!;
      if (c.seq > afterSeq) out.push(c);
    }
    return out;
  }
}

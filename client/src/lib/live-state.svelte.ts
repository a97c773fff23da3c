import type { CallSummary } from '../../../shared/changes';
import type { ChangeBatch, Snapshot } from '../../../shared/changes';
import type { Destination } from '../../../shared/destination';
import type { Unit } from '../../../shared/unit';
import { applyBatches, fromSnapshot, recentlyFinished, type BatchesOutcome } from './apply-changes';

/** Finished calls kept for a supervisor to reopen: the last few, from this page's life only. */
const RECENTLY_FINISHED_MAX = 20;

/**
 * The board's copy of the live state. Collections are `$state.raw` and replaced whole: with
 * thousands of units, deep proxies would cost more than they give, and identity changes are
 * exactly what the map and lists need to know what to redraw.
 */
export class LiveState {
  calls = $state.raw<ReadonlyMap<string, CallSummary>>(new Map());
  /** Every unit with its current position; replaced each frame units move. */
  units = $state.raw<ReadonlyMap<string, Unit>>(new Map());
  /**
   * The same units, but replaced only when a unit document changes (status, callsign...), not
   * on position reports. Lists read this so they do not re-render 60 times a second while
   * units drive around. Positions inside it may be behind: use `units` for where things are.
   */
  roster = $state.raw<ReadonlyMap<string, Unit>>(new Map());
  /** Transport destinations with their free beds (few, and changed by people: replaced on each change). */
  destinations = $state.raw<ReadonlyMap<string, Destination>>(new Map());
  /** Last applied sequence number; null until the first snapshot. */
  seq = $state.raw<number | null>(null);
  /** The history `seq` counts in (from the snapshot); a resume carries it. */
  history: string | null = null;
  /** Calls closed or cancelled while this board was open, newest first (the server keeps no list). */
  finished = $state.raw<readonly CallSummary[]>([]);

  applySnapshot(snapshot: Snapshot, history: string | null = null): void {
    const next = fromSnapshot(snapshot);
    this.history = history;
    this.calls = next.calls;
    this.units = next.units;
    this.roster = next.units;
    this.destinations = next.destinations;
    this.seq = next.seq;
  }

  /** Apply batches in order. Before the first snapshot there is nothing to apply them to. */
  applyBatches(batches: readonly ChangeBatch[]): BatchesOutcome | null {
    if (this.seq === null || batches.length === 0) return null;
    const outcome = applyBatches({ seq: this.seq, calls: this.calls, units: this.units, destinations: this.destinations }, batches);
    this.calls = outcome.state.calls;
    this.units = outcome.state.units;
    this.destinations = outcome.state.destinations;
    if (outcome.unitDocsChanged) this.roster = outcome.state.units;
    this.finished = recentlyFinished(this.finished, outcome.finished, outcome.state.calls, RECENTLY_FINISHED_MAX);
    this.seq = outcome.state.seq;
    return outcome;
  }
}

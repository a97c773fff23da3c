import { isOpenCall } from '../../../shared/call';
import { expandCall } from '../../../shared/call-wire';
import {
  fromPositionTuple,
  mergeCallChange,
  withRecommendation,
  type CallSummary,
  type ChangeBatch,
  type LiveChange,
  type PositionTuple,
  type Snapshot,
} from '../../../shared/changes';
import type { Destination } from '../../../shared/destination';
import type { Unit } from '../../../shared/unit';

/**
 * Pure state transitions for the live board. Kept free of Svelte and the DOM so the rules that
 * decide what the board shows (sequence checks, removals, position merging) are unit-testable.
 * Inputs are never mutated: callers hand the results to `$state.raw` fields, and Svelte only
 * notices a change when it gets a new object.
 */

export interface LiveData {
  /** The sequence number of the last change applied. */
  seq: number;
  /** Open calls only (summaries: a drawer fetches the whole call): finished calls leave the board. */
  calls: ReadonlyMap<string, CallSummary>;
  units: ReadonlyMap<string, Unit>;
  /** Transport destinations and their free beds, by id. */
  destinations: ReadonlyMap<string, Destination>;
}

export type BatchVerdict = 'apply' | 'duplicate' | 'gap';

/**
 * What to do with a batch when we are at `seq`.
 * - `to <= seq`: everything in it is already applied (a repeat after a resume): ignore.
 * - `from > seq`: we missed commits in between: do not apply, ask the server to resume.
 * - otherwise `from <= seq < to`: apply. Usually `from === seq`. When `from < seq` (the batch
 *   overlaps what we have, e.g. a replay for an older resume that crossed a live batch) it is
 *   still safe: such batches carry calls and unit documents whole and positions are
 *   last-writer-wins, so re-applying a prefix we already hold ends in exactly the state at `to`.
 *   Asking to resume instead would only risk a resume loop. (Call patches hold only what changed
 *   since `from`: applyBatches takes an overlapping batch with patches as a gap. Live batches,
 *   the only ones with patches, never overlap.)
 */
export function classifyBatch(seq: number, batch: Pick<ChangeBatch, 'from' | 'to'>): BatchVerdict {
  if (batch.from > seq) return 'gap';
  if (batch.to <= seq) return 'duplicate';
  return 'apply';
}

/** The live state a snapshot describes. Finished calls are dropped even if a snapshot held them. */
export function fromSnapshot(snapshot: Snapshot): LiveData {
  const calls = new Map<string, CallSummary>();
  for (const call of snapshot.calls) if (isOpenCall(call)) calls.set(call.id, call);
  const units = new Map<string, Unit>();
  for (const unit of snapshot.units) units.set(unit.id, unit);
  const destinations = new Map(snapshot.destinations.map((d) => [d.id, d]));
  return { seq: snapshot.seq, calls, units, destinations };
}

export interface BatchesOutcome {
  state: LiveData;
  /** How many batches were applied (duplicates and gaps are not counted). */
  applied: number;
  /** The first batch refused because of a gap, if any: the caller must resume from `state.seq`. */
  gap: ChangeBatch | null;
  /** True when a unit document (not only a position) changed: lists need redrawing, not just the map. */
  unitDocsChanged: boolean;
  /** Calls closed or cancelled in these batches, as they left the board (oldest first). */
  finished: CallSummary[];
}

/**
 * Apply several batches in order, copying each collection at most once (many position batches
 * can queue up in one animation frame; a Map copy per batch would cost O(units) each). A
 * collection nobody touched keeps its identity, so views that read only calls do not redraw
 * when units move.
 */
export function applyBatches(state: LiveData, batches: readonly ChangeBatch[]): BatchesOutcome {
  let seq = state.seq;
  let calls: Map<string, CallSummary> | null = null;
  let units: Map<string, Unit> | null = null;
  let destinations: Map<string, Destination> | null = null;
  let applied = 0;
  let gap: ChangeBatch | null = null;
  let unitDocsChanged = false;
  const finished: CallSummary[] = [];

  for (const batch of batches) {
    const verdict = classifyBatch(seq, batch);
    if (verdict === 'gap') {
      gap ??= batch;
      continue;
    }
    if (verdict === 'duplicate') continue;
    // A patch applies to the call as it was at `from`: a screen that does not hold the call, or is
    // past `from`, resumes from here instead, before anything of the batch is applied (the
    // server then sends whole calls).
    if (batch.changes.some((c) => c.kind === 'callPatch' && (batch.from !== seq || !(calls ?? state.calls).has(c.id)))) {
      gap ??= batch;
      continue;
    }
    for (const change of batch.changes) {
      switch (change.kind) {
        case 'call':
        case 'callNew':
        case 'callPatch': {
          calls ??= new Map(state.calls);
          const call = wholeCall(calls, change);
          applyCall(calls, call);
          if (!isOpenCall(call)) finished.push(call);
          break;
        }
        case 'unit':
          units ??= new Map(state.units);
          applyUnitDoc(units, change);
          unitDocsChanged = true;
          break;
        case 'recommendation': {
          const call = (calls ?? state.calls).get(change.callId);
          if (!call) break;
          calls ??= new Map(state.calls);
          calls.set(change.callId, withRecommendation(call, change.recommendation));
          break;
        }
        case 'destination':
          destinations ??= new Map(state.destinations);
          destinations.set(change.destination.id, change.destination);
          break;
      }
    }
    if (batch.positions?.length) {
      units ??= new Map(state.units);
      for (const tuple of batch.positions) applyPosition(units, tuple);
    }
    seq = batch.to;
    applied++;
  }

  return {
    state: { seq, calls: calls ?? state.calls, units: units ?? state.units, destinations: destinations ?? state.destinations },
    applied,
    gap,
    unitDocsChanged,
    finished,
  };
}

/**
 * The calls that finished while the board watched, newest first, at most `max`: what a
 * supervisor may want to reopen. A call that is open again (reopened) drops out.
 */
export function recentlyFinished(
  before: readonly CallSummary[],
  finished: readonly CallSummary[],
  open: ReadonlyMap<string, CallSummary>,
  max: number,
): readonly CallSummary[] {
  if (finished.length === 0 && !before.some((c) => open.has(c.id))) return before;
  const seen = new Set<string>();
  const out: CallSummary[] = [];
  for (const call of [...finished].reverse().concat(before)) {
    if (seen.has(call.id) || open.has(call.id)) continue;
    seen.add(call.id);
    out.push(call);
    if (out.length >= max) break;
  }
  return out;
}

export type ApplyResult =
  | { kind: 'applied'; state: LiveData; unitDocsChanged: boolean }
  | { kind: 'duplicate'; state: LiveData }
  | { kind: 'gap'; state: LiveData; expected: number; from: number };

/** Apply one batch: the single-batch form of `applyBatches`, with the verdict spelled out. */
export function applyChanges(state: LiveData, batch: ChangeBatch): ApplyResult {
  const verdict = classifyBatch(state.seq, batch);
  if (verdict === 'gap') return { kind: 'gap', state, expected: state.seq, from: batch.from };
  if (verdict === 'duplicate') return { kind: 'duplicate', state };
  const outcome = applyBatches(state, [batch]);
  // A patch of a call this state lacks: as a gap, resume from here.
  if (outcome.gap) return { kind: 'gap', state, expected: state.seq, from: batch.from };
  return { kind: 'applied', state: outcome.state, unitDocsChanged: outcome.unitDocsChanged };
}

type CallChange = Extract<LiveChange, { kind: 'call' | 'callNew' | 'callPatch' }>;
type UnitChange = Extract<LiveChange, { kind: 'unit' }>;

/**
 * The call a change leaves: as sent, a new call with its defaults put back (shared/call-wire.ts),
 * or the held call with the fields a patch sets (an MH block, when set, comes whole; its advice
 * is kept by applyCall). A patch's call is there: applyBatches checked before applying.
 */
function wholeCall(calls: ReadonlyMap<string, CallSummary>, change: CallChange): CallSummary {
  if (change.kind === 'call') return change.call;
  if (change.kind === 'callNew') return expandCall(change.call);
  return { ...calls.get(change.id)!, ...change.set };
}

/** A call change replaces the call but not its recommendation, which travels on its own. */
function applyCall(calls: Map<string, CallSummary>, call: CallSummary): void {
  if (isOpenCall(call)) calls.set(call.id, mergeCallChange(calls.get(call.id), call));
  else calls.delete(call.id);
}

/** A unit document carries no position: keep the one we have (it travels separately). */
function applyUnitDoc(units: Map<string, Unit>, { unit }: UnitChange): void {
  const position = units.get(unit.id)?.position ?? null;
  units.set(unit.id, { ...unit, position });
}

/**
 * A position for a unit we do not know yet (its document is in a later batch, or was never
 * sent) is dropped: we cannot draw a unit without its type and status, and the next position
 * report will place it once the document arrives.
 */
function applyPosition(units: Map<string, Unit>, tuple: PositionTuple): void {
  const unit = units.get(tuple[0]);
  if (unit) units.set(tuple[0], { ...unit, position: fromPositionTuple(tuple) });
}

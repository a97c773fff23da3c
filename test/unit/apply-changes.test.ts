import { describe, expect, it } from 'vitest';
import type { Call, CallStatus } from '../../shared/call';
import { toPositionTuple, type ChangeBatch, type Snapshot } from '../../shared/changes';
import type { Position } from '../../shared/geo';
import type { Unit, UnitDoc } from '../../shared/unit';
import { applyBatches, applyChanges, classifyBatch, fromSnapshot, recentlyFinished, type LiveData } from '../../client/src/lib/apply-changes';
import { makeCall, makeUnit, T0 } from '../helpers/entities';

const call = (id: string, status: CallStatus = 'pending', version = 1): Call =>
  makeCall(id, { version, updatedAt: T0 + version, priority: 2, nature: 'EDP', location: { lat: 39.74, lon: -104.99, address: '1 Test St' }, status });

function unitDoc(id: string, status: UnitDoc['status'] = 'available', version = 1): UnitDoc {
  const { position: _none, ...doc } = makeUnit(id, {
    type: 'co_responder',
    status,
    version,
    capabilities: { cit: false, clinician: true, paramedic: false, languages: [] },
  });
  return doc;
}

function position(lat: number, lon: number, at = T0): Position {
  return { lat, lon, heading: null, at };
}

function unit(id: string, pos: Position | null): Unit {
  return { ...unitDoc(id), position: pos };
}

function snapshot(): Snapshot {
  return {
    seq: 10,
    calls: [call('c1'), call('c2')],
    units: [unit('u1', position(39.7, -105)), unit('u2', null)],
    destinations: [],
  };
}

const batch = (from: number, to: number, changes: ChangeBatch['changes']): ChangeBatch => ({ from, to, changes });
/** A batch carrying only positions, as tuples, the way the server sends a moving fleet. */
const moves = (from: number, to: number, ...ps: [string, Position][]): ChangeBatch => ({
  from,
  to,
  changes: [],
  positions: ps.map(([id, p]) => toPositionTuple(id, p)),
});

describe('fromSnapshot', () => {
  it('builds the live state at the snapshot sequence', () => {
    const state = fromSnapshot(snapshot());
    expect(state.seq).toBe(10);
    expect([...state.calls.keys()]).toEqual(['c1', 'c2']);
    expect([...state.units.keys()]).toEqual(['u1', 'u2']);
  });

  it('drops finished calls even if the snapshot holds them', () => {
    const snap = snapshot();
    snap.calls.push(call('c3', 'closed'));
    expect(fromSnapshot(snap).calls.has('c3')).toBe(false);
  });
});

describe('applyChanges', () => {
  it('applies a batch that starts at the current sequence, without mutating the input', () => {
    const state = fromSnapshot(snapshot());
    const updated = call('c1', 'dispatched', 2);
    const result = applyChanges(
      state,
      batch(10, 12, [
        { kind: 'call', call: updated },
        { kind: 'call', call: call('c4') },
      ]),
    );
    expect(result.kind).toBe('applied');
    expect(result.state.seq).toBe(12);
    expect(result.state.calls.get('c1')).toBe(updated);
    expect(result.state.calls.has('c4')).toBe(true);
    // The old state is untouched: the board relies on new identities to redraw.
    expect(state.seq).toBe(10);
    expect(state.calls.get('c1')?.status).toBe('pending');
    expect(state.calls.has('c4')).toBe(false);
    expect(result.state.calls).not.toBe(state.calls);
    // Units were not touched, so their collection keeps its identity.
    expect(result.state.units).toBe(state.units);
  });

  it('removes a call that is closed or cancelled', () => {
    const state = fromSnapshot(snapshot());
    const result = applyChanges(
      state,
      batch(10, 11, [
        { kind: 'call', call: call('c1', 'closed', 2) },
        { kind: 'call', call: call('c2', 'cancelled', 2) },
      ]),
    );
    expect(result.kind).toBe('applied');
    expect(result.state.calls.size).toBe(0);
  });

  it('keeps the current position when a unit document changes', () => {
    const state = fromSnapshot(snapshot());
    const result = applyChanges(state, batch(10, 11, [{ kind: 'unit', unit: unitDoc('u1', 'dispatched', 2) }]));
    expect(result.kind).toBe('applied');
    const u1 = result.state.units.get('u1');
    expect(u1?.status).toBe('dispatched');
    expect(u1?.version).toBe(2);
    expect(u1?.position).toEqual(position(39.7, -105));
    if (result.kind === 'applied') expect(result.unitDocsChanged).toBe(true);
  });

  it('adds a new unit from its document with no position yet', () => {
    const state = fromSnapshot(snapshot());
    const result = applyChanges(state, batch(10, 11, [{ kind: 'unit', unit: unitDoc('u9') }]));
    expect(result.state.units.get('u9')?.position).toBeNull();
  });

  it('sets only the position on a position change', () => {
    const state = fromSnapshot(snapshot());
    const before = state.units.get('u1');
    const moved = position(39.8, -104.9, T0 + 1_000);
    const result = applyChanges(state, moves(10, 11, ['u1', moved]));
    const after = result.state.units.get('u1');
    expect(after?.position).toEqual(moved);
    expect({ ...after, position: null }).toEqual({ ...before, position: null });
    if (result.kind === 'applied') expect(result.unitDocsChanged).toBe(false);
    // Calls were not touched.
    expect(result.state.calls).toBe(state.calls);
  });

  it('ignores a position for an unknown unit', () => {
    const state = fromSnapshot(snapshot());
    const result = applyChanges(state, moves(10, 11, ['nope', position(1, 1)]));
    expect(result.state.units.has('nope')).toBe(false);
    expect(result.state.seq).toBe(11);
  });

  it('reports a gap (from > seq) and does not apply it', () => {
    const state = fromSnapshot(snapshot());
    const result = applyChanges(state, batch(11, 12, [{ kind: 'call', call: call('c1', 'closed', 2) }]));
    expect(result).toMatchObject({ kind: 'gap', expected: 10, from: 11 });
    expect(result.state).toBe(state);
    expect(result.state.calls.has('c1')).toBe(true);
  });

  it('ignores a duplicate batch (to <= seq)', () => {
    const state = fromSnapshot(snapshot());
    const result = applyChanges(state, batch(8, 10, [{ kind: 'call', call: call('c1', 'closed', 2) }]));
    expect(result.kind).toBe('duplicate');
    expect(result.state).toBe(state);
  });

  it('applies a batch that overlaps what it already holds and ends at its `to`', () => {
    const state: LiveData = fromSnapshot(snapshot());
    const result = applyChanges(state, batch(8, 13, [{ kind: 'call', call: call('c2', 'onscene', 3) }]));
    expect(result.kind).toBe('applied');
    expect(result.state.seq).toBe(13);
    expect(result.state.calls.get('c2')?.status).toBe('onscene');
  });
});

describe('classifyBatch', () => {
  it('sorts batches into apply, duplicate and gap', () => {
    expect(classifyBatch(5, { from: 5, to: 6 })).toBe('apply');
    expect(classifyBatch(5, { from: 3, to: 5 })).toBe('duplicate');
    expect(classifyBatch(5, { from: 6, to: 7 })).toBe('gap');
  });
});

describe('applyBatches', () => {
  it('applies consecutive batches, skips duplicates, and reports the first gap', () => {
    const state = fromSnapshot(snapshot());
    const outcome = applyBatches(state, [
      moves(10, 11, ['u1', position(39.71, -105)]),
      batch(9, 11, [{ kind: 'call', call: call('c1', 'closed', 9) }]),
      moves(11, 12, ['u1', position(39.72, -105)]),
      batch(14, 15, [{ kind: 'call', call: call('c2', 'closed', 9) }]),
      batch(16, 17, []),
    ]);
    expect(outcome.applied).toBe(2);
    expect(outcome.state.seq).toBe(12);
    expect(outcome.gap).toEqual(batch(14, 15, [{ kind: 'call', call: call('c2', 'closed', 9) }]));
    expect(outcome.state.units.get('u1')?.position?.lat).toBe(39.72);
    // Neither the duplicate nor the gapped batch touched the calls.
    expect(outcome.state.calls).toBe(state.calls);
  });

  it('applies the replay that answers a gap', () => {
    const state = fromSnapshot(snapshot());
    const first = applyBatches(state, [batch(12, 13, [])]);
    expect(first.gap).not.toBeNull();
    const replay = applyBatches(first.state, [batch(10, 13, [{ kind: 'call', call: call('c1', 'closed', 2) }])]);
    expect(replay.gap).toBeNull();
    expect(replay.state.seq).toBe(13);
    expect(replay.state.calls.has('c1')).toBe(false);
  });
});

describe('recently finished calls', () => {
  it('reports the calls a batch closed or cancelled', () => {
    const state = fromSnapshot(snapshot());
    const out = applyBatches(state, [
      batch(10, 11, [
        { kind: 'call', call: call('c1', 'closed', 2) },
        { kind: 'call', call: call('c2', 'onscene', 2) },
      ]),
    ]);
    expect(out.finished.map((c) => [c.id, c.status])).toEqual([['c1', 'closed']]);
  });

  it('keeps the newest first, once each, at most max, and drops a call that is open again', () => {
    const open = new Map<string, Call>();
    let list = recentlyFinished([], [call('a', 'closed'), call('b', 'cancelled')], open, 3);
    expect(list.map((c) => c.id)).toEqual(['b', 'a']);
    list = recentlyFinished(list, [call('c', 'closed'), call('a', 'closed', 3)], open, 3);
    expect(list.map((c) => [c.id, c.version])).toEqual([
      ['a', 3],
      ['c', 1],
      ['b', 1],
    ]);
    expect(recentlyFinished(list, [call('d', 'closed')], open, 3).map((c) => c.id)).toEqual(['d', 'a', 'c']);
    // Reopened: back on the board, off the list.
    expect(recentlyFinished(list, [], new Map([['c', call('c', 'pending', 4)]]), 3).map((c) => c.id)).toEqual(['a', 'b']);
    // Nothing new: the same list, so nothing redraws.
    expect(recentlyFinished(list, [], open, 3)).toBe(list);
  });
});

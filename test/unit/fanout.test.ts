import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeBatch, CommittedChange } from '../../shared/changes';
import { Fanout } from '../../server/live/fanout';
import { RecentChanges } from '../../server/live/recent-changes';

const pos = (seq: number, unitId: string, lat: number): CommittedChange => ({
  seq,
  at: seq,
  by: 'sim',
  changes: [{ kind: 'position', unitId, position: { lat, lon: 0, heading: null, at: seq } }],
});

describe('fan-out batching', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('holds positions for the window and sends the latest of each unit in one contiguous batch', () => {
    const sent: ChangeBatch[] = [];
    const f = new Fanout((b) => sent.push(b), 100, 10);
    f.add(pos(11, 'a', 1));
    f.add(pos(12, 'b', 2));
    f.add(pos(13, 'a', 3));
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(100);
    // Positions travel as compact tuples: [unitId, lat, lon, heading, at].
    expect(sent).toEqual([
      {
        from: 10,
        to: 13,
        changes: [],
        positions: [
          ['a', 3, 0, null, 13],
          ['b', 2, 0, null, 12],
        ],
      },
    ]);
  });

  it('sends at once when a call or unit changes, taking pending positions along', () => {
    const sent: ChangeBatch[] = [];
    const f = new Fanout((b) => sent.push(b), 100, 0);
    f.add(pos(1, 'a', 1));
    f.add({ seq: 2, at: 2, by: 'x', changes: [{ kind: 'unit', unit: { id: 'a' } as never }] });
    expect(sent.map((b) => [b.from, b.to, b.changes.length, b.positions?.length])).toEqual([[0, 2, 1, 1]]);
    f.add(pos(3, 'a', 2));
    vi.advanceTimersByTime(100);
    expect(sent.map((b) => [b.from, b.to])).toEqual([
      [0, 2],
      [2, 3],
    ]);
    expect(f.flushedSeq).toBe(3);
  });

  it('sends the commits of one stream read as one batch, with the latest of each entity', () => {
    const sent: ChangeBatch[] = [];
    const f = new Fanout((b) => sent.push(b), 100, 0);
    const call = (seq: number, version: number): CommittedChange => ({
      seq,
      at: seq,
      by: 'x',
      changes: [{ kind: 'call', call: { id: 'c1', version } as never }],
    });
    f.add(call(1, 1), pos(2, 'a', 1), call(3, 2));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.from).toBe(0);
    expect(sent[0]!.to).toBe(3);
    expect(sent[0]!.changes).toEqual([{ kind: 'call', call: { id: 'c1', version: 2 } }]);
    expect(sent[0]!.positions).toEqual([['a', 1, 0, null, 2]]);
  });
});

describe('fan-out of automatic advice', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("lets the recommender's marks on a call wait for the window, but sends a person's change at once", () => {
    const sent: ChangeBatch[] = [];
    const f = new Fanout(
      (b) => sent.push(b),
      100,
      0,
      (actor) => actor === 'recommender',
    );
    const call = { id: 'c1', number: '1', notes: [], timeline: [], callerPhone: null, externalId: null } as never;
    f.add({ seq: 1, at: 1, by: 'recommender', changes: [{ kind: 'call', call }] });
    expect(sent).toHaveLength(0);
    f.add({ seq: 2, at: 2, by: 'dispatcher-ann', changes: [{ kind: 'call', call }] });
    expect(sent.map((b) => [b.from, b.to])).toEqual([[0, 2]]);
    f.add({ seq: 3, at: 3, by: 'recommender', changes: [{ kind: 'call', call }] });
    vi.advanceTimersByTime(100);
    expect(sent.map((b) => [b.from, b.to])).toEqual([
      [0, 2],
      [2, 3],
    ]);
  });
});

describe('recent changes', () => {
  it('holds at most its number of entity changes, however few commits carry them', () => {
    const r = new RecentChanges(100, 10);
    const fleetReport = (seq: number): CommittedChange => ({
      seq,
      at: seq,
      by: 'avl',
      changes: Array.from({ length: 4 }, (_, i) => pos(seq, `u${i}`, seq).changes[0]!),
    });
    for (let s = 1; s <= 5; s++) r.push(fleetReport(s));
    // 5 commits of 4 changes: only the newest that fit in 10 changes remain.
    expect(r.after(3)!.map((c) => c.seq)).toEqual([4, 5]);
    expect(r.after(2)).toBeNull();
  });

  it('answers from memory while it reaches back, and says when it does not', () => {
    const r = new RecentChanges(3);
    for (let s = 1; s <= 5; s++) r.push(pos(s, 'a', s));
    expect(r.after(2)!.map((c) => c.seq)).toEqual([3, 4, 5]);
    expect(r.after(4)!.map((c) => c.seq)).toEqual([5]);
    expect(r.after(5)).toEqual([]);
    expect(r.after(1)).toBeNull();
  });
});

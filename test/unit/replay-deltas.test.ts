import { describe, expect, it } from 'vitest';
import { changedFields, EntityTrack, type RecordedEntity } from '../../server/replay/replay-deltas';

type Doc = { id: string; status: string; version: number; units: string[]; note: string | null };
const finished = (d: Doc) => d.status === 'closed';

describe('replay deltas', () => {
  it('records only the fields that changed, and the reader rebuilds every version whole', () => {
    const v1: Doc = { id: 'c1', status: 'pending', version: 1, units: [], note: 'x' };
    const v2: Doc = { ...v1, status: 'dispatched', version: 2, units: ['u1'] };
    const v3: Doc = { ...v2, version: 3, note: null };
    const writer = new EntityTrack<Doc>([], finished);
    const records = [v1, v2, v3].map((v) => writer.encode(v));
    expect(records[0]).toEqual({ id: 'c1', f: v1 });
    expect(records[1]).toEqual({ id: 'c1', s: { status: 'dispatched', version: 2, units: ['u1'] } });
    expect(records[2]).toEqual({ id: 'c1', s: { version: 3, note: null } });
    const reader = new EntityTrack<Doc>([], finished);
    expect(records.map((r) => reader.decode(r))).toEqual([v1, v2, v3]);
  });

  it('writes a call whole again after it finished, so a reader starting from a keyframe without it can follow', () => {
    const live: Doc = { id: 'c2', status: 'onscene', version: 4, units: ['u1'], note: null };
    const closed = { ...live, status: 'closed', version: 5, units: [] };
    const reopened = { ...closed, status: 'pending', version: 6 };
    const writer = new EntityTrack<Doc>([live], finished);
    writer.encode(closed);
    const record = writer.encode(reopened);
    expect(record).toEqual({ id: 'c2', f: reopened });
    // A reader whose keyframe came after the close (the call is not in it) gets it whole.
    expect(new EntityTrack<Doc>([], finished).decode(record)).toEqual(reopened);
  });

  it('leaves out a delta whose base it never saw (a gap), and reads entries recorded whole before deltas', () => {
    const reader = new EntityTrack<Doc>([], finished);
    expect(reader.decode({ id: 'zz', s: { version: 9 } } as RecordedEntity)).toBeNull();
    const old: Doc = { id: 'c3', status: 'pending', version: 1, units: [], note: null };
    expect(reader.decode(old)).toEqual(old);
    expect(changedFields(old, { ...old, units: ['u2'] })).toEqual({ units: ['u2'] });
  });
});

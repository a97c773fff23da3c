import { describe, expect, it } from 'vitest';
import { newCall, patchCall } from '../../server/domain/calls';
import { DomainError } from '../../server/domain/errors';

const T0 = 1_800_000_000_000;
const ctx = (by: string, now = T0) => ({ by, now });
const fresh = () =>
  newCall({ nature: 'EDP', priority: 2, location: { lat: 39.7, lon: -104.9 } }, { id: 'c1', number: '2026-000001' }, [], ctx('cad', T0 - 60_000), 'cad');

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('field-level edits of a call', () => {
  it('lets two people who saw the same version change different fields: both land', () => {
    const seen = fresh();
    const bySupervisor = patchCall(seen, [], { weapons: 'yes' }, [], seen.version, ctx('supervisor-sam')).call;
    const byDispatcher = patchCall(bySupervisor, [], { violence: 'yes' }, [], seen.version, ctx('dispatcher-dee', T0 + 5_000)).call;
    expect(byDispatcher.mh).toMatchObject({ weapons: 'yes', violence: 'yes' });
    expect(byDispatcher.fieldEdits?.violence).toEqual({ version: byDispatcher.version, by: 'dispatcher-dee', at: T0 + 5_000, from: 'unknown', to: 'yes' });
  });

  it('refuses an edit of the same field made on the older view, naming the field, from what to what, by whom and when, without versions', () => {
    const seen = fresh();
    const changed = patchCall(seen, [], { priority: 1 }, [], seen.version, ctx('supervisor-sam')).call;
    const err = refusal(() => patchCall(changed, [], { priority: 3 }, [], seen.version, ctx('dispatcher-dee', T0 + 12_000)));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('priority of call 2026-000001 was changed by supervisor-sam 12 s ago, from P2 to P1, after you looked; your change was not saved');
    expect(err.message).not.toMatch(/version/);
    expect(err.details).toEqual({ field: 'priority', from: 'P2', to: 'P1', by: 'supervisor-sam', at: T0 });
  });

  it("keeps the caller's language as one more field: set and cleared on the timeline, a second edit on the old view refused by name", () => {
    const seen = fresh();
    const set = patchCall(seen, [], { language: 'Spanish' }, [], seen.version, ctx('dispatcher-dee')).call;
    expect(set.language).toBe('Spanish');
    expect(set.timeline.at(-1)).toMatchObject({ kind: 'language', text: "Caller's language: Spanish" });
    // A priority change on the old view lands; another language on it does not.
    expect(patchCall(set, [], { priority: 1 }, [], seen.version, ctx('supervisor-sam')).call).toMatchObject({ priority: 1, language: 'Spanish' });
    const err = refusal(() => patchCall(set, [], { language: 'Amharic' }, [], seen.version, ctx('supervisor-sam', T0 + 3_000)));
    expect(err.message).toBe(
      "the caller's language of call 2026-000001 was changed by dispatcher-dee 3 s ago, from not set to Spanish, after you looked; your change was not saved",
    );
    const cleared = patchCall(set, [], { language: null }, [], set.version, ctx('dispatcher-dee')).call;
    expect(cleared.language).toBeNull();
    expect(cleared.timeline.at(-1)).toMatchObject({ kind: 'language', text: "Caller's language cleared" });
  });

  it('never refuses a note for a stale view (notes are appended), and still judges a call without a record whole', () => {
    const seen = fresh();
    const changed = patchCall(seen, [], { priority: 1 }, [], seen.version, ctx('supervisor-sam')).call;
    expect(patchCall(changed, [], { note: 'caller called back' }, [], seen.version, ctx('dispatcher-dee')).call.notes).toHaveLength(1);
    const { fieldEdits: _none, ...legacy } = changed;
    expect(refusal(() => patchCall(legacy, [], { weapons: 'no' }, [], seen.version, ctx('dispatcher-dee'))).code).toBe('conflict');
  });
});

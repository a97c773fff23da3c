import { describe, expect, it } from 'vitest';
import type { Recommendation } from '../../shared/call';
import { summarize, withRecommendation, type CallSummary, type ChangeBatch } from '../../shared/changes';
import { applyBatches, fromSnapshot } from '../../client/src/lib/apply-changes';
import { CallPatchEncoder, summaryPatch } from '../../server/live/call-patches';
import { compactCall, expandCall } from '../../shared/call-wire';
import { makeCall, T0 } from '../helpers/entities';

const summary = (id: string, over: Parameters<typeof makeCall>[1] = {}, mh: Parameters<typeof makeCall>[2] = {}): CallSummary =>
  summarize(makeCall(id, { location: { lat: 39.74, lon: -104.99, address: '1 Test St' }, ...over }, mh));
const batch = (from: number, ...calls: CallSummary[]): ChangeBatch => ({ from, to: from + 1, changes: calls.map((call) => ({ kind: 'call', call })) });

describe('call patches on the live wire', () => {
  it('sends a call new to the room without its defaults, then only the fields that changed', () => {
    const encoder = new CallPatchEncoder();
    const first = summary('c1');
    const [sent] = encoder.encode(batch(0, first)).changes;
    expect(sent).toEqual({ kind: 'callNew', call: compactCall(first) });
    expect(expandCall(compactCall(first))).toEqual(first);
    expect(JSON.stringify(sent).length).toBeLessThan(JSON.stringify(first).length * 0.75);
    const assigned = { ...first, version: 2, updatedAt: T0 + 5, status: 'dispatched' as const, assignedUnitIds: ['u1'] };
    const [patch] = encoder.encode(batch(1, assigned)).changes;
    expect(patch).toEqual({ kind: 'callPatch', id: 'c1', set: { version: 2, updatedAt: T0 + 5, status: 'dispatched', assignedUnitIds: ['u1'] } });
    // Far smaller than the call: the issue measured 741 bytes a call change against 211 needed.
    expect(JSON.stringify(patch).length).toBeLessThan(JSON.stringify(assigned).length / 2);
  });

  it('forgets a finished call and everything when told, so those go whole again', () => {
    const encoder = new CallPatchEncoder();
    const c = summary('c1');
    encoder.encode(batch(0, c));
    const closed = { ...c, version: 2, status: 'closed' as const, disposition: 'resolved_on_scene' as const };
    expect(encoder.encode(batch(1, closed)).changes[0]!.kind).toBe('callPatch');
    const reopened = { ...closed, version: 3, status: 'pending' as const, disposition: null };
    expect(encoder.encode(batch(2, reopened)).changes[0]!.kind).toBe('callNew');
    encoder.forget();
    expect(encoder.encode(batch(3, { ...reopened, version: 4 })).changes[0]!.kind).toBe('callNew');
  });

  it('goes without a patch when a field went away (a patch cannot say "removed")', () => {
    const withLanguage = summary('c1', { language: 'Spanish' });
    const { language: _gone, ...without } = withLanguage;
    expect(summaryPatch(withLanguage, { ...without, version: 2 })).toBeNull();
    expect(summaryPatch(withLanguage, { ...withLanguage, language: null })).toEqual({ language: null });
  });

  it('a screen applying the patches holds what it would hold from whole calls, advice kept', () => {
    const encoder = new CallPatchEncoder();
    const advice: Recommendation = { model: 'alternative', unitIds: ['t1'], rationale: 'Send T1.', computedAt: T0 };
    const c1 = summary('c1');
    const c2 = summary('c2', { priority: 1 });
    const steps: CallSummary[][] = [
      [c1, c2],
      [{ ...c1, version: 2, priority: 1 }],
      [
        { ...c1, version: 3, priority: 1, mh: { ...c1.mh, weapons: 'yes' } },
        { ...c2, version: 2, status: 'cancelled' },
      ],
    ];
    let viaPatches = fromSnapshot({ seq: 0, calls: [], units: [], destinations: [] });
    let viaWhole = viaPatches;
    steps.forEach((calls, i) => {
      const whole = batch(i, ...calls);
      const sent = encoder.encode(whole);
      viaPatches = applyBatches(viaPatches, [sent]).state;
      viaWhole = applyBatches(viaWhole, [whole]).state;
      // The advice travels apart: a screen keeps it through patches of the call's MH block.
      if (i === 0) {
        viaPatches = { ...viaPatches, calls: new Map(viaPatches.calls).set('c1', withRecommendation(viaPatches.calls.get('c1')!, advice)) };
        viaWhole = { ...viaWhole, calls: new Map(viaWhole.calls).set('c1', withRecommendation(viaWhole.calls.get('c1')!, advice)) };
      }
    });
    expect(viaPatches.calls).toEqual(viaWhole.calls);
    expect(viaPatches.calls.get('c1')!.mh).toMatchObject({ weapons: 'yes', recommendation: advice });
    expect(viaPatches.calls.has('c2')).toBe(false);
  });

  it('a batch of patches that overlaps what a screen holds is taken as a gap (a patch holds only what changed since its start)', () => {
    const state = fromSnapshot({ seq: 6, calls: [summary('c1')], units: [], destinations: [] });
    const out = applyBatches(state, [{ from: 5, to: 7, changes: [{ kind: 'callPatch', id: 'c1', set: { priority: 1 } }] }]);
    expect(out.gap).not.toBeNull();
    expect(out.state.seq).toBe(6);
  });

  it('a screen that lacks a patched call applies nothing of the batch and resumes from where it was', () => {
    const state = fromSnapshot({ seq: 5, calls: [summary('c1')], units: [], destinations: [] });
    const out = applyBatches(state, [
      {
        from: 5,
        to: 6,
        changes: [
          { kind: 'callPatch', id: 'c1', set: { priority: 1 } },
          { kind: 'callPatch', id: 'unknown', set: { priority: 1 } },
        ],
      },
    ]);
    expect(out.gap).not.toBeNull();
    expect(out.state.seq).toBe(5);
    expect(out.state.calls.get('c1')!.priority).toBe(3);
  });
});

describe('a new call on the wire', () => {
  it('comes back exactly as it was, whatever it already holds', () => {
    const advice: Recommendation = { model: 'co_response', unitIds: ['u1'], rationale: 'Send U1.', computedAt: T0 };
    const busy = summary(
      'c9',
      { version: 4, updatedAt: T0 + 9, statusSince: T0 + 5, status: 'onscene', assignedUnitIds: ['u1'], assignedAt: T0 + 2, language: 'Spanish' },
      { reasons: ['keyword'], keywords: ['voices'], weapons: 'no', violence: 'yes', recommendation: advice, unmetSince: T0 + 1 },
    );
    expect(expandCall(compactCall(busy))).toEqual(busy);
    const closed = summary('c8', { status: 'closed', disposition: 'referred_988' }, { flagged: false, reasons: [] });
    expect(expandCall(compactCall(closed))).toEqual(closed);
  });
});

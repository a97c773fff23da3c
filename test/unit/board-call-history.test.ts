import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import { callHistory } from '../../client/src/lib/call-history';

const T0 = 1_760_000_000_000;
type Parts = Pick<Call, 'timeline' | 'notes'>;

describe('call history (timeline and notes, newest first)', () => {
  it('merges both lists by time, newest first', () => {
    const call: Parts = {
      timeline: [
        { at: T0, by: 'cad', kind: 'created', text: 'Call created' },
        { at: T0 + 2_000, by: 'disp-a', kind: 'assigned', text: 'CR4 assigned' },
        { at: T0 + 4_000, by: 'disp-a', kind: 'unit_status', text: 'CR4 on scene' },
      ],
      notes: [
        { at: T0 + 1_000, by: 'cad', text: 'caller is calm' },
        { at: T0 + 3_000, by: 'disp-b', text: 'neighbour called too' },
      ],
    };
    expect(callHistory(call).map((l) => [l.kind, l.text])).toEqual([
      ['unit_status', 'CR4 on scene'],
      ['note', 'neighbour called too'],
      ['assigned', 'CR4 assigned'],
      ['note', 'caller is calm'],
      ['created', 'Call created'],
    ]);
  });

  it('keeps a stable order at the same millisecond: the note written with the call above its creation', () => {
    const call: Parts = {
      timeline: [
        { at: T0, by: 'cad', kind: 'created', text: 'Call created' },
        { at: T0, by: 'cad', kind: 'flagged', text: 'Flagged' },
      ],
      notes: [{ at: T0, by: 'cad', text: 'first words' }],
    };
    const lines = callHistory(call);
    expect(lines.map((l) => l.text)).toEqual(['first words', 'Flagged', 'Call created']);
    expect(new Set(lines.map((l) => l.key)).size).toBe(3);
    expect(callHistory(call)).toEqual(lines);
  });

  it('keeps who and when on every line', () => {
    const [line] = callHistory({ timeline: [], notes: [{ at: T0, by: 'disp-a', text: 'hi' }] });
    expect(line).toMatchObject({ at: T0, by: 'disp-a', kind: 'note', text: 'hi' });
  });
});

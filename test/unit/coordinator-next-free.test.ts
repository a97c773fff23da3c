import { describe, expect, it } from 'vitest';
import { nextFree, nextFreeText } from '../../client/src/coordinator/next-free';
import type { UnitStatus, UnitType } from '../../shared/unit';

const T0 = 1_760_000_000_000;
const MIN = 60_000;
const limits = { onSceneMinutes: { crisis_team: 75, co_responder: 60 } };

const team = (status: UnitStatus, over: { type?: UnitType; statusSince?: number; shift?: { start: string; end: string } | null } = {}) => ({
  type: over.type ?? ('crisis_team' as UnitType),
  status,
  statusSince: over.statusSince ?? T0,
  shift: over.shift ?? null,
});

describe('next-free estimate', () => {
  it('on scene: the typical on-scene time of its type minus the time already there', () => {
    const est = nextFree({ unit: team('onscene', { statusSince: T0 - 30 * MIN }), now: T0, limits, onShift: true });
    expect(est).toEqual({ kind: 'minutes', minutes: 45 });
    expect(nextFreeText(est)).toBe('in ~45 min');
    // Partial minutes round up: 20.5 min on scene of 60 leaves ~40.
    expect(nextFree({ unit: team('onscene', { type: 'co_responder', statusSince: T0 - 20.5 * MIN }), now: T0, limits, onShift: true })).toEqual({
      kind: 'minutes',
      minutes: 40,
    });
  });

  it('on scene past the typical time: any minute, never a negative number', () => {
    const est = nextFree({ unit: team('onscene', { statusSince: T0 - 90 * MIN }), now: T0, limits, onShift: true });
    expect(est).toEqual({ kind: 'overdue' });
    expect(nextFreeText(est)).toMatch(/any minute/i);
    expect(nextFree({ unit: team('onscene', { statusSince: T0 - 75 * MIN }), now: T0, limits, onShift: true }).kind).toBe('overdue');
  });

  it('on scene with no configured typical time for its type: after the call', () => {
    expect(nextFree({ unit: team('onscene'), now: T0, limits: { onSceneMinutes: {} }, onShift: true })).toEqual({ kind: 'after_call' });
  });

  it('dispatched or en route: travel left is unknown, so "after this call"', () => {
    for (const status of ['dispatched', 'enroute'] as const) {
      const est = nextFree({ unit: team(status), now: T0, limits, onShift: true });
      expect(est).toEqual({ kind: 'after_call' });
      expect(nextFreeText(est)).toBe('After this call');
    }
    expect(nextFree({ unit: team('transporting'), now: T0, limits, onShift: true })).toEqual({ kind: 'after_transport' });
  });

  it('available on shift: free now', () => {
    expect(nextFreeText(nextFree({ unit: team('available'), now: T0, limits, onShift: true }))).toBe('Free now');
  });

  it('off shift or off duty: from the start of its shift', () => {
    const shift = { start: '07:00', end: '19:00' };
    expect(nextFree({ unit: team('available', { shift }), now: T0, limits, onShift: false })).toEqual({ kind: 'from', clock: '07:00' });
    const offDuty = nextFree({ unit: team('off_duty', { shift }), now: T0, limits, onShift: false });
    expect(nextFreeText(offDuty)).toBe('From 07:00');
  });

  it('off duty with no shift, or out of service: says it cannot tell', () => {
    expect(nextFreeText(nextFree({ unit: team('off_duty'), now: T0, limits, onShift: true }))).toBe('Off duty, no shift set');
    expect(nextFreeText(nextFree({ unit: team('out_of_service'), now: T0, limits, onShift: true }))).toBe('Out of service');
  });
});

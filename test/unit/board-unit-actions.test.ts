import { describe, expect, it } from 'vitest';
import { UNIT_STATUSES } from '../../shared/unit';
import { UNIT_TRANSITIONS } from '../../shared/transitions';
import { isLastOnCall, needsDisposition, nextStatuses } from '../../client/src/lib/unit-actions';

describe('status buttons offered for a unit', () => {
  it('offers only moves in the transition table, never "dispatched" (that is what assigning does)', () => {
    for (const status of UNIT_STATUSES) {
      for (const currentCallId of [null, 'c1']) {
        const offered = nextStatuses({ status, currentCallId });
        expect(offered).not.toContain('dispatched');
        for (const to of offered) expect(UNIT_TRANSITIONS[status]).toContain(to);
      }
    }
  });

  it('walks a unit on a call through en route, on scene and clear', () => {
    expect(nextStatuses({ status: 'dispatched', currentCallId: 'c1' })).toEqual(['enroute', 'onscene', 'available']);
    expect(nextStatuses({ status: 'enroute', currentCallId: 'c1' })).toEqual(['onscene', 'available']);
    expect(nextStatuses({ status: 'onscene', currentCallId: 'c1' })).toEqual(['transporting', 'available']);
  });

  it('does not offer call statuses to a unit with no call', () => {
    expect(nextStatuses({ status: 'available', currentCallId: null })).toEqual(['out_of_service', 'off_duty']);
  });
});

describe('clearing the last unit', () => {
  const call = { status: 'onscene' as const, assignedUnitIds: ['u1'] };

  it('asks how the call ended when the last unit leaves a worked call', () => {
    expect(isLastOnCall(call, 'u1')).toBe(true);
    expect(needsDisposition(call, { id: 'u1' }, 'available')).toBe(true);
  });

  it('does not ask when other units stay, or when the unit only moves on', () => {
    expect(needsDisposition({ ...call, assignedUnitIds: ['u1', 'u2'] }, { id: 'u1' }, 'available')).toBe(false);
    expect(needsDisposition(call, { id: 'u1' }, 'transporting')).toBe(false);
    expect(needsDisposition({ ...call, status: 'pending' }, { id: 'u1' }, 'available')).toBe(false);
  });
});

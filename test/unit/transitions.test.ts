import { describe, expect, it } from 'vitest';
import { CALL_STATUSES } from '../../shared/call';
import { CALL_TRANSITIONS, UNIT_TRANSITIONS, canCallMove, canUnitMove } from '../../shared/transitions';
import { UNIT_STATUSES } from '../../shared/unit';

describe('status transition tables', () => {
  it('name only real statuses and never a move to the same status', () => {
    for (const [from, tos] of Object.entries(UNIT_TRANSITIONS)) {
      expect(UNIT_STATUSES).toContain(from);
      for (const to of tos) expect(to).not.toBe(from);
    }
    for (const [from, tos] of Object.entries(CALL_TRANSITIONS)) {
      expect(CALL_STATUSES).toContain(from);
      for (const to of tos) expect(to).not.toBe(from);
    }
  });

  it('let every unit status come back to available', () => {
    for (const s of UNIT_STATUSES) if (s !== 'available') expect(canUnitMove(s, 'available')).toBe(true);
  });

  it('follow the unit lifecycle and refuse skipping back into it', () => {
    expect(canUnitMove('available', 'dispatched')).toBe(true);
    expect(canUnitMove('dispatched', 'enroute')).toBe(true);
    expect(canUnitMove('enroute', 'onscene')).toBe(true);
    expect(canUnitMove('onscene', 'transporting')).toBe(true);
    expect(canUnitMove('available', 'onscene')).toBe(false);
    expect(canUnitMove('transporting', 'enroute')).toBe(false);
    expect(canUnitMove('off_duty', 'dispatched')).toBe(false);
  });

  it('let finished calls only be reopened', () => {
    expect(CALL_TRANSITIONS.closed).toEqual(['pending']);
    expect(CALL_TRANSITIONS.cancelled).toEqual(['pending']);
    expect(canCallMove('pending', 'onscene')).toBe(false);
    expect(canCallMove('onscene', 'closed')).toBe(true);
  });
});

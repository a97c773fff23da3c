import { describe, expect, it } from 'vitest';
import { rosterRows, shiftState, teamCounts } from '../../client/src/coordinator/roster';
import type { Call } from '../../shared/call';
import type { TimerLimits } from '../../shared/timers';
import type { Unit } from '../../shared/unit';
import { makeCall, makeUnit, T0 } from '../helpers/entities';

const MIN = 60_000;
const LIMITS: TimerLimits = {
  onSceneMinutes: { crisis_team: 75, co_responder: 75, law: 60 },
  checkInMinutes: 20,
  waitSeconds: { '1': 60, '2': 180, '3': 600, '4': 1200, '5': 1800 },
};

const unit = (id: string, over: Partial<Unit> = {}): Unit =>
  makeUnit(id, {
    type: 'crisis_team',
    capabilities: { cit: false, clinician: true, paramedic: true, languages: [] },
    position: { lat: 39.74, lon: -104.99, heading: null, at: T0 },
    ...over,
  });

const call = (id: string, over: Partial<Call> = {}): Call =>
  makeCall(id, { priority: 2, nature: 'EDP', location: { lat: 39.75, lon: -104.99 }, status: 'onscene', ...over });

const rowsOf = (units: Unit[], calls: Call[] = [], now = T0, minuteOfDay = 12 * 60) =>
  rosterRows({ units, calls: new Map(calls.map((c) => [c.id, c])), now, limits: LIMITS, minuteOfDay });

describe('shift window', () => {
  it('says the window and whether the unit is inside it, over midnight too', () => {
    expect(shiftState({ start: '07:00', end: '19:00' }, 12 * 60)).toEqual({ text: '07:00–19:00', on: true });
    expect(shiftState({ start: '07:00', end: '19:00' }, 20 * 60)).toEqual({ text: '07:00–19:00', on: false });
    expect(shiftState({ start: '22:00', end: '06:00' }, 2 * 60).on).toBe(true);
    expect(shiftState({ start: '22:00', end: '06:00' }, 12 * 60).on).toBe(false);
  });

  it('reads a same start and end as all day, and no window as not set', () => {
    expect(shiftState({ start: '00:00', end: '00:00' }, 3 * 60)).toEqual({ text: 'All day', on: true });
    expect(shiftState(null, 3 * 60)).toEqual({ text: 'No shift set', on: null });
  });
});

describe('roster rows', () => {
  it("uses the type's hours of service for a unit with no shift of its own", () => {
    const rows = rosterRows({
      units: [unit('a', { shift: null })],
      calls: new Map(),
      now: T0,
      limits: LIMITS,
      minuteOfDay: 23 * 60,
      hoursOfService: { crisis_team: { start: '06:00', end: '22:00' } },
    });
    expect(rows[0]!.shift).toEqual({ text: '06:00–22:00', on: false });
    // Available, but the program has closed: off until it opens again, not "free now".
    expect(rows[0]!.availability).toBe('off');
    expect(rows[0]!.nextFree).toEqual({ kind: 'from', clock: '06:00' });
    expect(teamCounts(rows)).toMatchObject({ free: 0, off: 1 });
  });

  it('lists only co-responders and crisis teams', () => {
    const rows = rowsOf([unit('a'), unit('p', { type: 'law' }), unit('c', { type: 'co_responder' }), unit('e', { type: 'ems' })]);
    expect(rows.map((r) => r.unit.id).sort()).toEqual(['a', 'c']);
  });

  it('puts missed check-ins first, then free, busy and off, longest in status first', () => {
    const c1 = call('c1', { assignedUnitIds: ['late'] });
    const rows = rowsOf(
      [
        unit('off', { status: 'off_duty', statusSince: T0 - 100 * MIN }),
        unit('busy', { status: 'enroute', statusSince: T0 - 5 * MIN, currentCallId: 'c1' }),
        unit('free-new', { statusSince: T0 - 1 * MIN }),
        unit('free-old', { statusSince: T0 - 30 * MIN }),
        unit('late', { status: 'onscene', statusSince: T0 - 25 * MIN, currentCallId: 'c1' }),
      ],
      [c1],
    );
    expect(rows.map((r) => r.unit.id)).toEqual(['late', 'free-old', 'free-new', 'busy', 'off']);
  });

  it('ticks the time in status and names the call, with police on it', () => {
    const c1 = call('c1', { assignedUnitIds: ['t', 'cop', 'medic'] });
    const rows = rowsOf(
      [
        unit('t', { status: 'onscene', statusSince: T0 - 90_500, currentCallId: 'c1' }),
        unit('cop', { type: 'law', callsign: 'P-7', status: 'onscene', currentCallId: 'c1' }),
        unit('medic', { type: 'ems', status: 'onscene', currentCallId: 'c1' }),
      ],
      [c1],
    );
    const row = rows[0]!;
    expect(row.secondsInStatus).toBe(90);
    expect(row.call).toEqual({ id: 'c1', number: '2026-c1', nature: 'EDP', police: [{ callsign: 'P-7', status: 'onscene' }] });
  });

  it('has a check-in timer only on scene, counting from the last check-in', () => {
    const c1 = call('c1');
    const onScene = unit('t', { status: 'onscene', statusSince: T0 - 30 * MIN, lastCheckInAt: T0 - 5 * MIN, currentCallId: 'c1' });
    const [row] = rowsOf([onScene], [c1]);
    expect(row!.checkIn).toEqual({ dueInSeconds: 15 * 60, missed: false });
    const [missed] = rowsOf([{ ...onScene, lastCheckInAt: null }], [c1]);
    expect(missed!.checkIn).toEqual({ dueInSeconds: -10 * 60, missed: true });
    const [enroute] = rowsOf([unit('e', { status: 'enroute', currentCallId: 'c1' })], [c1]);
    expect(enroute!.checkIn).toBeNull();
  });

  it('flags a team on scene past its limit and estimates when each team is free', () => {
    const c1 = call('c1');
    const rows = rowsOf(
      [
        unit('long', { status: 'onscene', statusSince: T0 - 80 * MIN, lastCheckInAt: T0, currentCallId: 'c1' }),
        unit('short', { status: 'onscene', statusSince: T0 - 15 * MIN, currentCallId: 'c1' }),
        unit('night', { shift: { start: '22:00', end: '06:00' } }),
      ],
      [c1],
    );
    const by = new Map(rows.map((r) => [r.unit.id, r]));
    expect(by.get('long')!.overdue).toBe(true);
    expect(by.get('long')!.nextFree).toEqual({ kind: 'overdue' });
    expect(by.get('short')!.overdue).toBe(false);
    expect(by.get('short')!.nextFree).toEqual({ kind: 'minutes', minutes: 60 });
    // Available but outside its night shift at noon: free from the shift's start.
    expect(by.get('night')!.shift.on).toBe(false);
    expect(by.get('night')!.nextFree).toEqual({ kind: 'from', clock: '22:00' });
  });

  it('does not name a call that has left the board', () => {
    const [row] = rowsOf([unit('t', { status: 'enroute', currentCallId: 'gone' })]);
    expect(row!.call).toBeNull();
  });

  it('counts free, busy, off and missed check-ins', () => {
    const rows = rowsOf([unit('a'), unit('b'), unit('c', { status: 'onscene', statusSince: T0 - 30 * MIN }), unit('d', { status: 'out_of_service' })]);
    expect(teamCounts(rows)).toEqual({ free: 2, busy: 1, off: 1, missed: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { inService } from '../../shared/clock';
import type { Call } from '../../shared/call';
import type { DispatchStats } from '../../shared/stats';
import type { Unit } from '../../shared/unit';
import { needsRefit } from '../../client/src/map/refit';
import { coResponseCounts, formatMinSec, formatUtilization, openByPriority, openMhCount, wallKpis } from '../../client/src/wall/kpis';

type CallPart = Pick<Call, 'priority' | 'status' | 'mh'>;
const call = (priority: number, mh = false, status: Call['status'] = 'pending'): CallPart => ({
  priority,
  status,
  mh: { flagged: mh } as Call['mh'],
});
let made = 0;
/** A unit whose callsign says what it is and how it was made: "co_responder available #3". */
const unit = (type: Unit['type'], status: Unit['status'], shift: Unit['shift'] = null): Pick<Unit, 'type' | 'status' | 'shift' | 'callsign'> => ({
  type,
  status,
  shift,
  callsign: `${type} ${status} #${++made}`,
});

describe('open calls by priority', () => {
  it('counts every priority, with zeros for the missing ones', () => {
    expect(openByPriority([call(1), call(1), call(3), call(5)])).toEqual({ 1: 2, 2: 0, 3: 1, 4: 0, 5: 1 });
    expect(openByPriority([])).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
  });

  it('leaves finished calls out (they may linger for a frame)', () => {
    expect(openByPriority([call(2, false, 'closed'), call(2, false, 'cancelled'), call(2, false, 'onscene')])).toEqual({ 1: 0, 2: 1, 3: 0, 4: 0, 5: 0 });
  });

  it('counts open MH calls only', () => {
    expect(openMhCount([call(1, true), call(2, false), call(3, true, 'enroute'), call(3, true, 'closed')])).toBe(2);
  });
});

describe('co-responders', () => {
  it('counts co-responders and crisis teams, not police, EMS or fire', () => {
    const counts = coResponseCounts([
      unit('co_responder', 'available'),
      unit('crisis_team', 'available'),
      unit('co_responder', 'onscene'),
      unit('crisis_team', 'enroute'),
      unit('co_responder', 'transporting'),
      unit('co_responder', 'off_duty'),
      unit('crisis_team', 'out_of_service'),
      unit('law', 'available'),
      unit('ems', 'onscene'),
      unit('fire', 'dispatched'),
    ]);
    expect(counts).toMatchObject({ free: 2, busy: 3, onDuty: 5, utilization: 3 / 5 });
    expect(counts.freeCallsigns).toEqual([expect.stringMatching(/^co_responder available/), expect.stringMatching(/^crisis_team available/)]);
  });

  it('does not count a team outside its shift or program hours as free', () => {
    const hours = { crisis_team: { start: '06:00', end: '22:00' } };
    const at = (minuteOfDay: number) => (u: Pick<Unit, 'type' | 'shift'>) => inService(u, hours, minuteOfDay);
    const team = [
      unit('crisis_team', 'available'),
      unit('crisis_team', 'onscene'),
      unit('co_responder', 'available'),
      unit('crisis_team', 'available', { start: '22:00', end: '06:00' }),
    ];
    // Noon: the program's team is free, the night team is not on yet.
    expect(coResponseCounts(team, at(12 * 60))).toMatchObject({ free: 2, busy: 1, onDuty: 3, utilization: 1 / 3 });
    // 23:00: the program has closed (its busy team still counts as busy), the night team works.
    expect(coResponseCounts(team, at(23 * 60))).toMatchObject({ free: 2, busy: 1, onDuty: 3, utilization: 1 / 3 });
    expect(coResponseCounts([team[0]!], at(23 * 60)).free).toBe(0);
  });

  it('has no utilization when nobody is on duty', () => {
    expect(coResponseCounts([unit('co_responder', 'off_duty'), unit('law', 'onscene')]).utilization).toBeNull();
    expect(formatUtilization(null)).toBe('—');
  });

  it('formats utilization as a whole percentage', () => {
    expect(formatUtilization(0)).toBe('0%');
    expect(formatUtilization(2 / 3)).toBe('67%');
    expect(formatUtilization(1)).toBe('100%');
  });
});

describe('which teams are free', () => {
  it('names the free teams by callsign, in natural order, leaving out busy and off ones', () => {
    const named = (callsign: string, type: Unit['type'], status: Unit['status']) => ({ ...unit(type, status), callsign });
    const counts = coResponseCounts([
      named('CR10', 'co_responder', 'available'),
      named('CR2', 'co_responder', 'available'),
      named('STAR1', 'crisis_team', 'onscene'),
      named('CR3', 'co_responder', 'off_duty'),
    ]);
    expect(counts.freeCallsigns).toEqual(['CR2', 'CR10']);
  });
});

describe('median time to assign', () => {
  it('is mm:ss, minutes counting past the hour, a dash when unknown', () => {
    expect(formatMinSec(0)).toBe('00:00');
    expect(formatMinSec(59.6)).toBe('01:00');
    expect(formatMinSec(125)).toBe('02:05');
    expect(formatMinSec(75 * 60 + 3)).toBe('75:03');
    expect(formatMinSec(null)).toBe('—');
    expect(formatMinSec(Number.NaN)).toBe('—');
    expect(formatMinSec(-4)).toBe('00:00');
  });
});

describe('wall KPIs together', () => {
  const stats: DispatchStats = { dayStart: 0, unmetToday: 4, assignedToday: 31, medianSecondsToAssignToday: 95 };

  it('combines calls, roster and the day counters', () => {
    const kpis = wallKpis([call(1, true), call(2), call(2, true), call(4)], [unit('co_responder', 'available'), unit('crisis_team', 'onscene')], stats);
    expect(kpis).toEqual({
      byPriority: { 1: 1, 2: 2, 3: 0, 4: 1, 5: 0 },
      openTotal: 4,
      openMh: 2,
      team: { free: 1, freeCallsigns: [expect.stringMatching(/^co_responder available/)], busy: 1, onDuty: 2, utilization: 0.5 },
      medianSecondsToAssign: 95,
      assignedToday: 31,
      unmetToday: 4,
    });
  });

  it('shows no day counters before the server sent any', () => {
    const kpis = wallKpis([], [], null);
    expect(kpis.medianSecondsToAssign).toBeNull();
    expect(kpis.unmetToday).toBeNull();
    expect(kpis.assignedToday).toBeNull();
    expect(kpis.openTotal).toBe(0);
  });
});

describe('map refitting on the wall', () => {
  const base = { now: 1_000_000, minIntervalMs: 60_000, contained: true, idealZoom: 11, zoom: 11 };

  it('fits at once the first time', () => {
    expect(needsRefit({ ...base, lastFitAt: null })).toBe(true);
  });

  it('refits at most once a minute, however often calls change', () => {
    expect(needsRefit({ ...base, lastFitAt: base.now - 59_999, contained: false })).toBe(false);
    expect(needsRefit({ ...base, lastFitAt: base.now - 60_000, contained: false })).toBe(true);
  });

  it('does not move a view that already fits', () => {
    expect(needsRefit({ ...base, lastFitAt: base.now - 3_600_000 })).toBe(false);
    expect(needsRefit({ ...base, lastFitAt: base.now - 3_600_000, idealZoom: 11.25 })).toBe(false);
  });

  it('zooms back in once a far call has gone', () => {
    expect(needsRefit({ ...base, lastFitAt: base.now - 60_000, idealZoom: 11.5, zoom: 10.5 })).toBe(true);
  });
});

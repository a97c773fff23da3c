import { describe, expect, it } from 'vitest';
import { diversionReport, periodOf, type ReportRules } from '../../server/reports/diversion';
import { reportCsv } from '../../server/reports/report-csv';
import type { ReportFacts } from '../../server/reports/report-facts';

const RULES: ReportRules = {
  timeZone: 'America/Denver',
  alternativeEligibleNatures: ['WELFARE', 'EDP'],
  alternativeTeamTypes: ['crisis_team'],
  coResponderTypes: ['co_responder'],
  policeTypes: ['law'],
};
const MIN = 60_000;
// 2026-03-10 09:00 in Denver (MDT, UTC-6).
const T0 = Date.parse('2026-03-10T15:00:00Z');
const team = (at: number) => ({ unitId: 'ct1', callsign: 'CT1', type: 'crisis_team' as const, at });
const cop = (at: number) => ({ unitId: 'p1', callsign: '1A1', type: 'law' as const, at });

function call(over: Partial<ReportFacts>): ReportFacts {
  return {
    createdAt: T0,
    finishedAt: T0 + 60 * MIN,
    assignedAt: T0 + 5 * MIN,
    status: 'closed',
    disposition: 'resolved_on_scene',
    nature: 'WELFARE',
    mh: true,
    weapons: 'no',
    violence: 'no',
    unmetSince: null,
    served: [team(T0 + 5 * MIN)],
    ...over,
  };
}

const day = { from: Date.parse('2026-03-10T06:00:00Z'), to: Date.parse('2026-03-11T06:00:00Z'), by: 'day' as const };

describe('diversion report definitions', () => {
  it('counts a call diverted to a team, one co-response, one police-only and one unmet, each once', () => {
    const diverted = call({ disposition: 'resolved_by_clinician' });
    const together = call({ nature: 'MNTL', served: [cop(T0 + 4 * MIN), team(T0 + 9 * MIN)], assignedAt: T0 + 4 * MIN, disposition: 'police_not_needed' });
    const police = call({ nature: 'EDP', weapons: 'yes', served: [cop(T0 + 2 * MIN)], assignedAt: T0 + 2 * MIN, disposition: 'arrest' });
    const unmet = call({ unmetSince: Date.parse('2026-03-10T20:30:00Z'), served: [], assignedAt: null, status: 'cancelled', disposition: null });
    const notMh = call({ mh: false, nature: 'THEFT', served: [cop(T0)] });
    const r = diversionReport([diverted, together, police, unmet, notMh], day, RULES);
    expect(r.totals).toEqual({
      mhCalls: 4,
      eligibleForTeam: 2, // WELFARE with no weapons/violence, twice; MNTL is not eligible here, EDP had weapons
      teamAlone: 1,
      coResponse: 1,
      policeOnly: 1,
      noTeamNoPolice: 1,
      policeNotNeeded: 2,
      policeNotNeededRate: 2 / 3, // of the three MH calls closed (the unmet one was cancelled)
      unmet: 1,
    });
    expect(r.unmetByHour[14]).toBe(1); // 20:30 UTC is 14:30 in Denver
    expect(r.unmetByHour.reduce((a, b) => a + b)).toBe(1);
    expect(r.timeToAssign).toEqual([
      { model: 'team_alone', calls: 1, medianMinutes: 5, p90Minutes: 5 },
      { model: 'co_response', calls: 1, medianMinutes: 4, p90Minutes: 4 },
      { model: 'police_only', calls: 1, medianMinutes: 2, p90Minutes: 2 },
    ]);
    // 55 + 51 minutes on calls of a 24-hour day.
    expect(r.teams).toEqual([{ unitId: 'ct1', callsign: 'CT1', calls: 2, busyHours: 1.8, utilization: 0.074 }]);
  });

  it('counts a reopened call once, by how it finally ended', () => {
    // A reopened call is one call: its facts are rewritten when it finishes again.
    const reopened = call({ served: [team(T0 + 5 * MIN), cop(T0 + 90 * MIN)], finishedAt: T0 + 120 * MIN, disposition: 'emergency_hold' });
    const r = diversionReport([reopened], day, RULES);
    expect(r.totals).toMatchObject({ mhCalls: 1, teamAlone: 0, coResponse: 1, policeNotNeeded: 1 });
  });

  it('keeps calls created in the range only, and groups by local day, shift and Monday weeks across daylight saving', () => {
    const before = call({ createdAt: day.from - MIN });
    const r = diversionReport([before, call({})], day, RULES);
    expect(r.totals.mhCalls).toBe(1);
    expect(r.periods.map((p) => p.label)).toEqual(['2026-03-10']);
    // Quiet periods are zeros, not gaps: a week by day has seven, spring-forward day included.
    const week = diversionReport([call({})], { from: Date.parse('2026-03-07T07:00:00Z'), to: Date.parse('2026-03-14T06:00:00Z'), by: 'day' }, RULES);
    expect(week.periods.map((p) => p.label)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13']);
    expect(week.periods.map((p) => p.mhCalls)).toEqual([0, 0, 0, 1, 0, 0, 0]);
    const shifts = diversionReport([], { ...day, by: 'shift' }, RULES);
    expect(shifts.periods.map((p) => p.label)).toEqual(['2026-03-09 night', '2026-03-10 day', '2026-03-10 swing', '2026-03-10 night']);

    // 2026-03-08 is the spring-forward day in Denver; 23:30 on the 7th is that night's shift.
    expect(periodOf(Date.parse('2026-03-08T06:30:00Z'), 'shift', 'America/Denver').label).toBe('2026-03-07 night');
    expect(periodOf(Date.parse('2026-03-08T15:30:00Z'), 'shift', 'America/Denver').label).toBe('2026-03-08 day');
    expect(periodOf(Date.parse('2026-03-08T23:00:00Z'), 'shift', 'America/Denver').label).toBe('2026-03-08 swing');
    expect(periodOf(Date.parse('2026-03-11T18:00:00Z'), 'week', 'America/Denver')).toEqual({
      start: Date.parse('2026-03-09T06:00:00Z'),
      label: 'week of 2026-03-09',
    });
  });

  it('writes each table as CSV with the same numbers, defusing spreadsheet formulas', () => {
    const r = diversionReport([call({ disposition: 'referred_988' })], day, RULES);
    expect(reportCsv(r, 'periods').split('\r\n').slice(0, 2)).toEqual([
      'period,start,mh_calls,eligible_for_team,team_alone,co_response,police_only,no_team_no_police,police_not_needed,police_not_needed_rate,unmet',
      '2026-03-10,2026-03-10T06:00:00.000Z,1,1,1,0,0,0,1,1,0',
    ]);
    expect(reportCsv(r, 'unmet-by-hour').split('\r\n')).toHaveLength(26);
    const hostile = { ...r, teams: [{ unitId: 'x', callsign: '=HYPERLINK("evil")', calls: 1, busyHours: 1, utilization: 0.1 }] };
    expect(reportCsv(hostile, 'teams')).toContain(`x,"'=HYPERLINK(""evil"")",1,1,0.1`);
  });
});

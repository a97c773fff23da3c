import { CO_RESPONSE_DISPOSITIONS, type Disposition } from '../../shared/call';
import { localDateIn, minuteOfDayIn, startOfDayIn, weekdayIn } from '../../shared/clock';
import type { DiversionCounts, DiversionReport, ReportQuery } from '../../shared/reports';
import type { UnitType } from '../../shared/unit';
import type { ReportFacts } from './report-facts';

/** The rules a report reads: which calls a team may take alone, which unit types are teams and police. */
export interface ReportRules {
  timeZone: string;
  alternativeEligibleNatures: readonly string[];
  alternativeTeamTypes: readonly UnitType[];
  coResponderTypes: readonly UnitType[];
  policeTypes: readonly UnitType[];
}

/** Outcomes where the crisis was met without police enforcement (README "Diversion figures"). */
const POLICE_NOT_NEEDED: ReadonlySet<Disposition> = new Set(
  CO_RESPONSE_DISPOSITIONS.filter((d): d is Exclude<(typeof CO_RESPONSE_DISPOSITIONS)[number], 'transported_detox'> => d !== 'transported_detox'),
);

/** Shifts as a floor names them, in the center's time zone: day 07-15, swing 15-23, night 23-07. */
const SHIFTS = [
  { name: 'night', startMinute: -60 },
  { name: 'day', startMinute: 7 * 60 },
  { name: 'swing', startMinute: 15 * 60 },
  { name: 'night', startMinute: 23 * 60 },
] as const;

const HOUR = 3_600_000;

type Model = 'team_alone' | 'co_response' | 'police_only' | 'none';

/** Which unit types are civilian teams and which are police: read once per report, not per call. */
interface UnitKinds {
  teams: ReadonlySet<UnitType>;
  police: ReadonlySet<UnitType>;
}

const unitKindsOf = (rules: ReportRules): UnitKinds => ({
  teams: new Set([...rules.alternativeTeamTypes, ...rules.coResponderTypes]),
  police: new Set(rules.policeTypes),
});

function modelOf(f: ReportFacts, kinds: UnitKinds): Model {
  const team = f.served.some((s) => kinds.teams.has(s.type));
  const cops = f.served.some((s) => kinds.police.has(s.type));
  return team && cops ? 'co_response' : team ? 'team_alone' : cops ? 'police_only' : 'none';
}

function counts(calls: readonly ReportFacts[], eligible: ReadonlySet<string>, kinds: UnitKinds): DiversionCounts {
  const c = { mhCalls: 0, eligibleForTeam: 0, teamAlone: 0, coResponse: 0, policeOnly: 0, noTeamNoPolice: 0, policeNotNeeded: 0, unmet: 0 };
  let closed = 0;
  for (const f of calls) {
    if (!f.mh) continue;
    c.mhCalls++;
    if (eligible.has(f.nature) && f.weapons === 'no' && f.violence === 'no') c.eligibleForTeam++;
    const model = modelOf(f, kinds);
    if (model === 'team_alone') c.teamAlone++;
    else if (model === 'co_response') c.coResponse++;
    else if (model === 'police_only') c.policeOnly++;
    else c.noTeamNoPolice++;
    if (f.status === 'closed') closed++;
    if (f.status === 'closed' && f.disposition && POLICE_NOT_NEEDED.has(f.disposition)) c.policeNotNeeded++;
    if (f.unmetSince !== null) c.unmet++;
  }
  return { ...c, policeNotNeededRate: closed ? c.policeNotNeeded / closed : null };
}

/** The start of the period (day, shift or week) an instant falls in, and its label. */
export function periodOf(at: number, by: ReportQuery['by'], timeZone: string): { start: number; label: string } {
  const day = startOfDayIn(at, timeZone);
  if (by === 'day') return { start: day, label: localDateIn(day, timeZone) };
  if (by === 'week') {
    // Weeks start on Monday; step back whole local days (each found by its own midnight, for DST).
    let start = day;
    for (let back = (weekdayIn(at, timeZone) + 6) % 7; back > 0; back--) start = startOfDayIn(start - HOUR, timeZone);
    return { start, label: `week of ${localDateIn(start, timeZone)}` };
  }
  const minute = minuteOfDayIn(at, timeZone);
  const shift = [...SHIFTS].reverse().find((s) => minute >= s.startMinute)!;
  // A night shift that began yesterday at 23:00 is labelled with the day it began.
  const shiftDay = shift.startMinute < 0 ? startOfDayIn(day - HOUR, timeZone) : day;
  const start = shiftDay + (shift.startMinute < 0 ? 23 * 60 : shift.startMinute) * 60_000;
  return { start, label: `${localDateIn(shiftDay, timeZone)} ${shift.name}` };
}

/** How far past a period's start its next one surely begins: days are 23-25 h, shifts 8 h. */
const STEP: Record<ReportQuery['by'], number> = { day: 26 * HOUR, shift: 9 * HOUR, week: 7 * 24 * HOUR + 2 * HOUR };

/** The periods [from, to) spans, in order. */
export function periodsOf(q: Pick<ReportQuery, 'from' | 'to' | 'by'>, timeZone: string): { start: number; label: string }[] {
  const out: { start: number; label: string }[] = [];
  for (let p = periodOf(q.from, q.by, timeZone); p.start < q.to; p = periodOf(p.start + STEP[q.by], q.by, timeZone)) out.push(p);
  return out;
}

function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/**
 * The diversion report of the finished calls created in [from, to): counts per period and in
 * total, unmet demand by hour, time to assign by how calls were served, and team utilization.
 * Pure: the same facts always give the same report (unit-tested on hand-built histories).
 */
export function diversionReport(facts: readonly ReportFacts[], q: Pick<ReportQuery, 'from' | 'to' | 'by'>, rules: ReportRules): DiversionReport {
  const inRange = facts.filter((f) => f.createdAt >= q.from && f.createdAt < q.to);
  const kinds = unitKindsOf(rules);
  const eligible = new Set(rules.alternativeEligibleNatures);
  const groups = new Map<number, { label: string; calls: ReportFacts[] }>();
  for (const f of inRange) {
    const p = periodOf(f.createdAt, q.by, rules.timeZone);
    const g = groups.get(p.start) ?? { label: p.label, calls: [] };
    g.calls.push(f);
    groups.set(p.start, g);
  }
  // Every period of the range, quiet ones too: a day with no MH call is a zero on the chart, not a gap.
  const periods = periodsOf(q, rules.timeZone).map((p) => ({ ...p, ...counts(groups.get(p.start)?.calls ?? [], eligible, kinds) }));

  const unmetByHour = Array.from({ length: 24 }, () => 0);
  for (const f of inRange) if (f.mh && f.unmetSince !== null) unmetByHour[Math.floor(minuteOfDayIn(f.unmetSince, rules.timeZone) / 60)]!++;

  const waits = new Map<Model, number[]>();
  for (const f of inRange) {
    if (!f.mh || f.assignedAt === null) continue;
    const model = modelOf(f, kinds);
    const list = waits.get(model) ?? [];
    list.push((f.assignedAt - f.createdAt) / 60_000);
    waits.set(model, list);
  }
  const timeToAssign = (['team_alone', 'co_response', 'police_only'] as const).map((model) => {
    const sorted = (waits.get(model) ?? []).sort((a, b) => a - b);
    return { model, calls: sorted.length, medianMinutes: round1(quantile(sorted, 0.5)), p90Minutes: round1(quantile(sorted, 0.9)) };
  });

  const teams = new Map<string, { unitId: string; callsign: string; calls: number; busyMs: number }>();
  for (const f of inRange) {
    for (const s of f.served) {
      if (!kinds.teams.has(s.type)) continue;
      const t = teams.get(s.unitId) ?? { unitId: s.unitId, callsign: s.callsign, calls: 0, busyMs: 0 };
      t.calls++;
      // From its assignment to the call's end, within the period: a unit cleared early counts to the end.
      t.busyMs += Math.max(0, Math.min(f.finishedAt, q.to) - Math.max(s.at, q.from));
      teams.set(s.unitId, t);
    }
  }
  const span = q.to - q.from;
  return {
    from: q.from,
    to: q.to,
    by: q.by,
    timeZone: rules.timeZone,
    totals: counts(inRange, eligible, kinds),
    periods,
    unmetByHour,
    timeToAssign,
    teams: [...teams.values()]
      .sort((a, b) => b.busyMs - a.busyMs || a.callsign.localeCompare(b.callsign))
      .map((t) => ({
        unitId: t.unitId,
        callsign: t.callsign,
        calls: t.calls,
        busyHours: round1(t.busyMs / HOUR)!,
        utilization: Math.round((t.busyMs / span) * 1000) / 1000,
      })),
  };
}

import type { DiversionReport, ReportTable } from '../../shared/reports';

/** A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused (spreadsheet formulas). */
function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const rows = (header: string[], lines: (string | number | null)[][]): string => [header, ...lines].map((l) => l.map(field).join(',')).join('\r\n') + '\r\n';

/** One table of a report as CSV (RFC 4180), the same numbers as the JSON and the charts. */
export function reportCsv(report: DiversionReport, table: ReportTable): string {
  switch (table) {
    case 'periods':
      return rows(
        [
          'period',
          'start',
          'mh_calls',
          'eligible_for_team',
          'team_alone',
          'co_response',
          'police_only',
          'no_team_no_police',
          'police_not_needed',
          'police_not_needed_rate',
          'unmet',
        ],
        report.periods.map((p) => [
          p.label,
          new Date(p.start).toISOString(),
          p.mhCalls,
          p.eligibleForTeam,
          p.teamAlone,
          p.coResponse,
          p.policeOnly,
          p.noTeamNoPolice,
          p.policeNotNeeded,
          p.policeNotNeededRate === null ? null : Math.round(p.policeNotNeededRate * 1000) / 1000,
          p.unmet,
        ]),
      );
    case 'unmet-by-hour':
      return rows(
        ['hour', 'unmet'],
        report.unmetByHour.map((n, hour) => [`${String(hour).padStart(2, '0')}:00`, n]),
      );
    case 'time-to-assign':
      return rows(
        ['served_by', 'calls', 'median_minutes', 'p90_minutes'],
        report.timeToAssign.map((t) => [t.model, t.calls, t.medianMinutes, t.p90Minutes]),
      );
    case 'teams':
      return rows(
        ['unit_id', 'callsign', 'calls', 'busy_hours', 'utilization'],
        report.teams.map((t) => [t.unitId, t.callsign, t.calls, t.busyHours, t.utilization]),
      );
  }
}

import { z } from 'zod';
import { EpochMs, QueryTime } from './geo';

/** The longest period one report covers: a year and a bit, what a program reviews at most. */
export const REPORT_MAX_DAYS = 400;

export const REPORT_TABLES = ['periods', 'unmet-by-hour', 'time-to-assign', 'teams'] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

/** GET /api/v1/reports/diversion: calls created in [from, to), grouped by day, shift or week. */
export const ReportQuery = z
  .strictObject({
    from: QueryTime,
    to: QueryTime,
    by: z.enum(['day', 'shift', 'week']).default('day'),
    /** csv: one table (`table`) as CSV; the same as sending Accept: text/csv. */
    format: z.enum(['json', 'csv']).default('json'),
    table: z.enum(REPORT_TABLES).default('periods'),
  })
  .refine((q) => q.from < q.to, { message: '`from` must be before `to`', path: ['from'] })
  .refine((q) => q.to - q.from <= REPORT_MAX_DAYS * 86_400_000, { message: `a report covers at most ${REPORT_MAX_DAYS} days`, path: ['to'] });
export type ReportQuery = z.output<typeof ReportQuery>;

/** Counts over a set of mental-health calls; each is defined once, in README "Diversion figures". */
export const DiversionCounts = z.strictObject({
  /** Finished calls created in the period that were flagged mental-health. */
  mhCalls: z.int(),
  /** Of those, calls a civilian team could have taken alone (eligible nature, no weapons, no violence). */
  eligibleForTeam: z.int(),
  /** Served by a civilian team and no police. */
  teamAlone: z.int(),
  /** Served by a team and police (co-response). */
  coResponse: z.int(),
  /** Served by police and no team. */
  policeOnly: z.int(),
  /** Neither a team nor police went (no unit, or EMS or fire only). */
  noTeamNoPolice: z.int(),
  /** Closed with a co-response outcome: police not needed, resolved by clinician, referred to 988, crisis centre, emergency hold. */
  policeNotNeeded: z.int(),
  /** policeNotNeeded / mhCalls closed, 0-1 (null when none closed). */
  policeNotNeededRate: z.number().nullable(),
  /** Waited for a team while none was free (unmet demand). */
  unmet: z.int(),
});
export type DiversionCounts = z.infer<typeof DiversionCounts>;

export const DiversionReport = z.strictObject({
  from: EpochMs,
  to: EpochMs,
  by: z.enum(['day', 'shift', 'week']),
  timeZone: z.string(),
  totals: DiversionCounts,
  periods: z.array(DiversionCounts.extend({ start: EpochMs, label: z.string() })),
  /** Unmet demand by the hour of day (0-23, the center's time zone) it began. */
  unmetByHour: z.array(z.int()).length(24),
  /** Minutes from call creation to the first unit, by how the call was served. */
  timeToAssign: z.array(
    z.strictObject({
      model: z.enum(['team_alone', 'co_response', 'police_only']),
      calls: z.int(),
      medianMinutes: z.number().nullable(),
      p90Minutes: z.number().nullable(),
    }),
  ),
  /** Each civilian team that served a call in the period. */
  teams: z.array(z.strictObject({ unitId: z.string(), callsign: z.string(), calls: z.int(), busyHours: z.number(), utilization: z.number() })),
});
export type DiversionReport = z.infer<typeof DiversionReport>;

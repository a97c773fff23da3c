import type { DiversionReport, ReportQuery, ReportTable } from '../../../shared/reports';
import { startOfDayIn } from '../../../shared/clock';
import { apiJson } from './api';

export type ReportPeriod = Pick<ReportQuery, 'from' | 'to' | 'by'>;

const query = (p: ReportPeriod, extra: Record<string, string> = {}) =>
  new URLSearchParams({ from: String(p.from), to: String(p.to), by: p.by, ...extra }).toString();

export function fetchDiversionReport(p: ReportPeriod, signal?: AbortSignal): Promise<DiversionReport> {
  return apiJson<DiversionReport>('GET', `/reports/diversion?${query(p)}`, undefined, { signal });
}

/** Where a table downloads as CSV (the browser sends the session cookie; the server names the file). */
export const csvUrl = (p: ReportPeriod, table: ReportTable): string => `/api/v1/reports/diversion?${query(p, { format: 'csv', table })}`;

/**
 * A `date` input's value ("2026-03-10") as the instant that day began in the center's time zone
 * (the report's days are the center's, whatever zone this browser is in), or null.
 */
export function centerDayStart(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  // Noon UTC of that date is that same date in every zone from UTC-12 to UTC+11.
  return m ? startOfDayIn(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12), timeZone) : null;
}

/** The day after a `date` input's value, as a `date` value. */
export function nextDay(value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}

import type { DiversionReport, ReportQuery, ReportTable } from '../../../shared/reports';
import { apiJson } from './api';

export type ReportPeriod = Pick<ReportQuery, 'from' | 'to' | 'by'>;

const query = (p: ReportPeriod, extra: Record<string, string> = {}) =>
  new URLSearchParams({ from: String(p.from), to: String(p.to), by: p.by, ...extra }).toString();

export function fetchDiversionReport(p: ReportPeriod, signal?: AbortSignal): Promise<DiversionReport> {
  return apiJson<DiversionReport>('GET', `/reports/diversion?${query(p)}`, undefined, { signal });
}

/** Where a table downloads as CSV (the browser sends the session cookie; the server names the file). */
export const csvUrl = (p: ReportPeriod, table: ReportTable): string => `/api/v1/reports/diversion?${query(p, { format: 'csv', table })}`;

/** A `date` input's value ("2026-03-10") as the start of that local day, or null. */
export function localDayStart(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : null;
}

/** Epoch ms as a `date` input's value, in local time. */
export function dayInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

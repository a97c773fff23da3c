import { localInputToEpoch } from './local-input';

/** The audit filter as the form holds it: text fields and `datetime-local` values. */
export interface AuditFilters {
  actor: string;
  subject: string;
  type: string;
  /** "2025-03-14T09:30" in the browser's local time, or "". */
  since: string;
  until: string;
  limit: number;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = { actor: '', subject: '', type: '', since: '', until: '', limit: 200 };

/**
 * The query string for GET /api/v1/admin/audit. Empty fields are left out; "until" covers the
 * whole minute it names (the form has no seconds), so a record at 09:30:40 is in "until 09:30".
 */
export function auditQuery(f: AuditFilters): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'subject', 'type'] as const) {
    const value = f[key].trim();
    // User names are lower case; key actors ("ingest:CAD") keep theirs.
    if (value) params.set(key, key === 'actor' && !value.includes(':') ? value.toLowerCase() : value);
  }
  const since = localInputToEpoch(f.since);
  const until = localInputToEpoch(f.until);
  if (since !== null) params.set('since', String(since));
  if (until !== null) params.set('until', String(until + 59_999));
  params.set('limit', String(Math.min(1000, Math.max(1, Math.floor(f.limit) || 200))));
  return `?${params.toString()}`;
}

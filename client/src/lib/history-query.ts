import { localInputToEpoch } from './local-input';

/** The history search form as it holds its fields (times as `datetime-local` values). */
export interface HistoryFilters {
  /** Whole words of the call number, address, nature or a unit's callsign. */
  words: string;
  status: 'finished' | 'closed' | 'cancelled';
  mh: '' | 'yes' | 'no';
  from: string;
  to: string;
}

export const EMPTY_HISTORY_FILTERS: HistoryFilters = { words: '', status: 'finished', mh: '', from: '', to: '' };

/**
 * The query string of GET /api/v1/calls for the form, with the page's cursor when there is one.
 * "to" covers the whole minute it names (the form has no seconds).
 */
export function historyQuery(f: HistoryFilters, cursor: string | null = null, limit = 50): string {
  const params = new URLSearchParams();
  if (f.words.trim()) params.set('q', f.words.trim());
  if (f.status !== 'finished') params.set('status', f.status);
  if (f.mh) params.set('mh', f.mh);
  const from = localInputToEpoch(f.from);
  const to = localInputToEpoch(f.to);
  if (from !== null) params.set('from', String(from));
  if (to !== null) params.set('to', String(to + 59_999));
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return `?${params.toString()}`;
}

/** Why the form cannot be searched as it is, in the user's terms, or null. */
export function filtersProblem(f: HistoryFilters): string | null {
  const from = localInputToEpoch(f.from);
  const to = localInputToEpoch(f.to);
  return from !== null && to !== null && from > to ? '“Ended after” is later than “Ended before”: swap them or clear one.' : null;
}

/** The form's fields for the page's address, as filtersFromParams reads them back (defaults left out). */
export function filtersToParams(f: HistoryFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (f.words.trim()) params.set('q', f.words.trim());
  if (f.status !== 'finished') params.set('status', f.status);
  if (f.mh) params.set('mh', f.mh);
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  return params;
}

/** The form's fields read back from the page's address (?q=, &status=, &mh=, &from=, &to=), so a link or a reload keeps the search. */
export function filtersFromParams(params: URLSearchParams): HistoryFilters {
  const status = params.get('status');
  const mh = params.get('mh');
  return {
    ...EMPTY_HISTORY_FILTERS,
    words: params.get('q') ?? '',
    status: status === 'closed' || status === 'cancelled' ? status : 'finished',
    mh: mh === 'yes' || mh === 'no' ? mh : '',
    from: localInputToEpoch(params.get('from') ?? '') !== null ? params.get('from')! : '',
    to: localInputToEpoch(params.get('to') ?? '') !== null ? params.get('to')! : '',
  };
}

import type { CallStatus } from '../../../shared/call';
import type { CallSummary } from '../../../shared/changes';
import { natureOf } from '../../../shared/natures';
import type { Unit } from '../../../shared/unit';

/**
 * The queue's filters, as a plain value: which priorities and statuses to show, MH calls only,
 * and free text. Empty priority and status lists mean "all". Pure, so what a dispatcher sees
 * (and, more important, what they do not see) is unit-tested.
 */
export interface CallFilter {
  priorities: readonly number[];
  statuses: readonly QueueStatus[];
  mhOnly: boolean;
  search: string;
}

/** The statuses an open call can have: closed and cancelled calls are not on the board. */
export const QUEUE_STATUSES = ['pending', 'dispatched', 'enroute', 'onscene'] as const satisfies readonly CallStatus[];
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export const QUEUE_PRIORITIES = [1, 2, 3, 4, 5] as const;

export const EMPTY_FILTER: CallFilter = { priorities: [], statuses: [], mhOnly: false, search: '' };

export function isFilterActive(filter: CallFilter): boolean {
  return filter.priorities.length > 0 || filter.statuses.length > 0 || filter.mhOnly || filter.search.trim() !== '';
}

/** Lower-case text a search term may match: number, nature (label and code), address, assigned callsigns. */
export function searchTextOf(call: CallSummary, units: ReadonlyMap<string, Unit>): string {
  const nature = natureOf(call.nature);
  const callsigns = call.assignedUnitIds.map((id) => units.get(id)?.callsign ?? '');
  return [call.number, nature.label, call.nature, call.location.address ?? '', ...callsigns].join('\n').toLowerCase();
}

/**
 * The calls that pass the filter, in the order given. Every word of the search must match
 * somewhere ("welfare colfax" finds a welfare check on Colfax), case-insensitively.
 */
export function filterCalls(calls: readonly CallSummary[], filter: CallFilter, units: ReadonlyMap<string, Unit>): CallSummary[] {
  const priorities = filter.priorities.length > 0 ? new Set(filter.priorities) : null;
  const statuses = filter.statuses.length > 0 ? new Set<CallStatus>(filter.statuses) : null;
  const words = filter.search.toLowerCase().split(/\s+/).filter(Boolean);
  return calls.filter((call) => {
    if (filter.mhOnly && !call.mh.flagged) return false;
    if (priorities && !priorities.has(call.priority)) return false;
    if (statuses && !statuses.has(call.status)) return false;
    if (words.length === 0) return true;
    const text = searchTextOf(call, units);
    return words.every((word) => text.includes(word));
  });
}

/** Adds a value to a list if absent, removes it if present (chips that toggle). */
export function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/**
 * A stored filter read back: anything unexpected (an older format, a hand-edited value) falls
 * back to "show everything" rather than hiding calls nobody asked to hide.
 */
export function parseFilter(raw: string | null): CallFilter {
  if (!raw) return EMPTY_FILTER;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return EMPTY_FILTER;
    const v = value as Record<string, unknown>;
    const priorities = Array.isArray(v.priorities) ? QUEUE_PRIORITIES.filter((p) => (v.priorities as unknown[]).includes(p)) : [];
    const statuses = Array.isArray(v.statuses) ? QUEUE_STATUSES.filter((s) => (v.statuses as unknown[]).includes(s)) : [];
    return {
      priorities,
      statuses,
      mhOnly: v.mhOnly === true,
      search: typeof v.search === 'string' ? v.search.slice(0, 200) : '',
    };
  } catch {
    return EMPTY_FILTER;
  }
}

import type { Call, TimelineEntry } from '../../../shared/call';

/** One line of a call's history as the drawer shows it: a timeline entry or a note. */
export interface HistoryLine {
  at: number;
  by: string;
  kind: TimelineEntry['kind'] | 'note';
  text: string;
  /** Stable across renders, for keyed lists. */
  key: string;
}

/**
 * The timeline and the notes of a call merged into one history, newest first: a dispatcher
 * opening a call wants what just happened on top. Both lists are append-only and each is in
 * time order already; at the same millisecond the timeline entry comes first in time (a call
 * is created, then its first note is read), so newest-first puts the note above it.
 */
export function callHistory(call: Pick<Call, 'timeline' | 'notes'>): HistoryLine[] {
  const lines: (HistoryLine & { order: number })[] = [
    ...call.timeline.map((e, i) => ({ at: e.at, by: e.by, kind: e.kind, text: e.text, key: `t${i}`, order: i })),
    ...call.notes.map((n, i) => ({ at: n.at, by: n.by, kind: 'note' as const, text: n.text, key: `n${i}`, order: call.timeline.length + i })),
  ];
  // Sorted oldest first with a stable tie-break (timeline before notes, each in its own order),
  // then reversed: the same input always gives the same order.
  lines.sort((a, b) => a.at - b.at || a.order - b.order);
  return lines.reverse().map(({ order: _order, ...line }) => line);
}

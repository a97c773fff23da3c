import type { CallSummary } from '../../../shared/changes';
import type { Unit, UnitStatus } from '../../../shared/unit';

/** Priority 1 first, then the oldest call first: the order a dispatcher works the queue. */
export function compareCalls(a: CallSummary, b: CallSummary): number {
  return a.priority - b.priority || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortCalls(calls: Iterable<CallSummary>): CallSummary[] {
  return [...calls].sort(compareCalls);
}

/** A call no unit is on yet: what a dispatcher must act on first. */
export const isWaiting = (call: CallSummary): boolean => call.assignedUnitIds.length === 0;

/**
 * The board's queue: calls waiting for a unit on top (most urgent, then oldest), then calls in
 * progress in the same order, so a new call never sinks below calls already being handled.
 */
export function compareQueue(a: CallSummary, b: CallSummary): number {
  return Number(isWaiting(b)) - Number(isWaiting(a)) || compareCalls(a, b);
}

export function sortQueue(calls: Iterable<CallSummary>): CallSummary[] {
  return [...calls].sort(compareQueue);
}

/**
 * The wall's list: mental-health calls first (the wall is there to show them, and a big city's
 * list does not fit on it), then the rest, each most urgent and oldest first.
 */
export function sortMhFirst(calls: Iterable<CallSummary>): CallSummary[] {
  return [...calls].sort((a, b) => Number(b.mh.flagged) - Number(a.mh.flagged) || compareCalls(a, b));
}

/** How long a new waiting call is marked as new on the board. */
export const NEW_CALL_MS = 20_000;

export type Availability = 'free' | 'busy' | 'off';

/**
 * Free means "can take a call now"; off means not working (not counted as busy). An available
 * unit outside its shift or program hours (`inService` false) is off: nobody would send it.
 */
export function availabilityOf(status: UnitStatus, inService = true): Availability {
  if (status === 'available') return inService ? 'free' : 'off';
  if (status === 'out_of_service' || status === 'off_duty') return 'off';
  return 'busy';
}

const AVAILABILITY_ORDER: Readonly<Record<Availability, number>> = { free: 0, busy: 1, off: 2 };

/** Free units first, then busy, then off; within each, longest in that status first (the one to check on, or next in rotation). */
export function compareRoster(a: Unit, b: Unit): number {
  const byAvailability = AVAILABILITY_ORDER[availabilityOf(a.status)] - AVAILABILITY_ORDER[availabilityOf(b.status)];
  return byAvailability || a.statusSince - b.statusSince || a.callsign.localeCompare(b.callsign);
}

import type { Priority } from '../../../shared/call';
import type { CallSummary } from '../../../shared/changes';
import type { DispatchStats } from '../../../shared/stats';
import { isCoResponseType, type Unit } from '../../../shared/unit';
import { availabilityOf } from '../lib/board-order';
import type { InServiceCheck } from '../lib/service-hours';

/**
 * The wall's key figures, as pure functions of what the wall receives (redacted open calls,
 * the unit roster and the server's day counters), so they are tested without a browser.
 */

export type PriorityLevel = 1 | 2 | 3 | 4 | 5;
export const PRIORITIES: readonly PriorityLevel[] = [1, 2, 3, 4, 5];

export type PriorityCounts = Readonly<Record<PriorityLevel, number>>;

const isPriorityLevel = (p: Priority): p is PriorityLevel => p === 1 || p === 2 || p === 3 || p === 4 || p === 5;

/** Open calls per priority, 1..5 (every priority present, zero when none). */
export function openByPriority(calls: Iterable<Pick<CallSummary, 'priority' | 'status'>>): PriorityCounts {
  const counts: Record<PriorityLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const call of calls) {
    if (call.status === 'closed' || call.status === 'cancelled' || !isPriorityLevel(call.priority)) continue;
    counts[call.priority]++;
  }
  return counts;
}

/** Open calls flagged mental-health. */
export function openMhCount(calls: Iterable<Pick<CallSummary, 'mh' | 'status'>>): number {
  let n = 0;
  for (const call of calls) if (call.mh.flagged && call.status !== 'closed' && call.status !== 'cancelled') n++;
  return n;
}

export interface CoResponseCounts {
  /** Co-responder and crisis-team units that can take a call now. */
  free: number;
  /** Their callsigns, crisis teams and co-responders alike, in order: which ones, not only how many. */
  freeCallsigns: string[];
  /** On duty and committed to a call (dispatched, en route, on scene, transporting). */
  busy: number;
  /** free + busy: off-duty and out-of-service units are not part of the team today. */
  onDuty: number;
  /** busy / onDuty, 0..1; null when nobody is on duty (no meaningful percentage). */
  utilization: number | null;
}

/**
 * Co-responders and crisis teams by availability, and their utilization. A team outside its
 * shift or program hours is not free, whatever its status says (`inService`).
 */
export function coResponseCounts(
  units: Iterable<Pick<Unit, 'type' | 'status' | 'shift' | 'callsign'>>,
  inService: InServiceCheck = () => true,
): CoResponseCounts {
  const freeCallsigns: string[] = [];
  let busy = 0;
  for (const unit of units) {
    if (!isCoResponseType(unit.type)) continue;
    const a = availabilityOf(unit.status, inService(unit));
    if (a === 'free') freeCallsigns.push(unit.callsign);
    else if (a === 'busy') busy++;
  }
  freeCallsigns.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const free = freeCallsigns.length;
  const onDuty = free + busy;
  return { free, freeCallsigns, busy, onDuty, utilization: onDuty === 0 ? null : busy / onDuty };
}

/** A utilization as a whole percentage ("67%"), or an em dash when there is none. */
export function formatUtilization(utilization: number | null): string {
  return utilization === null ? '—' : `${Math.round(utilization * 100)}%`;
}

/** Seconds as mm:ss; minutes keep counting past an hour ("75:03"); null as an em dash. */
export function formatMinSec(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export interface WallKpis {
  byPriority: PriorityCounts;
  openTotal: number;
  openMh: number;
  team: CoResponseCounts;
  /** From the server's day counters; null until the first stats:update arrives. */
  medianSecondsToAssign: number | null;
  assignedToday: number | null;
  unmetToday: number | null;
}

export function wallKpis(
  calls: Iterable<Pick<CallSummary, 'priority' | 'status' | 'mh'>>,
  units: Iterable<Pick<Unit, 'type' | 'status' | 'shift' | 'callsign'>>,
  stats: DispatchStats | null,
  inService: InServiceCheck = () => true,
): WallKpis {
  const list = [...calls];
  const byPriority = openByPriority(list);
  return {
    byPriority,
    openTotal: PRIORITIES.reduce((n, p) => n + byPriority[p], 0),
    openMh: openMhCount(list),
    team: coResponseCounts(units, inService),
    medianSecondsToAssign: stats?.medianSecondsToAssignToday ?? null,
    assignedToday: stats?.assignedToday ?? null,
    unmetToday: stats?.unmetToday ?? null,
  };
}

import type { CallSummary } from '../../../shared/changes';
import { UNIT_TRANSITIONS } from '../../../shared/transitions';
import type { UnitDoc, UnitStatus } from '../../../shared/unit';

/**
 * What the board offers for a unit. The transition table is the single source; these rules only
 * take away what the server would refuse anyway, so no button exists that cannot work.
 */

/** Statuses in which a unit is working a call (it needs one to be in them). */
const ON_CALL: ReadonlySet<UnitStatus> = new Set(['dispatched', 'enroute', 'onscene', 'transporting']);

/**
 * The next statuses to offer for a unit. 'dispatched' is never offered: a unit is dispatched by
 * assigning it to a call. A unit with no call cannot be en route, on scene or transporting.
 */
export function nextStatuses(unit: Pick<UnitDoc, 'status' | 'currentCallId'>): UnitStatus[] {
  return UNIT_TRANSITIONS[unit.status].filter((to) => to !== 'dispatched' && (unit.currentCallId !== null || !ON_CALL.has(to)));
}

/** Is this unit the only one left on the call? */
export function isLastOnCall(call: Pick<CallSummary, 'assignedUnitIds'>, unitId: string): boolean {
  return call.assignedUnitIds.length === 1 && call.assignedUnitIds[0] === unitId;
}

/**
 * Moving the last unit on a worked call off it ends or returns the call, so the board must ask
 * how it ended (a disposition) or whether it goes back to the queue.
 */
export function needsDisposition(call: Pick<CallSummary, 'assignedUnitIds' | 'status'>, unit: Pick<UnitDoc, 'id'>, to: UnitStatus): boolean {
  const worked = call.status === 'dispatched' || call.status === 'enroute' || call.status === 'onscene';
  return worked && !ON_CALL.has(to) && isLastOnCall(call, unit.id);
}

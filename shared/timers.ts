import { z } from 'zod';
import type { Call } from './call';
import { isCoResponseType, UnitType, type UnitDoc } from './unit';

/**
 * Timer limits, from configuration: how long a unit may stay on scene before it is overdue,
 * how often a civilian team on scene must check in, and how long a call may wait unassigned
 * per priority. The server and the board use the same pure functions below.
 */
export const TimerLimits = z.strictObject({
  onSceneMinutes: z.partialRecord(UnitType, z.number().positive()),
  checkInMinutes: z.number().positive(),
  /** How long a unit may stay dispatched without going en route before the board raises it. */
  dispatchedMinutes: z.number().positive().optional(),
  /** Priority ("1".."5") -> seconds a call may wait with no unit. */
  waitSeconds: z.record(z.enum(['1', '2', '3', '4', '5']), z.number().positive()),
});
export type TimerLimits = z.infer<typeof TimerLimits>;

export interface UnitTimer {
  secondsInStatus: number;
  /** On scene past its type's limit. */
  overdue: boolean;
  /** A civilian team on scene whose last check-in is older than the interval. */
  checkInMissed: boolean;
  /** Seconds until the next check-in is due (negative once missed); null when none applies. */
  checkInDueIn: number | null;
  /** Dispatched longer than the rules allow without going en route. */
  stuckDispatched: boolean;
}

export function unitTimer(unit: Pick<UnitDoc, 'type' | 'status' | 'statusSince' | 'lastCheckInAt'>, now: number, limits: TimerLimits): UnitTimer {
  const secondsInStatus = Math.max(0, Math.floor((now - unit.statusSince) / 1000));
  const limit = limits.onSceneMinutes[unit.type];
  const overdue = unit.status === 'onscene' && limit !== undefined && secondsInStatus > limit * 60;
  let checkInDueIn: number | null = null;
  if (unit.status === 'onscene' && isCoResponseType(unit.type)) {
    const last = unit.lastCheckInAt ?? unit.statusSince;
    checkInDueIn = Math.floor((last + limits.checkInMinutes * 60_000 - now) / 1000);
  }
  const stuckDispatched = unit.status === 'dispatched' && limits.dispatchedMinutes !== undefined && secondsInStatus > limits.dispatchedMinutes * 60;
  return { secondsInStatus, overdue, checkInMissed: checkInDueIn !== null && checkInDueIn < 0, checkInDueIn, stuckDispatched };
}

/** A call waiting with no unit longer than its priority allows. */
export function waitingTooLong(call: Pick<Call, 'status' | 'assignedUnitIds' | 'priority' | 'statusSince'>, now: number, limits: TimerLimits): boolean {
  if (call.status !== 'pending' || call.assignedUnitIds.length > 0) return false;
  const limit = limits.waitSeconds[String(call.priority) as keyof TimerLimits['waitSeconds']];
  return limit !== undefined && now - call.statusSince > limit * 1000;
}

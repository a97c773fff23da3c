import type { CallStatus } from './call';
import type { UnitStatus } from './unit';

/**
 * The one table of allowed status changes. The server refuses anything not listed here; the
 * board offers only what is listed. Some moves also need a call (a unit cannot be en route to
 * nothing): those rules live in the server's domain logic, which names them in its errors.
 */
export const UNIT_TRANSITIONS: Readonly<Record<UnitStatus, readonly UnitStatus[]>> = {
  available: ['dispatched', 'out_of_service', 'off_duty'],
  dispatched: ['enroute', 'onscene', 'available'],
  // Back to dispatched only when a supervisor reassigns the unit to another call.
  enroute: ['onscene', 'dispatched', 'available'],
  onscene: ['transporting', 'dispatched', 'available'],
  transporting: ['available'],
  out_of_service: ['available', 'off_duty'],
  off_duty: ['available', 'out_of_service'],
};

export const CALL_TRANSITIONS: Readonly<Record<CallStatus, readonly CallStatus[]>> = {
  pending: ['dispatched', 'closed', 'cancelled'],
  dispatched: ['enroute', 'onscene', 'pending', 'closed', 'cancelled'],
  enroute: ['onscene', 'pending', 'closed', 'cancelled'],
  onscene: ['pending', 'closed', 'cancelled'],
  // Reopening is a supervisor's decision (it needs a reason); the table only says it is possible.
  closed: ['pending'],
  cancelled: ['pending'],
};

export function canUnitMove(from: UnitStatus, to: UnitStatus): boolean {
  return UNIT_TRANSITIONS[from].includes(to);
}

export function canCallMove(from: CallStatus, to: CallStatus): boolean {
  return CALL_TRANSITIONS[from].includes(to);
}

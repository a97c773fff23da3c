import type { CallSummary } from '../../../shared/changes';
import type { ErrorCode } from '../../../shared/errors';
import type { Unit } from '../../../shared/unit';
import { UNIT_STATUS_LABEL } from './labels';
import { isReassignable } from './unit-ranking';

/**
 * Drag a unit onto a call: what should happen. Pure and tested, because a drop that silently
 * does nothing (or the wrong thing) is the worst outcome on a dispatch floor.
 */

/** The drag payload's type: only drags that started on a unit of this board are accepted. */
export const UNIT_DRAG_TYPE = 'application/x-tandem-unit';

export interface UnitDrag {
  unitId: string;
  /** The unit's version when the drag started: the command carries it, so a unit that changed meanwhile is refused. */
  version: number;
}

export function encodeUnitDrag(unit: Pick<Unit, 'id' | 'version'>): string {
  return JSON.stringify({ unitId: unit.id, version: unit.version });
}

export function decodeUnitDrag(raw: string): UnitDrag | null {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return null;
    const { unitId, version } = value as Record<string, unknown>;
    return typeof unitId === 'string' && typeof version === 'number' ? { unitId, version } : null;
  } catch {
    return null;
  }
}

export type DropVerdict = { kind: 'assign' } | { kind: 'reassign'; fromCallId: string } | { kind: 'refuse'; code: ErrorCode; reason: string };

export interface DropRights {
  assign: boolean;
  reassign: boolean;
}

/** A unit that can take a call now (the server checks again). */
export const isAssignableNow = (unit: Unit): boolean => unit.status === 'available' && unit.currentCallId === null;

/**
 * What dropping `unit` (as it is now) on `call` does. `callName` words another call for the
 * reason ("call 2026-000123").
 */
export function dropVerdict(unit: Unit | undefined, call: CallSummary, rights: DropRights, callName: (callId: string) => string): DropVerdict {
  if (!unit) return { kind: 'refuse', code: 'not_found', reason: 'That unit is no longer on the roster.' };
  if (unit.currentCallId === call.id) return { kind: 'refuse', code: 'bad_request', reason: `${unit.callsign} is already on this call.` };
  if (isAssignableNow(unit)) {
    return rights.assign ? { kind: 'assign' } : { kind: 'refuse', code: 'forbidden', reason: 'Your role may not assign units.' };
  }
  const status = UNIT_STATUS_LABEL[unit.status].toLowerCase();
  if (unit.status === 'off_duty' || unit.status === 'out_of_service') {
    return { kind: 'refuse', code: 'transition_forbidden', reason: `${unit.callsign} is ${status} and cannot take a call.` };
  }
  if (unit.status === 'transporting') {
    return {
      kind: 'refuse',
      code: 'transition_forbidden',
      reason: `${unit.callsign} is transporting a patient and cannot be moved to another call.`,
    };
  }
  if (unit.currentCallId && isReassignable(unit, call.id)) {
    if (rights.reassign) return { kind: 'reassign', fromCallId: unit.currentCallId };
    return {
      kind: 'refuse',
      code: 'unit_busy',
      reason: `${unit.callsign} is busy (${status}) on ${callName(unit.currentCallId)}. Only a supervisor can reassign it.`,
    };
  }
  return { kind: 'refuse', code: 'unit_busy', reason: `${unit.callsign} is ${status} and is not free to assign.` };
}

/** Starts a unit drag: the payload and a "move" cursor. */
export function startUnitDrag(event: DragEvent, unit: Pick<Unit, 'id' | 'version' | 'callsign'>): void {
  if (!event.dataTransfer) return;
  event.dataTransfer.setData(UNIT_DRAG_TYPE, encodeUnitDrag(unit));
  // Plain text too, so dropping into a note field writes the callsign rather than nothing.
  event.dataTransfer.setData('text/plain', unit.callsign);
  event.dataTransfer.effectAllowed = 'copyMove';
}

/** True while a unit from this board is dragged over (the payload itself is readable only on drop). */
export function isUnitDrag(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes(UNIT_DRAG_TYPE) ?? false;
}

export function readUnitDrag(event: DragEvent): UnitDrag | null {
  const raw = event.dataTransfer?.getData(UNIT_DRAG_TYPE);
  return raw ? decodeUnitDrag(raw) : null;
}

/** "call 2026-000123, Welfare check, P3": how the reassign dialog names a call. */
export function describeCall(call: Pick<CallSummary, 'number' | 'priority'>, natureLabel: string): string {
  return `call ${call.number}, ${natureLabel}, P${call.priority}`;
}

/** A unit taken from a more urgent call deserves a second look before it moves. */
export function reassignWarning(from: CallSummary | undefined, to: Pick<CallSummary, 'priority'>): string | null {
  if (!from || from.priority >= to.priority) return null;
  const left = from.assignedUnitIds.length - 1;
  return `Its call is more urgent (P${from.priority}) than this one (P${to.priority})${left === 0 ? ' and will have no unit left' : ''}.`;
}

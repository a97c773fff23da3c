import type { Call } from '../../shared/call';
import { isOpenCall } from '../../shared/call';
import type { UnitDoc } from '../../shared/unit';
import type { CommandContext } from './context';
import { DomainError, assertVersion } from './errors';
import { callLabel, unitLabel } from './labels';
import { nextCall, nextUnit } from './stamp';
import { callWithoutUnit, releaseUnit } from './units';

function mustBeOpen(call: Call): void {
  if (!isOpenCall(call)) throw new DomainError('transition_forbidden', `${callLabel(call)} is ${call.status}; reopen it before assigning units`);
}

/** Who has worked the call, with this unit added if it is new to it. */
function servedWith(call: Call, unit: UnitDoc, at: number): Call['servedBy'] {
  const served = call.servedBy ?? [];
  return served.some((s) => s.unitId === unit.id) ? served : [...served, { unitId: unit.id, callsign: unit.callsign, type: unit.type, at }];
}

/** The call with a unit added: a pending call becomes dispatched. */
function callWithUnit(call: Call, unit: UnitDoc, ctx: CommandContext, text: string, kind: 'assigned' | 'reassigned' = 'assigned'): Call {
  return nextCall(
    call,
    ctx,
    {
      assignedUnitIds: [...call.assignedUnitIds, unit.id],
      servedBy: servedWith(call, unit, ctx.now),
      status: call.status === 'pending' ? 'dispatched' : call.status,
      assignedAt: call.assignedAt ?? ctx.now,
    },
    [[kind, text]],
  );
}

/** Puts a free unit on a call: the unit becomes dispatched, a pending call becomes dispatched. */
export function assignUnit(
  call: Call,
  unit: UnitDoc,
  expectedUnitVersion: number | undefined,
  ctx: CommandContext,
  how = 'assigned',
): { call: Call; unit: UnitDoc } | null {
  mustBeOpen(call);
  assertVersion(unitLabel(unit), unit, expectedUnitVersion, ctx.now);
  if (unit.currentCallId === call.id) return null; // already there: nothing to do
  if (unit.currentCallId !== null) {
    throw new DomainError('unit_busy', `${unitLabel(unit)} is already on another call; a supervisor can reassign it`, {
      unitId: unit.id,
      currentCallId: unit.currentCallId,
    });
  }
  if (unit.status !== 'available') {
    throw new DomainError('transition_forbidden', `${unitLabel(unit)} is ${unit.status.replace('_', ' ')}, not available`, {
      unitId: unit.id,
      status: unit.status,
    });
  }
  return {
    unit: nextUnit(unit, ctx, { status: 'dispatched', currentCallId: call.id }),
    call: callWithUnit(call, unit, ctx, `${unit.callsign} ${how}`),
  };
}

/** Takes a unit off a call: the unit is available again; a call left with no unit returns to pending. */
export function unassignUnit(call: Call, unit: UnitDoc, ctx: CommandContext, expectedUnitVersion?: number): { call: Call; unit: UnitDoc } {
  assertVersion(unitLabel(unit), unit, expectedUnitVersion, ctx.now);
  if (unit.currentCallId !== call.id || !call.assignedUnitIds.includes(unit.id)) {
    throw new DomainError('not_found', `${unitLabel(unit)} is not assigned to ${callLabel(call)}`);
  }
  return { unit: releaseUnit(unit, ctx), call: callWithoutUnit(call, unit, ctx, 'unassigned') };
}

/**
 * A supervisor moves a unit to another call in one step. Its old call loses it (and goes back
 * to pending if left with no unit); both timelines say what happened and why.
 */
export function reassignUnit(
  unit: UnitDoc,
  fromCall: Call | null,
  toCall: Call,
  expectedUnitVersion: number,
  reason: string | undefined,
  ctx: CommandContext,
): { unit: UnitDoc; fromCall: Call | null; toCall: Call } {
  mustBeOpen(toCall);
  assertVersion(unitLabel(unit), unit, expectedUnitVersion, ctx.now);
  if (unit.currentCallId === toCall.id) throw new DomainError('bad_request', `${unitLabel(unit)} is already on ${callLabel(toCall)}`);
  if (unit.status === 'out_of_service' || unit.status === 'off_duty') {
    throw new DomainError('transition_forbidden', `${unitLabel(unit)} is ${unit.status.replace('_', ' ')}; it cannot be sent to a call`);
  }
  if (unit.status === 'transporting') {
    throw new DomainError('transition_forbidden', `${unitLabel(unit)} is transporting a patient; it cannot be reassigned until it clears`);
  }
  const why = reason ? ` (${reason})` : '';
  const from = fromCall && unit.currentCallId === fromCall.id ? callWithoutUnit(fromCall, unit, ctx, `reassigned to ${callLabel(toCall)}${why}`) : null;
  const fromText = from ? ` from ${callLabel(fromCall!)}` : '';
  return {
    unit: nextUnit(unit, ctx, { status: 'dispatched', currentCallId: toCall.id, lastCheckInAt: null }),
    fromCall: from,
    toCall: callWithUnit(toCall, unit, ctx, `${unit.callsign} reassigned here${fromText}${why}`, 'reassigned'),
  };
}

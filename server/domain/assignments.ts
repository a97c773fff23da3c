import type { Call } from '../../shared/call';
import { isOpenCall } from '../../shared/call';
import type { UnitDoc } from '../../shared/unit';
import { callLabel } from './calls';
import type { CommandContext } from './context';
import { DomainError, assertVersion } from './errors';
import { callWithoutUnit, releaseUnit, unitLabel } from './units';

/** Puts a free unit on a call: the unit becomes dispatched, a pending call becomes dispatched. */
export function assignUnit(
  call: Call,
  unit: UnitDoc,
  expectedUnitVersion: number | undefined,
  ctx: CommandContext,
): { call: Call; unit: UnitDoc } | null {
  if (!isOpenCall(call)) {
    throw new DomainError('transition_forbidden', `${callLabel(call)} is ${call.status}; reopen it before assigning units`);
  }
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
  const stamp = { version: 0, updatedAt: ctx.now, updatedBy: ctx.by };
  return {
    unit: { ...unit, ...stamp, version: unit.version + 1, status: 'dispatched', statusSince: ctx.now, currentCallId: call.id },
    call: {
      ...call,
      ...stamp,
      version: call.version + 1,
      assignedUnitIds: [...call.assignedUnitIds, unit.id],
      status: call.status === 'pending' ? 'dispatched' : call.status,
      statusSince: call.status === 'pending' ? ctx.now : call.statusSince,
    },
  };
}

/** Takes a unit off a call: the unit is available again; a call left with no unit returns to pending. */
export function unassignUnit(call: Call, unit: UnitDoc, ctx: CommandContext): { call: Call; unit: UnitDoc } {
  if (unit.currentCallId !== call.id || !call.assignedUnitIds.includes(unit.id)) {
    throw new DomainError('not_found', `${unitLabel(unit)} is not assigned to ${callLabel(call)}`);
  }
  return { unit: releaseUnit(unit, ctx), call: callWithoutUnit(call, unit.id, ctx) };
}

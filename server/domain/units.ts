import type { Call } from '../../shared/call';
import type { Position } from '../../shared/geo';
import { UNIT_TRANSITIONS, canUnitMove } from '../../shared/transitions';
import type { PositionInput, PutUnitInput, UnitDoc, UnitStatus } from '../../shared/unit';
import type { CommandContext } from './context';
import { DomainError, assertVersion } from './errors';

export const unitLabel = (unit: Pick<UnitDoc, 'callsign' | 'id'>): string => `unit ${unit.callsign}`;

/** Statuses in which a unit is working a call. */
export const ON_CALL_STATUSES: ReadonlySet<UnitStatus> = new Set(['dispatched', 'enroute', 'onscene', 'transporting']);

export function toPosition(input: PositionInput, now: number): Position {
  return { lat: input.lat, lon: input.lon, heading: input.heading ?? null, at: input.at ?? now };
}

/** Creates a unit, or replaces its roster fields; its status and call survive a replace. */
export function putUnit(existing: UnitDoc | null, id: string, input: PutUnitInput, ctx: CommandContext): UnitDoc {
  const capabilities = { cit: false, clinician: false, paramedic: false, languages: [], ...existing?.capabilities, ...input.capabilities };
  if (existing) {
    assertVersion(unitLabel(existing), existing, input.expectedVersion, ctx.now);
    let status = existing.status;
    if (input.status !== undefined && input.status !== existing.status) {
      if (ON_CALL_STATUSES.has(existing.status)) {
        throw new DomainError('transition_forbidden', `${unitLabel(existing)} is on a call; clear it before changing its roster status`);
      }
      status = input.status;
    }
    return {
      ...existing,
      callsign: input.callsign,
      type: input.type,
      status,
      statusSince: status === existing.status ? existing.statusSince : ctx.now,
      capabilities,
      shift: input.shift === undefined ? existing.shift : input.shift,
      version: existing.version + 1,
      updatedAt: ctx.now,
      updatedBy: ctx.by,
    };
  }
  return {
    id,
    callsign: input.callsign,
    type: input.type,
    status: input.status ?? 'available',
    statusSince: ctx.now,
    currentCallId: null,
    capabilities,
    shift: input.shift ?? null,
    version: 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
  };
}

/** The unit freed from its call (cleared, call closed, or unassigned). */
export function releaseUnit(unit: UnitDoc, ctx: CommandContext): UnitDoc {
  return { ...unit, status: 'available', statusSince: ctx.now, currentCallId: null, version: unit.version + 1, updatedAt: ctx.now, updatedBy: ctx.by };
}

/** The call with one unit taken off; a call left with no unit goes back to the queue. */
export function callWithoutUnit(call: Call, unitId: string, ctx: CommandContext): Call {
  const assignedUnitIds = call.assignedUnitIds.filter((id) => id !== unitId);
  const backToQueue = assignedUnitIds.length === 0 && ON_CALL_STATUS_OF_CALL.has(call.status);
  return {
    ...call,
    assignedUnitIds,
    status: backToQueue ? 'pending' : call.status,
    statusSince: backToQueue ? ctx.now : call.statusSince,
    version: call.version + 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
  };
}
const ON_CALL_STATUS_OF_CALL: ReadonlySet<Call['status']> = new Set(['dispatched', 'enroute', 'onscene']);

/**
 * A unit reports a new status. Progress rolls up to its call (first unit en route makes the
 * call en route, first on scene makes it on scene); clearing takes the unit off its call.
 */
export function setUnitStatus(
  unit: UnitDoc,
  call: Call | null,
  to: UnitStatus,
  expectedVersion: number | undefined,
  ctx: CommandContext,
): { unit: UnitDoc; call: Call | null } {
  assertVersion(unitLabel(unit), unit, expectedVersion, ctx.now);
  if (to === unit.status) return { unit, call: null };
  if (!canUnitMove(unit.status, to)) {
    const allowed = UNIT_TRANSITIONS[unit.status];
    throw new DomainError('transition_forbidden', `${unitLabel(unit)} cannot go from ${unit.status} to ${to}; allowed: ${allowed.join(', ')}`, {
      from: unit.status,
      to,
      allowed,
    });
  }
  if (to === 'dispatched') {
    throw new DomainError('transition_forbidden', `${unitLabel(unit)} is dispatched by assigning it to a call`);
  }
  if (ON_CALL_STATUSES.has(to) && !call) {
    throw new DomainError('transition_forbidden', `${unitLabel(unit)} has no call to be ${to} for`);
  }
  if (!ON_CALL_STATUSES.has(to) && call) {
    return { unit: { ...releaseUnit(unit, ctx), status: to }, call: callWithoutUnit(call, unit.id, ctx) };
  }
  const nextUnit: UnitDoc = { ...unit, status: to, statusSince: ctx.now, version: unit.version + 1, updatedAt: ctx.now, updatedBy: ctx.by };
  let nextCall: Call | null = null;
  if (call) {
    const rollUp = (to === 'enroute' && call.status === 'dispatched') || (to === 'onscene' && (call.status === 'dispatched' || call.status === 'enroute'));
    if (rollUp) nextCall = { ...call, status: to, statusSince: ctx.now, version: call.version + 1, updatedAt: ctx.now, updatedBy: ctx.by };
  }
  return { unit: nextUnit, call: nextCall };
}

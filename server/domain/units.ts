import type { Call, Disposition } from '../../shared/call';
import type { Destination } from '../../shared/destination';
import type { Position } from '../../shared/geo';
import { UNIT_TRANSITIONS, canUnitMove } from '../../shared/transitions';
import { isCoResponseType, type PositionInput, type PutUnitInput, type UnitDoc, type UnitStatus } from '../../shared/unit';
import type { CommandContext } from './context';
import { DomainError, assertVersion } from './errors';
import { unitLabel, unitStatusWords } from './labels';
import { nextCall, nextUnit } from './stamp';

export { unitLabel };

/** Statuses in which a unit is working a call. */
export const ON_CALL_STATUSES: ReadonlySet<UnitStatus> = new Set(['dispatched', 'enroute', 'onscene', 'transporting']);
const CALL_WORKED: ReadonlySet<Call['status']> = new Set(['dispatched', 'enroute', 'onscene']);

export function toPosition(input: PositionInput, now: number): Position {
  return { lat: input.lat, lon: input.lon, heading: input.heading ?? null, at: input.at ?? now };
}

/** Creates a unit, or replaces its roster fields; its status and call survive a replace. */
export function putUnit(existing: UnitDoc | null, id: string, input: PutUnitInput, ctx: CommandContext): UnitDoc {
  const capabilities = { cit: false, clinician: false, paramedic: false, languages: [], ...existing?.capabilities, ...input.capabilities };
  if (existing) {
    assertVersion(unitLabel(existing), existing, input.expectedVersion, ctx.now);
    if (input.status !== undefined && input.status !== existing.status && ON_CALL_STATUSES.has(existing.status)) {
      throw new DomainError('transition_forbidden', `${unitLabel(existing)} is on a call; clear it before changing its roster status`);
    }
    return nextUnit(existing, ctx, {
      callsign: input.callsign,
      type: input.type,
      status: input.status ?? existing.status,
      capabilities,
      shift: input.shift === undefined ? existing.shift : input.shift,
    });
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
    lastCheckInAt: null,
    version: 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
  };
}

/** The unit freed from its call (cleared, call closed, or unassigned). */
export function releaseUnit(unit: UnitDoc, ctx: CommandContext, status: UnitStatus = 'available'): UnitDoc {
  return nextUnit(unit, ctx, { status, currentCallId: null, lastCheckInAt: null });
}

/**
 * The call with one unit taken off. A call left with no unit is closed when a disposition is
 * given (the last unit cleared it), and otherwise goes back to the queue.
 */
export function callWithoutUnit(call: Call, unit: UnitDoc, ctx: CommandContext, how: string, disposition?: Disposition): Call {
  const assignedUnitIds = call.assignedUnitIds.filter((id) => id !== unit.id);
  const history: [Call['timeline'][number]['kind'], string][] = [['unassigned', `${unit.callsign} ${how}`]];
  let status = call.status;
  if (assignedUnitIds.length === 0 && CALL_WORKED.has(call.status)) {
    status = disposition ? 'closed' : 'pending';
    history.push(['status', disposition ? `Closed: ${disposition.replaceAll('_', ' ')}` : 'Back to pending: no unit left on the call']);
  }
  return nextCall(call, ctx, { assignedUnitIds, status, disposition: status === 'closed' ? (disposition ?? null) : call.disposition }, history);
}

/** A destination is where a transport goes: with any other status it is a mistake, refused as a bad field. */
export function assertDestinationFits(to: UnitStatus, hasDestination: boolean): void {
  if (hasDestination && to !== 'transporting') {
    throw new DomainError('bad_request', `destinationId: a destination goes with status transporting, not ${to}`, {
      issues: [{ path: 'destinationId', message: 'only with status transporting' }],
    });
  }
}

/**
 * A unit reports a new status. Progress rolls up to its call (first unit en route makes the
 * call en route, first on scene makes it on scene); clearing takes the unit off its call.
 * `destination`: where a unit going transporting takes the person (only with 'transporting'; a
 * unit already transporting may be sent elsewhere, as when the first place has no bed).
 */
export function setUnitStatus(
  unit: UnitDoc,
  call: Call | null,
  to: UnitStatus,
  expectedVersion: number | undefined,
  ctx: CommandContext,
  disposition?: Disposition,
  destination?: Pick<Destination, 'id' | 'name'>,
): { unit: UnitDoc; call: Call | null } {
  assertVersion(unitLabel(unit), unit, expectedVersion, ctx.now);
  assertDestinationFits(to, destination !== undefined);
  if (to === unit.status) return destination && call && to === 'transporting' ? redirect(unit, call, destination, ctx) : { unit, call: null };
  if (!canUnitMove(unit.status, to)) {
    const allowed = UNIT_TRANSITIONS[unit.status];
    throw new DomainError('transition_forbidden', `${unitLabel(unit)} cannot go from ${unit.status} to ${to}; allowed: ${allowed.join(', ')}`, {
      from: unit.status,
      to,
      allowed,
    });
  }
  if (to === 'dispatched') throw new DomainError('transition_forbidden', `${unitLabel(unit)} is dispatched by assigning it to a call`);
  if (ON_CALL_STATUSES.has(to) && !call) throw new DomainError('transition_forbidden', `${unitLabel(unit)} has no call to be ${unitStatusWords(to)} for`);
  if (!ON_CALL_STATUSES.has(to) && call) {
    return { unit: releaseUnit(unit, ctx, to), call: callWithoutUnit(call, unit, ctx, `cleared (${unitStatusWords(to)})`, disposition) };
  }
  // Civilian teams start their check-in clock when they arrive.
  const arriving = to === 'onscene' && isCoResponseType(unit.type);
  const nextU = nextUnit(unit, ctx, { status: to, lastCheckInAt: arriving ? ctx.now : unit.lastCheckInAt, destinationId: destination?.id });
  if (!call) return { unit: nextU, call: null };
  const rollUp = (to === 'enroute' && call.status === 'dispatched') || (to === 'onscene' && (call.status === 'dispatched' || call.status === 'enroute'));
  const where = destination ? ` to ${destination.name}` : '';
  const nextC = nextCall(call, ctx, rollUp ? { status: to } : {}, [['unit_status', `${unit.callsign} ${unitStatusWords(to)}${where}`]]);
  return { unit: nextU, call: nextC };
}

/** A transporting unit sent to another destination (or told one for the first time). */
function redirect(unit: UnitDoc, call: Call, destination: Pick<Destination, 'id' | 'name'>, ctx: CommandContext): { unit: UnitDoc; call: Call | null } {
  if (unit.destinationId === destination.id) return { unit, call: null };
  const text = unit.destinationId ? `${unit.callsign} now transporting to ${destination.name}` : `${unit.callsign} transporting to ${destination.name}`;
  return { unit: nextUnit(unit, ctx, { destinationId: destination.id }), call: nextCall(call, ctx, {}, [['unit_status', text]]) };
}

/** A civilian team on scene reports it is safe: the check-in clock starts again. */
export function checkIn(unit: UnitDoc, call: Call | null, ctx: CommandContext): { unit: UnitDoc; call: Call | null } {
  if (unit.status !== 'onscene' || !call) {
    throw new DomainError('transition_forbidden', `${unitLabel(unit)} is not on scene; only units on scene check in`);
  }
  return {
    unit: nextUnit(unit, ctx, { lastCheckInAt: ctx.now }),
    call: nextCall(call, ctx, {}, [['check_in', `${unit.callsign} checked in`]]),
  };
}

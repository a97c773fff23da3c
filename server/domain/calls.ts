import type { Call, CallStatus, CreateCallInput, PatchCallInput } from '../../shared/call';
import { isOpenCall } from '../../shared/call';
import { CALL_TRANSITIONS, canCallMove } from '../../shared/transitions';
import type { UnitDoc } from '../../shared/unit';
import type { CommandContext } from './context';
import { DomainError, assertVersion } from './errors';
import { initialMh, mhAfterNote, mhSetByDispatcher } from './mh';
import { releaseUnit } from './units';

export const callLabel = (call: Pick<Call, 'number'>): string => `call ${call.number}`;

export function formatCallNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(6, '0')}`;
}

export function newCall(
  input: CreateCallInput,
  ids: { id: string; number: string },
  keywords: readonly string[],
  ctx: CommandContext,
): Call {
  const notes = input.notes ? [{ at: ctx.now, by: ctx.by, text: input.notes }] : [];
  return {
    id: ids.id,
    number: ids.number,
    version: 1,
    createdAt: input.at ?? ctx.now,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
    statusSince: ctx.now,
    priority: input.priority,
    nature: input.nature.toUpperCase(),
    location: input.location,
    status: 'pending',
    assignedUnitIds: [],
    notes,
    callerPhone: input.callerPhone ?? null,
    externalId: input.externalId ?? null,
    mh: initialMh(input.nature, input.notes ?? '', keywords, input.weapons ?? 'unknown', input.violence ?? 'unknown'),
  };
}

function forbidCallMove(call: Call, to: CallStatus): never {
  const allowed = CALL_TRANSITIONS[call.status];
  throw new DomainError(
    'transition_forbidden',
    `${callLabel(call)} cannot go from ${call.status} to ${to}; allowed: ${allowed.join(', ') || 'none'}`,
    { from: call.status, to, allowed },
  );
}

/** Statuses that follow from units: set by assigning and by unit progress, never by hand. */
const UNIT_DRIVEN: ReadonlySet<CallStatus> = new Set(['dispatched', 'enroute', 'onscene']);

/**
 * Applies a PATCH to a call. `units` are the call's assigned units: closing or cancelling a
 * call clears them, which is what a dispatcher expects when the incident is over.
 */
export function patchCall(
  call: Call,
  units: readonly UnitDoc[],
  patch: PatchCallInput,
  keywords: readonly string[],
  expectedVersion: number | undefined,
  ctx: CommandContext,
): { call: Call; units: UnitDoc[] } {
  assertVersion(callLabel(call), call, expectedVersion, ctx.now);
  let next: Call = { ...call };
  let releasedUnits: UnitDoc[] = [];

  if (patch.status !== undefined && patch.status !== call.status) {
    const to = patch.status;
    if (!canCallMove(call.status, to)) forbidCallMove(call, to);
    if (UNIT_DRIVEN.has(to)) {
      throw new DomainError('transition_forbidden', `${callLabel(call)} becomes ${to} through its units: assign a unit or set the unit's status`, {
        from: call.status,
        to,
        allowed: CALL_TRANSITIONS[call.status].filter((s) => !UNIT_DRIVEN.has(s)),
      });
    }
    if (to === 'pending' && call.assignedUnitIds.length > 0) {
      throw new DomainError('transition_forbidden', `${callLabel(call)} still has units; unassign them to return it to pending`);
    }
    if (!isOpenCall({ status: to })) {
      releasedUnits = units.filter((u) => u.currentCallId === call.id).map((u) => releaseUnit(u, ctx));
      next.assignedUnitIds = [];
    }
    next.status = to;
    next.statusSince = ctx.now;
  }
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.weapons !== undefined) next.mh = { ...next.mh, weapons: patch.weapons };
  if (patch.violence !== undefined) next.mh = { ...next.mh, violence: patch.violence };
  if (patch.note !== undefined) {
    next.notes = [...next.notes, { at: ctx.now, by: ctx.by, text: patch.note }];
    next.mh = mhAfterNote(next.mh, patch.note, keywords);
  }
  if (patch.mhFlag !== undefined) {
    next.mh = mhSetByDispatcher(next.mh, patch.mhFlag.flagged);
    if (patch.mhFlag.reason) {
      const verb = patch.mhFlag.flagged ? 'flagged' : 'cleared';
      next.notes = [...next.notes, { at: ctx.now, by: ctx.by, text: `Mental-health flag ${verb}: ${patch.mhFlag.reason}` }];
    }
  }
  next = { ...next, version: call.version + 1, updatedAt: ctx.now, updatedBy: ctx.by };
  return { call: next, units: releasedUnits };
}

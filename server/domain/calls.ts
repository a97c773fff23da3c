import type { Call, CallerPhoneSource, CallStatus, CreateCallInput, PatchCallInput } from '../../shared/call';
import { isOpenCall, NOTE_LIMITS } from '../../shared/call';
import { natureOf } from '../../shared/natures';
import { CALL_TRANSITIONS, canCallMove } from '../../shared/transitions';
import type { UnitDoc } from '../../shared/unit';
import type { CommandContext } from './context';
import { DomainError } from './errors';
import { assertFieldsFresh } from './field-edits';
import { callLabel } from './labels';
import { describeMhReasons, initialMh, mhAfterNote, mhSetByDispatcher } from './mh';
import { nextCall } from './stamp';
import { releaseUnit } from './units';

export { callLabel };

export function formatCallNumber(year: number, n: number): string {
  return `${year}-${String(n).padStart(6, '0')}`;
}

/** `phoneSource`: who reported the caller's phone (see Call.callerPhoneSource). */
export function newCall(
  input: CreateCallInput,
  ids: { id: string; number: string },
  keywords: readonly string[],
  ctx: CommandContext,
  phoneSource: CallerPhoneSource,
): Call {
  const notes = input.notes ? [{ at: ctx.now, by: ctx.by, text: input.notes }] : [];
  const mh = initialMh(input.nature, input.notes ?? '', keywords, input.weapons ?? 'unknown', input.violence ?? 'unknown');
  const entry = (kind: Call['timeline'][number]['kind'], text: string) => ({ at: ctx.now, by: ctx.by, kind, text });
  const timeline = [entry('created', `Call created: ${natureOf(input.nature).label}, priority ${input.priority}`)];
  if (mh.flagged) timeline.push(entry('flagged', `Flagged mental-health: ${describeMhReasons(mh)}`));
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
    timeline,
    disposition: null,
    assignedAt: null,
    callerPhone: input.callerPhone ?? null,
    ...(input.callerPhone ? { callerPhoneSource: phoneSource } : {}),
    externalId: input.externalId ?? null,
    ...(input.language ? { language: input.language } : {}),
    mh,
    // Kept from the start, so a later edit on an older view is judged field by field.
    fieldEdits: {},
  };
}

/** Statuses that follow from units: set by assigning and by unit progress, never by hand. */
const UNIT_DRIVEN: ReadonlySet<CallStatus> = new Set(['dispatched', 'enroute', 'onscene']);

function refuseStatus(call: Call, to: CallStatus, why?: string): never {
  const allowed = CALL_TRANSITIONS[call.status].filter((s) => !UNIT_DRIVEN.has(s));
  throw new DomainError('transition_forbidden', why ?? `${callLabel(call)} cannot go from ${call.status} to ${to}; allowed: ${allowed.join(', ') || 'none'}`, {
    from: call.status,
    to,
    allowed,
  });
}

/**
 * Applies a PATCH to a call. `units` are the call's assigned units: closing or cancelling a
 * call clears them, which is what a dispatcher expects when the incident is over. Closing
 * needs a disposition; reopening a finished call needs a reason.
 */
export function patchCall(
  call: Call,
  units: readonly UnitDoc[],
  patch: PatchCallInput,
  keywords: readonly string[],
  expectedVersion: number | undefined,
  ctx: CommandContext,
): { call: Call; units: UnitDoc[] } {
  assertFieldsFresh(call, patch, expectedVersion, ctx.now);
  const changes: Partial<Call> = {};
  const history: [Call['timeline'][number]['kind'], string][] = [];
  let releasedUnits: UnitDoc[] = [];

  if (patch.status !== undefined && patch.status !== call.status) {
    const to = patch.status;
    if (!canCallMove(call.status, to)) refuseStatus(call, to);
    if (UNIT_DRIVEN.has(to)) refuseStatus(call, to, `${callLabel(call)} becomes ${to} through its units: assign a unit or set the unit's status`);
    if (to === 'pending' && call.assignedUnitIds.length > 0) {
      refuseStatus(call, to, `${callLabel(call)} still has units; unassign them to return it to pending`);
    }
    const reopening = !isOpenCall(call);
    if (reopening && !patch.reason) refuseStatus(call, to, `reopening ${callLabel(call)} needs a reason`);
    if (to === 'closed' && !patch.disposition) refuseStatus(call, to, `closing ${callLabel(call)} needs a disposition`);
    if (!isOpenCall({ status: to })) {
      releasedUnits = units.filter((u) => u.currentCallId === call.id).map((u) => releaseUnit(u, ctx));
      changes.assignedUnitIds = [];
    }
    changes.status = to;
    changes.disposition = to === 'closed' ? (patch.disposition ?? null) : null;
    if (reopening) history.push(['reopened', `Reopened: ${patch.reason}`]);
    else history.push(['status', to === 'closed' ? `Closed: ${patch.disposition!.replaceAll('_', ' ')}` : `Status ${call.status} → ${to}`]);
  }
  if (patch.priority !== undefined && patch.priority !== call.priority) {
    changes.priority = patch.priority;
    history.push(['priority', `Priority ${call.priority} → ${patch.priority}`]);
  }
  if (patch.language !== undefined && patch.language !== (call.language ?? null)) {
    changes.language = patch.language;
    history.push(['language', patch.language ? `Caller's language: ${patch.language}` : "Caller's language cleared"]);
  }
  let mh = call.mh;
  if ((patch.weapons !== undefined && patch.weapons !== mh.weapons) || (patch.violence !== undefined && patch.violence !== mh.violence)) {
    mh = { ...mh, weapons: patch.weapons ?? mh.weapons, violence: patch.violence ?? mh.violence };
    history.push(['risk', `Weapons: ${mh.weapons}; violence: ${mh.violence}`]);
  }
  let notes = call.notes;
  if (patch.note !== undefined) {
    checkNoteRoom(call, patch.note);
    notes = [...notes, { at: ctx.now, by: ctx.by, text: patch.note }];
    const before = mh;
    mh = mhAfterNote(mh, patch.note, keywords);
    if (!before.flagged && mh.flagged) history.push(['flagged', `Flagged mental-health: ${describeMhReasons(mh)}`]);
  }
  if (patch.mhFlag !== undefined && patch.mhFlag.flagged !== mh.flagged) {
    mh = mhSetByDispatcher(mh, patch.mhFlag.flagged);
    const why = patch.mhFlag.reason ? `: ${patch.mhFlag.reason}` : '';
    history.push(patch.mhFlag.flagged ? ['flagged', `Flagged mental-health by hand${why}`] : ['unflagged', `Mental-health flag cleared${why}`]);
  } else if (patch.mhFlag?.flagged && !mh.reasons.includes('dispatcher')) {
    // Flagged already (by the profile, say), and now confirmed by a person: that is what lets
    // the open floor see it (server/live/audiences.ts).
    mh = mhSetByDispatcher(mh, true);
    const why = patch.mhFlag.reason ? `: ${patch.mhFlag.reason}` : '';
    history.push(['flagged', `Mental-health flag confirmed by hand${why}`]);
  }
  if (mh !== call.mh) changes.mh = mh;
  if (notes !== call.notes) changes.notes = notes;
  return { call: nextCall(call, ctx, changes, history), units: releasedUnits };
}

/** Refuses a note past the bounds of NOTE_LIMITS, saying which one and what to do instead. */
function checkNoteRoom(call: Call, note: string): void {
  if (call.notes.length >= NOTE_LIMITS.perCall) {
    throw new DomainError(
      'bad_request',
      `${callLabel(call)} already has ${call.notes.length} notes, the most a call holds (${NOTE_LIMITS.perCall}); gather what is left to say in one note, or open a new call that refers to this one`,
    );
  }
  const used = call.notes.reduce((n, x) => n + x.text.length, 0);
  if (used + note.length > NOTE_LIMITS.charsPerCall) {
    throw new DomainError(
      'bad_request',
      `${callLabel(call)}'s notes would pass ${NOTE_LIMITS.charsPerCall.toLocaleString('en-US')} characters in all (they have ${used.toLocaleString('en-US')}); shorten this note, or open a new call that refers to this one`,
    );
  }
}

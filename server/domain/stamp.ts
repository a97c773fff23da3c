import type { Call, TimelineEntry } from '../../shared/call';
import type { UnitDoc } from '../../shared/unit';
import type { CommandContext } from './context';
import { withFieldEdits } from './field-edits';

type TimelineKind = TimelineEntry['kind'];

/** The next version of a call: fields changed, version bumped, who and when recorded, history appended. */
export function nextCall(call: Call, ctx: CommandContext, changes: Partial<Call>, history: [TimelineKind, string][] = []): Call {
  const statusChanged = changes.status !== undefined && changes.status !== call.status;
  const next: Call = {
    ...call,
    ...changes,
    statusSince: statusChanged ? ctx.now : (changes.statusSince ?? call.statusSince),
    timeline: history.length ? [...call.timeline, ...history.map(([kind, text]) => ({ at: ctx.now, by: ctx.by, kind, text }))] : call.timeline,
    version: call.version + 1,
    editedVersion: ctx.system ? (call.editedVersion ?? call.version) : call.version + 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
  };
  // Only calls that keep a record (made since field edits were kept) get one.
  return call.fieldEdits ? withFieldEdits(call, next, ctx) : next;
}

/**
 * The next version of a unit document, like nextCall. A destination belongs to a transport: a
 * unit that is no longer transporting (cleared, call closed, unassigned) loses it here, in one
 * place, whichever rule moved it.
 */
export function nextUnit(unit: UnitDoc, ctx: CommandContext, changes: Partial<UnitDoc>): UnitDoc {
  const statusChanged = changes.status !== undefined && changes.status !== unit.status;
  const { destinationId, ...next }: UnitDoc = {
    ...unit,
    ...changes,
    statusSince: statusChanged ? ctx.now : unit.statusSince,
    version: unit.version + 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
  };
  return next.status === 'transporting' && destinationId !== undefined ? { ...next, destinationId } : next;
}

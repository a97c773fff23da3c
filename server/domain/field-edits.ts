import { EDITABLE_CALL_FIELDS, type Call, type EditableCallField, type FieldEdit, type PatchCallInput } from '../../shared/call';
import type { CommandContext } from './context';
import { ago, assertCallVersion, DomainError } from './errors';
import { callLabel } from './labels';

/** Each editable field as people read it, for the record and for a conflict's message. */
const VALUE_OF: Readonly<Record<EditableCallField, (call: Call) => string>> = {
  status: (c) => c.status,
  priority: (c) => `P${c.priority}`,
  weapons: (c) => c.mh.weapons,
  violence: (c) => c.mh.violence,
  mhFlag: (c) => (c.mh.flagged ? 'flagged' : 'not flagged'),
  language: (c) => c.language ?? 'not set',
};

const LABEL: Readonly<Record<EditableCallField, string>> = {
  status: 'status',
  priority: 'priority',
  weapons: 'weapons',
  violence: 'violence',
  mhFlag: 'the MH flag',
  language: "the caller's language",
};

/** `next`'s record of field edits: the fields that differ from `prev` are stamped with `next`'s version. */
export function withFieldEdits(prev: Call, next: Call, ctx: CommandContext): Call {
  let edits: Call['fieldEdits'] = next.fieldEdits;
  for (const field of EDITABLE_CALL_FIELDS) {
    const from = VALUE_OF[field](prev);
    const to = VALUE_OF[field](next);
    if (from !== to) edits = { ...edits, [field]: { version: next.version, by: ctx.by, at: ctx.now, from, to } satisfies FieldEdit };
  }
  return edits === next.fieldEdits ? next : { ...next, fieldEdits: edits };
}

/** The editable fields a patch sets. A note is appended, so it never collides. */
export function fieldsOf(patch: PatchCallInput): EditableCallField[] {
  const fields: EditableCallField[] = [];
  if (patch.status !== undefined) fields.push('status');
  if (patch.priority !== undefined) fields.push('priority');
  if (patch.weapons !== undefined) fields.push('weapons');
  if (patch.violence !== undefined) fields.push('violence');
  if (patch.mhFlag !== undefined) fields.push('mhFlag');
  if (patch.language !== undefined) fields.push('language');
  return fields;
}

/**
 * Refuses a patch made on an older view only when a field it sets changed since that view, saying
 * which, from what to what, by whom and when; edits of other fields both land. A call without a
 * record of field edits (from before it was kept) is judged whole, as before.
 */
export function assertFieldsFresh(call: Call, patch: PatchCallInput, expected: number | undefined, now: number): void {
  if (expected === undefined || !call.fieldEdits || expected > call.version) return assertCallVersion(callLabel(call), call, expected, now);
  for (const field of fieldsOf(patch)) {
    const edit = call.fieldEdits[field];
    if (!edit || edit.version <= expected) continue;
    throw new DomainError(
      'conflict',
      `${LABEL[field]} of ${callLabel(call)} was changed by ${edit.by} ${ago(now - edit.at)}, from ${edit.from} to ${edit.to}, after you looked; your change was not saved`,
      { field, from: edit.from, to: edit.to, by: edit.by, at: edit.at },
    );
  }
}

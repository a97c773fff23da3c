import { isOpenCall } from '../../shared/call';
import { compactCall } from '../../shared/call-wire';
import type { CallSummary, ChangeBatch, LiveChange } from '../../shared/changes';

type Summary = CallSummary & Record<string, unknown>;

/**
 * The fields of `next` that differ from `prev` (nested parts compared whole, as JSON), or null
 * when `next` lacks a field `prev` had: a patch cannot say "removed", so the call goes whole.
 */
export function summaryPatch(prev: CallSummary, next: CallSummary): Partial<CallSummary> | null {
  const before = prev as Summary;
  const after = next as Summary;
  for (const key of Object.keys(before)) if (!(key in after)) return null;
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    const was = before[key];
    if (was === value) continue;
    if (typeof value !== 'object' || value === null || typeof was !== 'object' || was === null || JSON.stringify(was) !== JSON.stringify(value))
      set[key] = value;
  }
  return set as Partial<CallSummary>;
}

/**
 * Turns one audience's live batches into what its screens need: a call they already hold as the
 * fields that changed (`callPatch`), a call new to them without its defaults (`callNew`,
 * shared/call-wire.ts); issue 8: a call change carried the whole call, 741 bytes against the
 * 211 a board needs to draw the change.
 *
 * It remembers each open call as the audience's live room was last sent it. Every socket in the
 * room holds exactly that: a screen joins the room only after its snapshot or catch-up batch
 * (whole calls) brought it to the room's sequence number, and every live batch goes to every
 * socket in it. When the room empties, or the state is reloaded, it forgets everything, so the
 * next change of each call goes as new again. A screen that somehow lacks a patched call resumes
 * (client/src/lib/apply-changes.ts), as after a gap.
 */
export class CallPatchEncoder {
  readonly #sent = new Map<string, CallSummary>();

  encode(batch: ChangeBatch): ChangeBatch {
    let changes: LiveChange[] | null = null;
    batch.changes.forEach((c, i) => {
      if (c.kind !== 'call') return;
      const next = c.call;
      const prev = this.#sent.get(next.id);
      if (isOpenCall(next)) this.#sent.set(next.id, next);
      else this.#sent.delete(next.id);
      const set = prev ? summaryPatch(prev, next) : null;
      changes ??= [...batch.changes];
      changes[i] = set ? { kind: 'callPatch', id: next.id, set } : { kind: 'callNew', call: compactCall(next) };
    });
    return changes ? { ...batch, changes } : batch;
  }

  /** Nobody holds what was sent (the room emptied, or the state was reloaded). */
  forget(): void {
    this.#sent.clear();
  }
}

import { stepIndex, type KeyInfo } from './shortcuts';

/**
 * The DOM side of the board's keyboard use: where focus is and where it goes. The decisions
 * (which key does what) are `shortcuts.ts`'s, which is pure and tested; this file only reads
 * and moves focus, so the board view does not carry selectors.
 */

const ROW = '[data-testid="call-row"]';
const DRAWER = '[data-testid="call-drawer"]';

/** What a shortcut needs to know of a key press and where it happened. */
export function keyInfoOf(event: KeyboardEvent): KeyInfo {
  const target = event.target instanceof HTMLElement ? event.target : null;
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    targetTag: target?.tagName,
    targetType: target instanceof HTMLInputElement ? target.type : undefined,
    targetEditable: target?.isContentEditable,
    inDialog: isInDialog(event),
    inQueue: target?.closest(ROW) != null,
  };
}

export function isInDialog(event: Event): boolean {
  return event.target instanceof HTMLElement && event.target.closest('dialog') != null;
}

export function isInDrawer(event: Event): boolean {
  return event.target instanceof HTMLElement && event.target.closest(DRAWER) != null;
}

/** The queue's row buttons, in order on screen. */
function queueButtons(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(`${ROW} > button`)];
}

/** Moves focus one row along the queue; with no row focused, from the open call's row. */
export function moveInQueue(delta: 1 | -1, openCallId: string | null): void {
  const rows = queueButtons();
  let current = rows.findIndex((b) => b === document.activeElement);
  if (current < 0 && openCallId) current = rows.findIndex((b) => b.parentElement?.dataset['callId'] === openCallId);
  const next = rows[stepIndex(current, rows.length, delta)];
  next?.focus();
  next?.scrollIntoView({ block: 'nearest' });
}

/** The call whose row has keyboard focus, if any. */
export function focusedRowCallId(): string | undefined {
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return active?.closest<HTMLElement>(ROW)?.dataset['callId'];
}

/**
 * Puts focus back on a call's row (where the user came from when the drawer closes); when the
 * call has left the queue (it was closed), on the queue's first row, the next call to take.
 * False when the queue has no row.
 */
export function focusCallRow(callId: string): boolean {
  const row = document.querySelector<HTMLElement>(`${ROW}[data-call-id="${CSS.escape(callId)}"] button`) ?? queueButtons()[0];
  row?.focus();
  return row !== undefined;
}

/** Focuses a control in the open drawer (the unit picker's search, the note field). */
export function focusInDrawer(selector: string): void {
  const el = document.querySelector<HTMLElement>(`${DRAWER} ${selector}`);
  el?.scrollIntoView({ block: 'center' });
  el?.focus();
}

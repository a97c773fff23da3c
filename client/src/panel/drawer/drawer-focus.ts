import type { SettledCommand } from '../../lib/command-runner.svelte';

/**
 * Where keyboard focus goes in the call drawer once a command is done. A pressed button is
 * disabled while its command runs, or goes away with the change it made, and the browser then
 * drops focus to the page: a keyboard user would have to Tab through the whole board again.
 * So after each command focus goes to the control a dispatcher uses next.
 */

/** What to focus after a command: `controls` (best first), once `ready` is in the drawer. */
export interface FocusTarget {
  /** Present once the live change the command made has reached the drawer. */
  ready: string;
  /** Selectors in the drawer; the first that matches takes focus. */
  controls: readonly string[];
}

/** A CSS attribute value, quoted (ids come from integrations and may hold anything). */
const quoted = (value: string): string => `"${value.replace(/["\\]/g, '\\$&')}"`;

/** The unit's row among the assigned units, in `status` when given. */
function unitRow(unitId: string, status?: string): string {
  return `[data-testid="assigned-unit"][data-unit-id=${quoted(unitId)}]${status ? `[data-status=${quoted(status)}]` : ''}`;
}

/** The unit's status actions (On scene, Clear...), else any of its buttons. */
function unitControls(unitId: string, status?: string): FocusTarget {
  const row = unitRow(unitId, status);
  return { ready: row, controls: [`${row} [data-testid="unit-status"]`, `${row} button`] };
}

const GONE: FocusTarget = { ready: '[data-testid="call-gone"]', controls: ['[data-testid="call-gone-close"]'] };
const NOTE: FocusTarget = { ready: '[data-testid="note-form"]', controls: ['[data-testid="note-text"]'] };
/** The call went back to the queue: it needs a unit again. */
const PICK_AGAIN: FocusTarget = { ready: '[data-testid="no-assigned-units"]', controls: ['[data-testid="picker-search"]'] };

const ENDED = new Set(['closed', 'cancelled']);

/**
 * The next control after a command, or null: then focus stays on (or goes back to) the control
 * that was used, which is also where a refused command leaves it, to try again.
 */
export function focusAfter(done: SettledCommand): FocusTarget | null {
  if (done.data === null) return null;
  switch (done.name) {
    // A unit was sent: its status actions come next (En route, On scene).
    case 'call:assign':
    case 'unit:reassign':
      return unitControls(done.payload.unitId);
    case 'unit:setStatus': {
      const call = done.data.call;
      if (call && ENDED.has(call.status)) return GONE;
      if (done.payload.status === 'available') return call?.status === 'pending' ? PICK_AGAIN : null;
      return unitControls(done.payload.unitId, done.payload.status);
    }
    case 'call:update':
      return done.payload.patch.status && ENDED.has(done.payload.patch.status) ? GONE : null;
    case 'call:note':
      return NOTE;
    default:
      return null;
  }
}

/** Focus has been dropped to the page (nothing, or the body, has it). */
export const focusLost = (): boolean => document.activeElement === null || document.activeElement === document.body;

/**
 * Moves focus to `target`'s control once it is in `drawer`, trying each animation frame for up to
 * `ms` (the live change that draws it may arrive after the command's answer). It stops as soon as
 * the user puts focus outside the drawer; when the target never comes (or is null) and focus was
 * dropped, `fallback()` takes it. Returns a function that stops the wait.
 */
export function focusWhenReady(drawer: HTMLElement, target: FocusTarget | null, fallback: () => void, ms = 3_000): () => void {
  const until = performance.now() + ms;
  let frame = 0;
  const step = (): void => {
    if (!focusLost() && !drawer.contains(document.activeElement)) return;
    if (target && drawer.querySelector(target.ready)) {
      const control = target.controls.map((c) => drawer.querySelector<HTMLElement>(c)).find((el) => el != null);
      if (control) control.focus();
      else if (focusLost()) fallback();
      return;
    }
    if (target && performance.now() < until) {
      frame = requestAnimationFrame(step);
      return;
    }
    if (focusLost()) fallback();
  };
  frame = requestAnimationFrame(step);
  return () => cancelAnimationFrame(frame);
}

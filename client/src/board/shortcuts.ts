/**
 * The board's keyboard shortcuts: one table for the handler and the help dialog, so the help
 * never lies. Single keys, no modifiers; they never fire while the user types in a field.
 */

export type ShortcutAction = 'focus-search' | 'next-call' | 'previous-call' | 'open-picker' | 'add-note' | 'toggle-mh' | 'units-tab' | 'help';

export interface ShortcutHelp {
  keys: readonly string[];
  what: string;
}

/** Shown in the "?" dialog, in this order (includes keys the browser and fields already handle). */
export const SHORTCUT_HELP: readonly ShortcutHelp[] = [
  { keys: ['/'], what: 'Search the call queue' },
  { keys: ['j', '↓'], what: 'Next call in the queue (arrow keys when the queue has focus)' },
  { keys: ['k', '↑'], what: 'Previous call in the queue' },
  { keys: ['Enter'], what: 'Open the call that has focus' },
  { keys: ['Enter'], what: 'In the queue search: open the only call found. In the unit picker’s callsign search: assign the only free unit found' },
  { keys: ['Esc'], what: 'Close the open dialog, choice or call' },
  { keys: ['a'], what: 'Assign a unit: free units nearest first (the keyboard way to drag a unit onto a call)' },
  { keys: ['n'], what: 'Add a note to the open call' },
  { keys: ['Ctrl+Enter'], what: 'In the note field: add the note (Enter alone starts a new line)' },
  { keys: ['m'], what: 'Show mental-health calls only (on / off)' },
  { keys: ['u'], what: 'Show all units by status' },
  { keys: ['?'], what: 'This list of shortcuts' },
];

const KEYS: Readonly<Record<string, ShortcutAction>> = {
  '/': 'focus-search',
  j: 'next-call',
  k: 'previous-call',
  a: 'open-picker',
  n: 'add-note',
  m: 'toggle-mh',
  u: 'units-tab',
  '?': 'help',
};

export interface KeyInfo {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focused element's tag name (upper case, as the DOM gives it), if any. */
  targetTag?: string | undefined;
  /** For an input: its type (a checkbox takes no text, so shortcuts still work there). */
  targetType?: string | undefined;
  targetEditable?: boolean | undefined;
  /** The focus is inside a modal dialog: its own keys only. */
  inDialog?: boolean | undefined;
  /** The focus is on a call row in the queue (arrow keys move there). */
  inQueue?: boolean | undefined;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

function isTyping(info: KeyInfo): boolean {
  if (info.targetEditable) return true;
  if (info.targetTag === undefined || !TYPING_TAGS.has(info.targetTag)) return false;
  return !(info.targetTag === 'INPUT' && NON_TEXT_INPUTS.has(info.targetType ?? 'text'));
}

/** The action a key press asks for, or null when it is not a shortcut here. */
export function shortcutFor(info: KeyInfo): ShortcutAction | null {
  if (info.ctrlKey || info.metaKey || info.altKey) return null;
  if (info.inDialog) return null;
  if (isTyping(info)) return null;
  if (info.inQueue && info.key === 'ArrowDown') return 'next-call';
  if (info.inQueue && info.key === 'ArrowUp') return 'previous-call';
  return KEYS[info.key] ?? null;
}

/** The index to move to in a list of `count`, from `current` (-1: none yet), clamped at the ends. */
export function stepIndex(current: number, count: number, delta: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return delta === 1 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + delta));
}

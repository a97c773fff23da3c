import type { Call } from '../../../shared/call';
import { natureOf } from '../../../shared/natures';

/**
 * Which calls deserve an alert: a call the board has never seen before that is priority 1 or
 * flagged mental-health. Pure, so the rules that make a dispatcher look up (and, as important,
 * the ones that keep the board quiet) are unit-tested:
 * - the first snapshot only teaches the board what exists: a page load is not news;
 * - a reconnect or resume replays calls the board already knew: no alert for those;
 * - a call that was already known and changes later (new note, new status) is not new.
 */

export type AlertKind = 'p1' | 'mh';

export interface CallAlert {
  callId: string;
  number: string;
  kind: AlertKind;
  /** What the live region says, e.g. "New priority 1 call: Shots fired". */
  message: string;
  /** P1 interrupts a screen reader; MH waits for a pause. */
  politeness: 'assertive' | 'polite';
}

export interface AlertScan {
  /** Every call id the board has seen; pass it back on the next scan. */
  known: Set<string>;
  /** New alert-worthy calls, most urgent first. */
  alerts: CallAlert[];
}

/** The alert for one call, or null when it is not alert-worthy. */
export function alertFor(call: Call): CallAlert | null {
  const label = natureOf(call.nature).label;
  if (call.priority === 1) {
    const mh = call.mh.flagged ? ' (mental health)' : '';
    return { callId: call.id, number: call.number, kind: 'p1', message: `New priority 1 call: ${label}${mh}`, politeness: 'assertive' };
  }
  if (call.mh.flagged) {
    return { callId: call.id, number: call.number, kind: 'mh', message: `New mental-health call: ${label}`, politeness: 'polite' };
  }
  return null;
}

/**
 * Compares the open calls with the ids seen so far. `known` null means nothing was seen yet
 * (the first snapshot): everything becomes known and nothing alerts. Ids of calls that left
 * the board stay known, so a replay that brings one back does not alert.
 */
export function scanForAlerts(known: ReadonlySet<string> | null, calls: Iterable<Call>): AlertScan {
  const next = new Set(known ?? []);
  const alerts: CallAlert[] = [];
  for (const call of calls) {
    if (next.has(call.id)) continue;
    next.add(call.id);
    if (known === null) continue;
    const alert = alertFor(call);
    if (alert) alerts.push(alert);
  }
  alerts.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'p1' ? -1 : 1));
  return { known: next, alerts };
}

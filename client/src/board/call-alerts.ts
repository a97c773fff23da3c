import type { CallSummary } from '../../../shared/changes';
import { natureOf } from '../../../shared/natures';
import { unitTimer, type TimerLimits } from '../../../shared/timers';
import type { UnitDoc } from '../../../shared/unit';

/**
 * Which calls deserve an alert: a call that becomes priority 1 or mental-health-flagged for the
 * first time while the board watches, whether it arrives that way or is raised or flagged
 * later (a caller's story changes; a linked safety profile or a dispatcher flags it). Pure, so
 * the rules that make a dispatcher look up (and, as important, the ones that keep the board
 * quiet) are unit-tested:
 * - the first snapshot only teaches the board what exists: a page load is not news;
 * - a reconnect or resume replays calls the board already knew: no alert for those;
 * - a change that brings nothing new (a note, a status, P1 again after a downgrade) is not news.
 */

/** 'checkin': a team missed its check-in; 'stuck': a unit dispatched too long without going en route. */
export type AlertKind = 'p1' | 'mh' | 'checkin' | 'stuck';

/** Alerts about a unit: they stay until the unit's situation changes, whatever arrives meanwhile. */
export const isUnitAlert = (kind: AlertKind): boolean => kind === 'checkin' || kind === 'stuck';

export interface CallAlert {
  /** One toast per key: the call for P1 and MH news; the unit and its missed check-in for a check-in. */
  key: string;
  callId: string;
  number: string;
  kind: AlertKind;
  /** What the live region says, e.g. "New priority 1 call: Shots fired". */
  message: string;
  /** P1 interrupts a screen reader; MH waits for a pause. */
  politeness: 'assertive' | 'polite';
  /** The team that missed its check-in. */
  unitId?: string;
}

/** What the board has seen of a call: whether it has ever been P1, ever MH-flagged. */
export interface SeenCall {
  p1: boolean;
  mh: boolean;
}

export interface AlertScan {
  /** Every call the board has seen; pass it back on the next scan. */
  known: ReadonlyMap<string, SeenCall>;
  /** Alerts for what is news, most urgent first. */
  alerts: CallAlert[];
}

const seenOf = (call: CallSummary): SeenCall => ({ p1: call.priority === 1, mh: call.mh.flagged });

/** The alert for a call new to the board, or null when it is not alert-worthy. */
export function alertFor(call: CallSummary): CallAlert | null {
  const label = natureOf(call.nature).label;
  if (call.priority === 1) {
    const mh = call.mh.flagged ? ' (mental health)' : '';
    return { key: call.id, callId: call.id, number: call.number, kind: 'p1', message: `New priority 1 call: ${label}${mh}`, politeness: 'assertive' };
  }
  if (call.mh.flagged) {
    return { key: call.id, callId: call.id, number: call.number, kind: 'mh', message: `New mental-health call: ${label}`, politeness: 'polite' };
  }
  return null;
}

/** The alert for a known call that has just become P1 or MH for the first time, or null. */
function alertForChange(call: CallSummary, before: SeenCall): CallAlert | null {
  const label = natureOf(call.nature).label;
  if (call.priority === 1 && !before.p1) {
    const mh = call.mh.flagged ? ' (mental health)' : '';
    return { key: call.id, callId: call.id, number: call.number, kind: 'p1', message: `Raised to priority 1: ${label}${mh}`, politeness: 'assertive' };
  }
  if (call.mh.flagged && !before.mh) {
    return { key: call.id, callId: call.id, number: call.number, kind: 'mh', message: `Now flagged mental-health: ${label}`, politeness: 'polite' };
  }
  return null;
}

/**
 * Compares the open calls with what was seen so far. `known` null means nothing was seen yet
 * (the first snapshot): everything becomes known and nothing alerts. Calls that left the board
 * stay known, so a replay that brings one back does not alert.
 */
export function scanForAlerts(known: ReadonlyMap<string, SeenCall> | null, calls: Iterable<CallSummary>): AlertScan {
  const next = new Map(known ?? []);
  const alerts: CallAlert[] = [];
  for (const call of calls) {
    const before = next.get(call.id);
    const now = seenOf(call);
    if (before && (before.p1 || !now.p1) && (before.mh || !now.mh)) continue;
    next.set(call.id, { p1: now.p1 || (before?.p1 ?? false), mh: now.mh || (before?.mh ?? false) });
    if (known === null) continue;
    const alert = before ? alertForChange(call, before) : alertFor(call);
    if (alert) alerts.push(alert);
  }
  alerts.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'p1' ? -1 : 1));
  return { known: next, alerts };
}

export interface CheckInScan {
  /** Keys of the check-ins missed right now; pass them back on the next scan. */
  missed: Set<string>;
  /** Check-ins missed since the last scan (or already missed at the first one). */
  alerts: CallAlert[];
}

/**
 * Civilian teams on scene whose check-in is overdue: the one alert that is news even at page
 * load, as a team that does not answer may be in danger. One alert per missed check-in (a team
 * that checks in and then misses the next one alerts again); `missed` also tells which alerts
 * are over (the team checked in or left the scene).
 */
export function scanCheckIns(
  before: ReadonlySet<string>,
  units: Iterable<UnitDoc>,
  calls: ReadonlyMap<string, CallSummary>,
  now: number,
  limits: TimerLimits,
): CheckInScan {
  const missed = new Set<string>();
  const alerts: CallAlert[] = [];
  for (const unit of units) {
    if (!unit.currentCallId) continue;
    const timer = unitTimer(unit, now, limits);
    const call = calls.get(unit.currentCallId);
    const on = call ? `call ${call.number} (${natureOf(call.nature).label})` : 'its call';
    const raise = (key: string, kind: AlertKind, message: string) => {
      missed.add(key);
      if (before.has(key)) return;
      alerts.push({ key, callId: unit.currentCallId!, number: call?.number ?? '', kind, message, politeness: 'assertive', unitId: unit.id });
    };
    if (timer.checkInMissed) raise(`checkin:${unit.id}@${unit.lastCheckInAt ?? unit.statusSince}`, 'checkin', `Check-in missed: ${unit.callsign} on ${on}`);
    if (timer.stuckDispatched) {
      const minutes = Math.floor(timer.secondsInStatus / 60);
      raise(`stuck:${unit.id}@${unit.statusSince}`, 'stuck', `${unit.callsign} dispatched ${minutes} min ago and not en route: ${on}`);
    }
  }
  return { missed, alerts };
}

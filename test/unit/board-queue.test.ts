import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { TimerLimits } from '../../shared/timers';
import type { Unit } from '../../shared/unit';
import { scanCheckIns, scanForAlerts } from '../../client/src/board/call-alerts';
import { EMPTY_FILTER, filterCalls, isFilterActive, parseFilter, toggled, type CallFilter } from '../../client/src/board/call-filters';
import { shortcutFor, stepIndex, type KeyInfo } from '../../client/src/board/shortcuts';
import { makeCall, makeUnit } from '../helpers/entities';

/** A plain P3 theft unless told otherwise. */
const call = (id: string, over: Partial<Call> = {}, mh: Partial<Call['mh']> = {}): Call =>
  makeCall(
    id,
    { nature: 'THEFT', location: { lat: 39.74, lon: -104.99, address: '100 Main Street' }, ...over },
    { flagged: false, reasons: [], weapons: 'unknown', violence: 'unknown', ...mh },
  );

const unit = (id: string, callsign: string): Unit => makeUnit(id, { callsign, status: 'dispatched' });

describe('queue filter', () => {
  const units = new Map([['u1', unit('u1', 'Adam-12')]]);
  const calls = [
    call('000001', { priority: 1, nature: 'SHOTS', location: { lat: 0, lon: 0, address: '5 Colfax Ave' } }),
    call('000002', { priority: 2, nature: 'WELFARE', status: 'dispatched', assignedUnitIds: ['u1'] }, { flagged: true }),
    call('000003', { priority: 4, nature: 'NOISE', status: 'onscene', location: { lat: 0, lon: 0 } }),
    call('000004', { priority: 2, nature: 'EDP' }, { flagged: true }),
  ];
  const ids = (filter: Partial<CallFilter>) => filterCalls(calls, { ...EMPTY_FILTER, ...filter }, units).map((c) => c.id);

  it('shows everything with no filter, in the order given', () => {
    expect(ids({})).toEqual(['000001', '000002', '000003', '000004']);
    expect(isFilterActive(EMPTY_FILTER)).toBe(false);
  });

  it('keeps the chosen priorities only (several at once)', () => {
    expect(ids({ priorities: [2] })).toEqual(['000002', '000004']);
    expect(ids({ priorities: [1, 4] })).toEqual(['000001', '000003']);
  });

  it('keeps the chosen statuses only', () => {
    expect(ids({ statuses: ['pending'] })).toEqual(['000001', '000004']);
    expect(ids({ statuses: ['dispatched', 'onscene'] })).toEqual(['000002', '000003']);
  });

  it('keeps MH calls only when asked, combined with the other filters', () => {
    expect(ids({ mhOnly: true })).toEqual(['000002', '000004']);
    expect(ids({ mhOnly: true, statuses: ['pending'] })).toEqual(['000004']);
  });

  it('searches number, nature label and code, address and assigned callsigns, ignoring case', () => {
    expect(ids({ search: '2026-000003' })).toEqual(['000003']);
    expect(ids({ search: 'shots FIRED' })).toEqual(['000001']);
    expect(ids({ search: 'edp' })).toEqual(['000004']);
    expect(ids({ search: 'colfax' })).toEqual(['000001']);
    expect(ids({ search: 'adam-12' })).toEqual(['000002']);
    // Every word must match somewhere.
    expect(ids({ search: 'welfare adam' })).toEqual(['000002']);
    expect(ids({ search: 'welfare colfax' })).toEqual([]);
    expect(ids({ search: '   ' })).toEqual(['000001', '000002', '000003', '000004']);
  });

  it('toggles chips', () => {
    expect(toggled([1, 2], 2)).toEqual([1]);
    expect(toggled([1], 3)).toEqual([1, 3]);
  });

  it('reads stored filters back safely, showing everything when the value is unexpected', () => {
    const stored: CallFilter = { priorities: [1, 2], statuses: ['pending'], mhOnly: true, search: 'x' };
    expect(parseFilter(JSON.stringify(stored))).toEqual(stored);
    expect(parseFilter(null)).toEqual(EMPTY_FILTER);
    expect(parseFilter('not json')).toEqual(EMPTY_FILTER);
    expect(parseFilter('"a string"')).toEqual(EMPTY_FILTER);
    expect(parseFilter(JSON.stringify({ priorities: [9, 1], statuses: ['closed', 'onscene'], mhOnly: 'yes', search: 4 }))).toEqual({
      priorities: [1],
      statuses: ['onscene'],
      mhOnly: false,
      search: '',
    });
  });
});

describe('new-call alerts', () => {
  const p1 = call('a', { priority: 1, nature: 'SHOTS' });
  const mh = call('b', { priority: 3, nature: 'WELFARE' }, { flagged: true });
  const plain = call('c', { priority: 3 });

  it('says nothing about the first snapshot, but learns it', () => {
    const first = scanForAlerts(null, [p1, mh, plain]);
    expect(first.alerts).toEqual([]);
    expect([...first.known.keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('alerts new P1 and new MH calls, P1 first, with the words a screen reader says', () => {
    const known = scanForAlerts(null, [plain]).known;
    const { alerts } = scanForAlerts(known, [plain, mh, p1]);
    expect(alerts.map((a) => [a.callId, a.kind, a.politeness, a.message])).toEqual([
      ['a', 'p1', 'assertive', 'New priority 1 call: Shots fired'],
      ['b', 'mh', 'polite', 'New mental-health call: Welfare check'],
    ]);
  });

  it('ignores new calls that are neither P1 nor MH', () => {
    const known = scanForAlerts(null, []).known;
    expect(scanForAlerts(known, [plain]).alerts).toEqual([]);
  });

  it('a P1 MH call is one assertive alert that says both', () => {
    const both = call('d', { priority: 1, nature: 'SUICTHRT' }, { flagged: true });
    const { alerts } = scanForAlerts(new Map(), [both]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'p1', politeness: 'assertive', message: 'New priority 1 call: Suicide threat (mental health)' });
  });

  it('does not alert again for known calls: changes, reconnect snapshots, replays of calls that left', () => {
    let known = scanForAlerts(null, [p1]).known;
    // The call changes (a note, a status): still known.
    ({ known } = scanForAlerts(known, [{ ...p1, status: 'dispatched', version: 2 }]));
    // It closes and leaves the board, then a resume replays it: no alert.
    ({ known } = scanForAlerts(known, []));
    const replay = scanForAlerts(known, [p1, mh]);
    expect(replay.alerts.map((a) => a.callId)).toEqual(['b']);
    // The snapshot after a reconnect holds the same calls again: silence.
    expect(scanForAlerts(replay.known, [p1, mh]).alerts).toEqual([]);
  });

  it('alerts when a known call is raised to P1 or flagged MH, once each', () => {
    let known = scanForAlerts(null, [plain]).known;
    // The caller's story changes: flagged mental-health.
    let scan = scanForAlerts(known, [{ ...plain, version: 2, mh: { ...plain.mh, flagged: true } }]);
    expect(scan.alerts.map((a) => [a.kind, a.politeness, a.message])).toEqual([['mh', 'polite', 'Now flagged mental-health: Theft']]);
    known = scan.known;
    // Then raised to priority 1: an assertive alert that says it is an MH call.
    scan = scanForAlerts(known, [{ ...plain, version: 3, priority: 1, mh: { ...plain.mh, flagged: true } }]);
    expect(scan.alerts.map((a) => [a.kind, a.politeness, a.message])).toEqual([['p1', 'assertive', 'Raised to priority 1: Theft (mental health)']]);
    known = scan.known;
    // Down to P2, flag cleared, then back: the dispatcher has already been told.
    known = scanForAlerts(known, [{ ...plain, version: 4, priority: 2 }]).known;
    expect(scanForAlerts(known, [{ ...plain, version: 5, priority: 1, mh: { ...plain.mh, flagged: true } }]).alerts).toEqual([]);
  });

  it('a known call that is raised and flagged at once gives one P1 alert', () => {
    const known = scanForAlerts(null, [plain]).known;
    const { alerts } = scanForAlerts(known, [{ ...plain, version: 2, priority: 1, mh: { ...plain.mh, flagged: true } }]);
    expect(alerts.map((a) => a.kind)).toEqual(['p1']);
  });
});

describe('missed check-in alerts', () => {
  const MIN = 60_000;
  const limits: TimerLimits = { onSceneMinutes: {}, checkInMinutes: 20, waitSeconds: { '1': 60, '2': 180, '3': 600, '4': 1200, '5': 1800 } };
  const T = 1_760_000_000_000;
  const scene = call('s', { status: 'onscene', nature: 'WELFARE' });
  const calls = new Map([[scene.id, scene]]);
  const team = makeUnit('star1', { callsign: 'STAR1', type: 'crisis_team', status: 'onscene', statusSince: T, currentCallId: 's' });

  it('alerts once when a team on scene misses its check-in, even on the first look', () => {
    expect(scanCheckIns(new Set(), [team], calls, T + 19 * MIN, limits).alerts).toEqual([]);
    const first = scanCheckIns(new Set(), [team], calls, T + 21 * MIN, limits);
    expect(first.alerts.map((a) => [a.kind, a.politeness, a.unitId, a.callId, a.message])).toEqual([
      ['checkin', 'assertive', 'star1', 's', 'Check-in missed: STAR1 on call 2026-s (Welfare check)'],
    ]);
    expect(scanCheckIns(first.missed, [team], calls, T + 22 * MIN, limits).alerts).toEqual([]);
  });

  it('ends when the team checks in, and alerts again when it misses the next one', () => {
    const missed = scanCheckIns(new Set(), [team], calls, T + 21 * MIN, limits).missed;
    const checkedIn = { ...team, lastCheckInAt: T + 23 * MIN };
    const after = scanCheckIns(missed, [checkedIn], calls, T + 24 * MIN, limits);
    expect(after.missed.size).toBe(0);
    expect(after.alerts).toEqual([]);
    expect(scanCheckIns(after.missed, [checkedIn], calls, T + 44 * MIN, limits).alerts).toHaveLength(1);
  });

  it('leaves police and teams not on scene alone', () => {
    const police = makeUnit('p1', { status: 'onscene', statusSince: T, currentCallId: 's' });
    const enroute = { ...team, id: 'star2', status: 'enroute' as const };
    expect(scanCheckIns(new Set(), [police, enroute], calls, T + 60 * MIN, limits).alerts).toEqual([]);
  });
  it('raises a unit dispatched longer than the rules allow without going en route, once, until it moves on', () => {
    const rules: TimerLimits = { ...limits, dispatchedMinutes: 5 };
    const cop = makeUnit('p9', { callsign: '6C11', status: 'dispatched', statusSince: T, currentCallId: 's' });
    expect(scanCheckIns(new Set(), [cop], calls, T + 4 * MIN, rules).alerts).toEqual([]);
    const stuck = scanCheckIns(new Set(), [cop], calls, T + 6 * MIN, rules);
    expect(stuck.alerts.map((a) => [a.kind, a.unitId, a.message])).toEqual([
      ['stuck', 'p9', '6C11 dispatched 6 min ago and not en route: call 2026-s (Welfare check)'],
    ]);
    expect(scanCheckIns(stuck.missed, [cop], calls, T + 7 * MIN, rules).alerts).toEqual([]);
    const moving = { ...cop, status: 'enroute' as const, statusSince: T + 8 * MIN };
    expect(scanCheckIns(stuck.missed, [moving], calls, T + 9 * MIN, rules).missed.size).toBe(0);
    // Without a limit in the rules, nothing is raised.
    expect(scanCheckIns(new Set(), [cop], calls, T + 60 * MIN, limits).alerts).toEqual([]);
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, over: Partial<KeyInfo> = {}): KeyInfo => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, targetTag: 'BODY', ...over });

  it('maps the single keys', () => {
    expect(shortcutFor(key('/'))).toBe('focus-search');
    expect(shortcutFor(key('j'))).toBe('next-call');
    expect(shortcutFor(key('k'))).toBe('previous-call');
    expect(shortcutFor(key('a'))).toBe('open-picker');
    expect(shortcutFor(key('n'))).toBe('add-note');
    expect(shortcutFor(key('m'))).toBe('toggle-mh');
    expect(shortcutFor(key('u'))).toBe('units-tab');
    expect(shortcutFor(key('?'))).toBe('help');
    expect(shortcutFor(key('x'))).toBeNull();
  });

  it('never fires while typing, with modifiers, or inside a dialog', () => {
    expect(shortcutFor(key('j', { targetTag: 'INPUT', targetType: 'search' }))).toBeNull();
    expect(shortcutFor(key('n', { targetTag: 'TEXTAREA' }))).toBeNull();
    expect(shortcutFor(key('a', { targetTag: 'SELECT' }))).toBeNull();
    expect(shortcutFor(key('m', { targetTag: 'DIV', targetEditable: true }))).toBeNull();
    expect(shortcutFor(key('j', { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key('/', { metaKey: true }))).toBeNull();
    expect(shortcutFor(key('?', { inDialog: true }))).toBeNull();
    // A checkbox takes no text: shortcuts still work there.
    expect(shortcutFor(key('m', { targetTag: 'INPUT', targetType: 'checkbox' }))).toBe('toggle-mh');
  });

  it('arrow keys move in the queue only when the queue has focus', () => {
    expect(shortcutFor(key('ArrowDown', { inQueue: true }))).toBe('next-call');
    expect(shortcutFor(key('ArrowUp', { inQueue: true }))).toBe('previous-call');
    expect(shortcutFor(key('ArrowDown'))).toBeNull();
  });

  it('steps through a list and stops at the ends', () => {
    expect(stepIndex(-1, 3, 1)).toBe(0);
    expect(stepIndex(-1, 3, -1)).toBe(2);
    expect(stepIndex(0, 3, 1)).toBe(1);
    expect(stepIndex(2, 3, 1)).toBe(2);
    expect(stepIndex(0, 3, -1)).toBe(0);
    expect(stepIndex(-1, 0, 1)).toBe(-1);
  });
});

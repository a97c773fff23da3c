import type { CallSummary } from '../../../shared/changes';
import { onShift } from '../../../shared/clock';
import { unitTimer, type TimerLimits } from '../../../shared/timers';
import { isCoResponseType, type ShiftWindow, type Unit } from '../../../shared/unit';
import { availabilityOf, compareRoster, type Availability } from '../lib/board-order';
import { policeOnCall, type PoliceOnCall } from '../lib/police-on-call';
import { nextFree, type NextFree } from './next-free';

/**
 * The coordinator's roster: one row per co-responder and crisis team, with everything the table
 * shows already worked out. Pure (no DOM, no runes) so the rules are unit-tested; the view only
 * renders rows.
 */
export interface RosterRow {
  unit: Unit;
  availability: Availability;
  secondsInStatus: number;
  shift: ShiftState;
  /** The open call the team is on, with the police units on it (who backs the team up) and where they are. */
  call: { id: string; number: string; nature: string; police: PoliceOnCall[] } | null;
  /** On scene only: seconds until the next check-in is due, negative once missed. */
  checkIn: { dueInSeconds: number; missed: boolean } | null;
  /** On scene past the type's limit. */
  overdue: boolean;
  nextFree: NextFree;
}

export interface ShiftState {
  /** "07:00–19:00", "All day", or "No shift set". */
  text: string;
  /** Inside the window now; null when the unit has no window of its own. */
  on: boolean | null;
}

const toMinutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

export function shiftState(shift: ShiftWindow | null, minuteOfDay: number): ShiftState {
  if (!shift) return { text: 'No shift set', on: null };
  if (toMinutes(shift.start) === toMinutes(shift.end)) return { text: 'All day', on: true };
  return { text: `${shift.start}–${shift.end}`, on: onShift(shift, minuteOfDay) };
}

export interface RosterInput {
  units: Iterable<Unit>;
  calls: ReadonlyMap<string, CallSummary>;
  now: number;
  limits: TimerLimits;
  /** Local minute of the day (0-1439) in the service's time zone, for the shift windows. */
  minuteOfDay: number;
  /** Program hours per unit type, for units with no shift of their own. */
  hoursOfService?: Partial<Record<Unit['type'], ShiftWindow>>;
}

/** Missed check-ins first (someone must act), then free, busy and off teams, longest in status first. */
export function compareRows(a: RosterRow, b: RosterRow): number {
  const alarm = (row: RosterRow) => (row.checkIn?.missed ? 0 : 1);
  return alarm(a) - alarm(b) || compareRoster(a.unit, b.unit);
}

export function rosterRows({ units, calls, now, limits, minuteOfDay, hoursOfService }: RosterInput): RosterRow[] {
  const rows: RosterRow[] = [];
  const unitsById = new Map<string, Unit>();
  for (const unit of units) unitsById.set(unit.id, unit);
  for (const unit of unitsById.values()) {
    if (!isCoResponseType(unit.type)) continue;
    const timer = unitTimer(unit, now, limits);
    const window = unit.shift ?? hoursOfService?.[unit.type] ?? null;
    const shift = shiftState(window, minuteOfDay);
    const open = unit.currentCallId ? calls.get(unit.currentCallId) : undefined;
    rows.push({
      unit,
      availability: availabilityOf(unit.status, shift.on ?? true),
      secondsInStatus: timer.secondsInStatus,
      shift,
      call: open ? { id: open.id, number: open.number, nature: open.nature, police: policeOnCall(open, unitsById) } : null,
      checkIn: timer.checkInDueIn === null ? null : { dueInSeconds: timer.checkInDueIn, missed: timer.checkInMissed },
      overdue: timer.overdue,
      nextFree: nextFree({ unit, now, limits, onShift: shift.on ?? true, window }),
    });
  }
  return rows.sort(compareRows);
}

export interface TeamCounts {
  free: number;
  busy: number;
  off: number;
  /** On scene with a missed check-in. */
  missed: number;
}

export function teamCounts(rows: readonly RosterRow[]): TeamCounts {
  const counts: TeamCounts = { free: 0, busy: 0, off: 0, missed: 0 };
  for (const row of rows) {
    counts[row.availability]++;
    if (row.checkIn?.missed) counts.missed++;
  }
  return counts;
}

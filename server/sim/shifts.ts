import type { ShiftWindow } from '../../shared/unit';
import { minuteOfDayIn } from '../../shared/clock';
import type { LatLon } from './geometry';

/**
 * Shift windows of co-responder and crisis units. Real programs staff these teams for part of
 * the day (Denver's STAR van runs roughly 06:00-22:00), so coverage is thin at night; the
 * coordinator view exists to show exactly that. Windows are in the city's local time.
 */

/**
 * The city's local minute of the day at `epochMs`. Denver uses its real time zone (with daylight
 * saving); another configured city uses solar time from its longitude, close enough for a demo.
 */
export function localMinuteOfDay(epochMs: number, center: LatLon, timeZone: string | null): number {
  if (timeZone) return minuteOfDayIn(epochMs, timeZone);
  const offsetMin = Math.round(center.lon / 15) * 60;
  const utcMin = Math.floor(epochMs / 60_000) % 1440;
  return (((utcMin + offsetMin) % 1440) + 1440) % 1440;
}

// Staggered so a few teams are on duty at any hour: days and evenings are covered well, the
// small hours thinly, the way a co-response program with a handful of teams staffs its week.
const CO_RESPONDER_SHIFTS: readonly ShiftWindow[] = [
  { start: '06:00', end: '16:00' },
  { start: '10:00', end: '20:00' },
  { start: '14:00', end: '00:00' },
  { start: '20:00', end: '06:00' },
  { start: '22:00', end: '08:00' },
  { start: '16:00', end: '02:00' },
];
const CRISIS_TEAM_SHIFTS: readonly ShiftWindow[] = [
  { start: '06:00', end: '16:00' },
  { start: '12:00', end: '22:00' },
  { start: '08:00', end: '18:00' },
  { start: '18:00', end: '04:00' },
];

export function coResponderShift(index: number): ShiftWindow {
  return CO_RESPONDER_SHIFTS[index % CO_RESPONDER_SHIFTS.length] as ShiftWindow;
}

export function crisisTeamShift(index: number): ShiftWindow {
  return CRISIS_TEAM_SHIFTS[index % CRISIS_TEAM_SHIFTS.length] as ShiftWindow;
}

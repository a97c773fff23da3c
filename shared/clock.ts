import type { ShiftWindow, UnitDoc, UnitType } from './unit';

/** Local wall-clock helpers for shift windows and hours of service ("HH:MM" in a time zone). */

const toMinutes = (clock: string): number => {
  const [h = '0', m = '0'] = clock.split(':');
  return Number(h) * 60 + Number(m);
};

/** Is local time `minuteOfDay` inside the window? A window whose end is before its start runs over midnight. */
export function onShift(shift: ShiftWindow | null, minuteOfDay: number): boolean {
  if (!shift) return true;
  const start = toMinutes(shift.start);
  const end = toMinutes(shift.end);
  if (start === end) return true;
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

/**
 * Whether a unit works at local `minuteOfDay`: inside its own shift window, else its type's
 * hours of service, else always. The recommender and every screen use this one rule, so a team
 * the recommender will not send is never counted as free on a screen.
 */
export function inService(unit: Pick<UnitDoc, 'type' | 'shift'>, hoursOfService: Partial<Record<UnitType, ShiftWindow>>, minuteOfDay: number): boolean {
  return onShift(unit.shift ?? hoursOfService[unit.type] ?? null, minuteOfDay);
}

/** The minute of the day (0-1439) at `epochMs` in an IANA time zone, daylight saving included. */
export function minuteOfDayIn(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(epochMs);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return h * 60 + m;
}

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

// One formatter per zone, built on first use: constructing an Intl.DateTimeFormat costs far more
// than formatting with one, and these helpers run on every recommendation, refresh and render.
const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local wall clock at `epochMs` in an IANA time zone (month 1-12, hour 0-23). */
function wallClockIn(epochMs: number, timeZone: string) {
  let f = wallFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    wallFormatters.set(timeZone, f);
  }
  const n = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const p of f.formatToParts(epochMs)) if (p.type in n) n[p.type as keyof typeof n] = Number(p.value);
  n.hour %= 24; // some ICU builds write midnight as "24" even with h23
  return n;
}

/** The calendar date at `epochMs` in an IANA time zone, as "2026-03-10" (the `date` input's form). */
export function localDateIn(epochMs: number, timeZone: string): string {
  const { year, month, day } = wallClockIn(epochMs, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day of the week at `epochMs` in an IANA time zone: 0 Sunday to 6 Saturday. */
export function weekdayIn(epochMs: number, timeZone: string): number {
  const { year, month, day } = wallClockIn(epochMs, timeZone);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The minute of the day (0-1439) at `epochMs` in an IANA time zone, daylight saving included. */
export function minuteOfDayIn(epochMs: number, timeZone: string): number {
  const { hour, minute } = wallClockIn(epochMs, timeZone);
  return hour * 60 + minute;
}

/** The zone's UTC offset in ms at `epochMs` (local wall clock minus UTC; Denver in winter is -7 h). */
function offsetIn(epochMs: number, timeZone: string): number {
  const w = wallClockIn(epochMs, timeZone);
  // The formatter shows whole seconds, so compare against the instant truncated to its second.
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(epochMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/**
 * The instant the local calendar day containing `epochMs` began in an IANA time zone, as epoch ms.
 * Days are not always 24 h long (daylight saving makes 23 h and 25 h days), so this cannot be
 * "now minus the time of day": it finds the instant whose local wall clock reads 00:00 on that date.
 * Where midnight happens twice (Havana's fall-back: 00:59 CDT -> 00:00 CST) it is the first; where
 * midnight is skipped (Santiago's and Havana's spring-forward: 23:59 -> 01:00) it is the first
 * instant of the day that exists, i.e. the moment of the jump.
 */
export function startOfDayIn(epochMs: number, timeZone: string): number {
  const { year, month, day } = wallClockIn(epochMs, timeZone);
  const midnight = Date.UTC(year, month - 1, day); // local 00:00 written as if it were UTC
  // The real start is `midnight - offset`, but the offset there is what we are looking for. Offsets
  // are under 24 h, so the ones in force a day either side bracket it; assuming at most one
  // transition within those two days (true of current tz rules), the start is one of two candidates.
  const before = offsetIn(midnight - DAY_MS, timeZone);
  const after = offsetIn(midnight + DAY_MS, timeZone);
  const reads00 = (t: number) => t + offsetIn(t, timeZone) === midnight;
  const candidates = [midnight - before, midnight - after].filter(reads00);
  if (candidates.length) return Math.min(...candidates); // both read 00:00 when midnight repeats
  // Midnight was skipped: the clock jumped from before 00:00 (still `before`) past it (now `after`).
  // At `lo` the wall clock is still on the previous day and at `hi` already on this one; bisect on
  // whole seconds (tz transitions fall on whole seconds) for the first instant of this day.
  let lo = midnight - after;
  let hi = midnight - before;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (mid + offsetIn(mid, timeZone) >= midnight) hi = mid;
    else lo = mid;
  }
  return hi;
}

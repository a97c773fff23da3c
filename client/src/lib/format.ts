import { centerTime } from './center-time.svelte';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The browser's own wall-clock time as hh:mm:ss: only until the center's zone is known. */
function browserClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** The dispatch center's time as hh:mm:ss (24-hour), e.g. "14:03:22" (center-time.svelte.ts). */
export function formatClock(epochMs: number): string {
  return formatClockIn(epochMs, centerTime.zone);
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * hh:mm:ss (24-hour) in a given time zone: the dispatch center's, whatever zone the screen's
 * browser is set to (a wall on a machine left on UTC must not show the floor the wrong time).
 */
export function formatClockIn(epochMs: number, timeZone: string | null | undefined): string {
  if (!timeZone) return browserClock(epochMs);
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  return format.format(epochMs);
}

/**
 * An elapsed time as mm:ss; minutes keep counting past an hour ("75:03") so a column of ages
 * compares at a glance. Negative spans (server clock a little ahead of ours) show as 00:00.
 */
export function formatAge(elapsedMs: number): string {
  const total = Math.max(0, Math.floor(elapsedMs / 1_000));
  return `${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The center's date and time, e.g. "2025-03-14 09:30:12": for records that may be days old (audit, keys). */
export function formatDateTime(epochMs: number): string {
  const zone = centerTime.zone;
  if (!zone) {
    const d = new Date(epochMs);
    return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${browserClock(epochMs)}`;
  }
  let format = dateFormats.get(zone);
  if (!format) {
    // en-CA writes dates as 2025-03-14.
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(zone, format);
  }
  return `${format.format(epochMs)} ${formatClockIn(epochMs, zone)}`;
}

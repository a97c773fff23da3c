/** `datetime-local` form values (the browser's local time) to and from epoch milliseconds. */

/** A `datetime-local` value as epoch ms (local time), or null when empty or not a date. */
export function localInputToEpoch(value: string): number | null {
  if (!value.trim()) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Epoch ms as a `datetime-local` value in local time ("2025-03-14T09:30", with `:05` seconds when asked). */
export function epochToLocalInput(ms: number, seconds = false): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const minute = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  return seconds ? `${minute}:${p(d.getSeconds())}` : minute;
}

/**
 * Idle sign-out arithmetic, pure so it is unit-tested. The server ends a workstation session
 * `idleMinutes` after the last activity it counted; the board reports user input at most once
 * per interval, so the server's clock restarts at the last *report*, not the last keypress.
 */

/** How often activity is reported: once a minute, or twice per idle period if that is shorter. */
export function reportIntervalMs(idleMinutes: number): number {
  return Math.max(1_000, Math.min(60_000, (idleMinutes * 60_000) / 2));
}

/** Whether input at `now` should be reported, given the last report. */
export function shouldReport(lastReportedAt: number | null, now: number, intervalMs: number): boolean {
  return lastReportedAt === null || now - lastReportedAt >= intervalMs;
}

/** Seconds until the server signs this session out for inactivity (never below 0). */
export function idleSecondsLeft(lastReportedAt: number, idleMinutes: number, now: number): number {
  return Math.max(0, Math.ceil((lastReportedAt + idleMinutes * 60_000 - now) / 1_000));
}

/** The warning shows in the last minute, or the last half of a shorter idle period. */
export function idleWarningDue(lastReportedAt: number, idleMinutes: number, now: number): boolean {
  const warnFromS = Math.min(60, (idleMinutes * 60) / 2);
  return idleSecondsLeft(lastReportedAt, idleMinutes, now) <= warnFromS;
}

/** "0:42", "1:00": minutes and seconds for a countdown. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

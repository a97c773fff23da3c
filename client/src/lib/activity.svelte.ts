import { reportIntervalMs, shouldReport } from './idle';
import { touchSession } from './session-api';

/**
 * Counts real use of a workstation toward the idle sign-out: pointer and key input, reported at
 * most once per interval (the server's `session:activity`, or any REST call, pushes the
 * timeout back). A board left alone is signed out; a board in use is not.
 */
export class Activity {
  /** When the server last heard of activity (start: the sign-in check that just touched the session). */
  lastReportedAt = $state(Date.now());
  readonly idleMinutes: number;
  readonly #intervalMs: number;
  readonly #report: () => boolean;

  /** `report` tells the server and returns false when it could not (offline): the next input tries again. */
  constructor(idleMinutes: number, report: () => boolean) {
    this.idleMinutes = idleMinutes;
    this.#intervalMs = reportIntervalMs(idleMinutes);
    this.#report = report;
  }

  notice(now = Date.now()): void {
    if (!shouldReport(this.lastReportedAt, now, this.#intervalMs)) return;
    if (this.#report()) this.lastReportedAt = now;
  }

  /** Listens for input anywhere on the page; returns the function that stops. */
  attach(target: Window = window): () => void {
    const onInput = () => this.notice();
    // Capture, so a control that stops propagation still counts as use.
    const opts = { capture: true, passive: true } as const;
    target.addEventListener('pointerdown', onInput, opts);
    target.addEventListener('keydown', onInput, opts);
    return () => {
      target.removeEventListener('pointerdown', onInput, opts);
      target.removeEventListener('keydown', onInput, opts);
    };
  }
}

/**
 * The idle sign-out watcher for a workstation (null for roles with no idle timeout). Real input
 * is told to the server by `overSocket` when the screen has a live socket; otherwise by a REST
 * call, which the server counts as use too (a 401 there goes to sign-in by itself).
 */
export function idleActivity(idleMinutes: number | null, overSocket: () => boolean = () => false): Activity | null {
  if (idleMinutes === null) return null;
  return new Activity(idleMinutes, () => {
    if (overSocket()) return true;
    touchSession().catch(() => undefined);
    return true;
  });
}

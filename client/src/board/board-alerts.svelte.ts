import type { CallSummary } from '../../../shared/changes';
import type { TimerLimits } from '../../../shared/timers';
import type { UnitDoc } from '../../../shared/unit';
import { isUnitAlert, scanCheckIns, scanForAlerts, type CallAlert, type SeenCall } from './call-alerts';

const MUTE_KEY = 'tandem.board.alertsMuted';
/** Toasts shown at once; older ones give way (the queue still has every call). */
const MAX_TOASTS = 4;
/** A toast nobody acted on goes away after this long: the call stays in the queue. */
const TOAST_MS = 90_000;

function readMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * Calls that become P1 or MH (new, raised or flagged), and missed check-ins: a toast, a short
 * tone (unless muted) and words for screen readers. `scan` is fed every new calls map and
 * `scanCheckIns` every clock tick; the pure functions in call-alerts.ts decide what is news.
 */
export class BoardAlerts {
  toasts = $state.raw<readonly CallAlert[]>([]);
  /** Live region texts, one per politeness, so a P1 is never queued behind an MH call. */
  assertive = $state('');
  polite = $state('');
  muted = $state(readMuted());
  /** Tones played (or attempted): lets tests and the page tell a silent alert from a loud one. */
  tones = $state(0);

  #known: ReadonlyMap<string, SeenCall> | null = null;
  #missedCheckIns: ReadonlySet<string> = new Set();
  #audio: AudioContext | null = null;
  #timers = new Map<string, ReturnType<typeof setTimeout>>();

  /** Call with each new calls map once the first snapshot is in. */
  scan(calls: ReadonlyMap<string, CallSummary>): void {
    const { known, alerts } = scanForAlerts(this.#known, calls.values());
    this.#known = known;
    this.#raise(alerts);
  }

  /**
   * Call as time passes (each clock tick) and as units change: raises a missed check-in once,
   * and takes its toast away when the team checks in or leaves the scene.
   */
  scanCheckIns(units: Iterable<UnitDoc>, calls: ReadonlyMap<string, CallSummary>, now: number, limits: TimerLimits): void {
    const { missed, alerts } = scanCheckIns(this.#missedCheckIns, units, calls, now, limits);
    for (const toast of this.toasts) if (isUnitAlert(toast.kind) && !missed.has(toast.key)) this.dismiss(toast.key);
    this.#missedCheckIns = missed;
    this.#raise(alerts);
  }

  #raise(alerts: readonly CallAlert[]): void {
    if (alerts.length === 0) return;
    const keys = new Set(alerts.map((a) => a.key));
    const merged = [...alerts, ...this.toasts.filter((t) => !keys.has(t.key))];
    // A team that does not answer is never pushed off the screen by new calls.
    const checkIns = merged.filter((t) => isUnitAlert(t.kind));
    const calls = merged.filter((t) => !isUnitAlert(t.kind));
    this.toasts = [...checkIns, ...calls].slice(0, Math.max(MAX_TOASTS, checkIns.length));
    for (const alert of alerts) this.#expire(alert.key);
    this.#announce(alerts);
    if (!this.muted) this.#beep(alerts.some((a) => a.kind !== 'mh') ? 'p1' : 'mh');
  }

  /** Takes a toast away by its key (a call id, or a missed check-in's key). */
  dismiss(key: string): void {
    this.toasts = this.toasts.filter((t) => t.key !== key);
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
  }

  toggleMute(): void {
    this.muted = !this.muted;
    try {
      localStorage.setItem(MUTE_KEY, this.muted ? '1' : '0');
    } catch {
      // Private mode: the choice holds for this page only.
    }
    // Unmuting is a user gesture: a good moment to let the browser start audio.
    if (!this.muted)
      void this.#context()
        ?.resume()
        .catch(() => undefined);
  }

  /** Browsers start audio only after a gesture: any click or key on the board unlocks it. */
  unlockAudio(): void {
    const ctx = this.#context();
    if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    void this.#audio?.close().catch(() => undefined);
    this.#audio = null;
  }

  /** A call's toast goes after a while; a missed check-in's stays until the team checks in. */
  #expire(key: string): void {
    clearTimeout(this.#timers.get(key));
    if (key.startsWith('checkin:') || key.startsWith('stuck:')) return;
    this.#timers.set(
      key,
      setTimeout(() => this.dismiss(key), TOAST_MS),
    );
  }

  /** Cleared first, then set a moment later: the same words twice must still be read twice. */
  #announce(alerts: readonly CallAlert[]): void {
    const p1 = alerts
      .filter((a) => a.politeness === 'assertive')
      .map((a) => a.message)
      .join('. ');
    const mh = alerts
      .filter((a) => a.politeness === 'polite')
      .map((a) => a.message)
      .join('. ');
    if (p1) this.assertive = '';
    if (mh) this.polite = '';
    setTimeout(() => {
      if (p1) this.assertive = p1;
      if (mh) this.polite = mh;
    }, 50);
  }

  #context(): AudioContext | null {
    if (this.#audio) return this.#audio;
    if (typeof AudioContext === 'undefined') return null;
    try {
      this.#audio = new AudioContext();
    } catch {
      return null;
    }
    return this.#audio;
  }

  /** Two rising beeps for a P1, one soft tone for an MH call; under half a second in all. */
  #beep(kind: 'p1' | 'mh'): void {
    this.tones++;
    const ctx = this.#context();
    if (!ctx) return;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const notes = kind === 'p1' ? [880, 1175] : [660];
    let at = ctx.currentTime + 0.01;
    for (const frequency of notes) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = kind === 'p1' ? 'square' : 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(kind === 'p1' ? 0.2 : 0.15, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.2);
      at += 0.22;
    }
  }
}

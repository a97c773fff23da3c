import type { CallSummary } from '../../../shared/changes';
import { ReplayCursor, type ReplayRecording, type ReplayState } from '../../../shared/replay';
import type { Unit } from '../../../shared/unit';

/** Speeds offered: real time up to an hour a minute. */
export const REPLAY_SPEEDS = [1, 5, 10, 30, 60] as const;
/** How often a playing replay moves its clock (and the screen redraws). */
const TICK_MS = 250;

/**
 * A recording played back: a clock between its start and end, running or paused at a speed,
 * and the board's state at that moment (rebuilt from the recording, never from live data).
 * Exposes `calls`, `units` and `roster` as the live state does, so the map draws either.
 */
export class ReplayPlayer {
  t = $state(0);
  playing = $state(false);
  speed = $state<(typeof REPLAY_SPEEDS)[number]>(10);
  readonly recording: ReplayRecording;
  /** Plays forward incrementally; only a step back rebuilds from the keyframe. */
  readonly #cursor: ReplayCursor;
  readonly #state: ReplayState;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(recording: ReplayRecording) {
    this.recording = recording;
    this.#cursor = new ReplayCursor(recording);
    this.t = recording.from;
    this.#state = $derived(this.#cursor.stateAt(this.t));
  }

  get calls(): ReadonlyMap<string, CallSummary> {
    return this.#state.calls;
  }

  get units(): ReadonlyMap<string, Unit> {
    return this.#state.units;
  }

  /** Unit documents and positions change together in a replay: one map serves both. */
  get roster(): ReadonlyMap<string, Unit> {
    return this.#state.units;
  }

  play(): void {
    if (this.t >= this.recording.to) this.t = this.recording.from;
    this.playing = true;
    clearInterval(this.#timer);
    this.#timer = setInterval(() => {
      const next = this.t + TICK_MS * this.speed;
      if (next >= this.recording.to) {
        this.t = this.recording.to;
        this.pause();
      } else this.t = next;
    }, TICK_MS);
  }

  pause(): void {
    this.playing = false;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Moves the clock (the slider, a step), within the recording. */
  seek(t: number): void {
    this.t = Math.min(this.recording.to, Math.max(this.recording.from, t));
  }

  dispose(): void {
    this.pause();
  }
}

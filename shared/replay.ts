import { z } from 'zod';
import { isOpenCall } from './call';
import { CallSummary } from './changes';
import { EpochMs, QueryTime } from './geo';
import { EntityId } from './ids';
import { UnitDoc, type Unit } from './unit';

/** The longest stretch one replay covers: a shift and a half. */
export const REPLAY_MAX_HOURS = 12;

/** GET /api/v1/replay: what happened from `from` for `hours`. */
export const ReplayQuery = z.strictObject({
  from: QueryTime,
  hours: z.coerce.number().min(0.25).max(REPLAY_MAX_HOURS).default(1),
});
export type ReplayQuery = z.output<typeof ReplayQuery>;

/** A unit's sampled position: [unitId, lat, lon]. */
export const SampledPosition = z.tuple([EntityId, z.number(), z.number()]);

/**
 * A recording of a stretch of time: the state at a keyframe at or before `from` (open calls as
 * summaries, every unit), then every change of a call or unit after it in order, and unit
 * positions sampled about every 30 s (only units that moved). Read-only: nothing here is live.
 */
export const ReplayRecording = z.strictObject({
  from: EpochMs,
  to: EpochMs,
  frame: z.strictObject({ at: EpochMs, seq: z.int().min(0), calls: z.array(CallSummary), units: z.array(UnitDoc), positions: z.array(SampledPosition) }),
  changes: z.array(z.strictObject({ seq: z.int().min(1), at: EpochMs, calls: z.array(CallSummary), units: z.array(UnitDoc) })),
  positions: z.array(z.strictObject({ at: EpochMs, p: z.array(SampledPosition) })),
});
export type ReplayRecording = z.infer<typeof ReplayRecording>;

export interface ReplayState {
  at: number;
  calls: ReadonlyMap<string, CallSummary>;
  units: ReadonlyMap<string, Unit>;
}

/**
 * Plays a recording forward: the state at any moment, applying only what happened since the last
 * moment asked for (a slider dragged back starts again from the keyframe). Finished calls leave,
 * as on the live board; each unit is where it was last sampled by then.
 */
export class ReplayCursor {
  #calls = new Map<string, CallSummary>();
  #units = new Map<string, UnitDoc>();
  #where = new Map<string, [number, number]>();
  #change = 0;
  #sample = 0;
  #t = Number.NEGATIVE_INFINITY;

  constructor(private readonly rec: ReplayRecording) {
    this.#reset();
  }

  #reset(): void {
    this.#calls = new Map(this.rec.frame.calls.map((c) => [c.id, c]));
    this.#units = new Map(this.rec.frame.units.map((u) => [u.id, u]));
    this.#where = new Map(this.rec.frame.positions.map(([id, lat, lon]) => [id, [lat, lon]]));
    this.#change = 0;
    this.#sample = 0;
    this.#t = Number.NEGATIVE_INFINITY;
  }

  stateAt(t: number): ReplayState {
    if (t < this.#t) this.#reset();
    const { changes, positions } = this.rec;
    for (; this.#change < changes.length && changes[this.#change]!.at <= t; this.#change++) {
      const change = changes[this.#change]!;
      for (const c of change.calls) {
        if (isOpenCall(c)) this.#calls.set(c.id, c);
        else this.#calls.delete(c.id);
      }
      for (const u of change.units) this.#units.set(u.id, u);
    }
    for (; this.#sample < positions.length && positions[this.#sample]!.at <= t; this.#sample++) {
      for (const [id, lat, lon] of positions[this.#sample]!.p) this.#where.set(id, [lat, lon]);
    }
    this.#t = t;
    const units = new Map<string, Unit>();
    for (const [id, doc] of this.#units) {
      const at = this.#where.get(id);
      units.set(id, { ...doc, position: at ? { lat: at[0], lon: at[1], heading: null, at: t } : null });
    }
    // New maps each time: screens hold state replaced whole.
    return { at: t, calls: new Map(this.#calls), units };
  }
}

/** The board's state at `t` from a recording (see ReplayCursor). */
export function replayStateAt(rec: ReplayRecording, t: number): ReplayState {
  return new ReplayCursor(rec).stateAt(t);
}

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
 * The board's state at `t` from a recording: the keyframe, then every change up to `t`, then
 * each unit where it was last sampled by `t`. Finished calls leave, as on the live board.
 */
export function replayStateAt(rec: ReplayRecording, t: number): ReplayState {
  const calls = new Map<string, CallSummary>();
  const units = new Map<string, Unit>();
  for (const c of rec.frame.calls) calls.set(c.id, c);
  for (const u of rec.frame.units) units.set(u.id, { ...u, position: null });
  const where = new Map<string, [number, number]>();
  for (const [id, lat, lon] of rec.frame.positions) where.set(id, [lat, lon]);
  for (const change of rec.changes) {
    if (change.at > t) break;
    for (const c of change.calls) {
      if (isOpenCall(c)) calls.set(c.id, c);
      else calls.delete(c.id);
    }
    for (const u of change.units) units.set(u.id, { ...u, position: null });
  }
  for (const sample of rec.positions) {
    if (sample.at > t) break;
    for (const [id, lat, lon] of sample.p) where.set(id, [lat, lon]);
  }
  for (const [id, [lat, lon]] of where) {
    const unit = units.get(id);
    if (unit) units.set(id, { ...unit, position: { lat, lon, heading: null, at: t } });
  }
  return { at: t, calls, units };
}

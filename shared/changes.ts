import { z } from 'zod';
import { Call, Recommendation } from './call';
import { EpochMs, Position } from './geo';
import { Actor, EntityId } from './ids';
import { Unit, UnitDoc } from './unit';

/**
 * One entity change. Calls and unit documents travel whole (a client replaces what it has);
 * positions travel on their own so that a burst of them can be merged per unit; so do a call's
 * recommended units, which change as units move and must not make the call's version stale.
 */
export const Change = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('call'), call: Call }),
  z.strictObject({ kind: z.literal('unit'), unit: UnitDoc }),
  z.strictObject({ kind: z.literal('position'), unitId: EntityId, position: Position }),
  z.strictObject({ kind: z.literal('recommendation'), callId: EntityId, recommendation: Recommendation.nullable() }),
]);
export type Change = z.infer<typeof Change>;

/**
 * A call as a 'call' change leaves it. The recommendation is not part of the call's versioned
 * document (it has its own 'recommendation' changes), so the one already held is kept.
 */
export function mergeCallChange(existing: Call | undefined, incoming: Call): Call {
  const recommendation = existing?.mh.recommendation ?? null;
  return incoming.mh.recommendation === recommendation ? incoming : { ...incoming, mh: { ...incoming.mh, recommendation } };
}

/** A call with its recommendation replaced. */
export function withRecommendation(call: Call, recommendation: Recommendation | null): Call {
  return { ...call, mh: { ...call.mh, recommendation } };
}

/** What one commit appended to the change stream; the stream entry id is its sequence number. */
export const CommittedChange = z.strictObject({
  seq: z.int().min(1),
  at: EpochMs,
  by: Actor,
  changes: z.array(Change),
});
export type CommittedChange = z.infer<typeof CommittedChange>;

/**
 * A batch pushed to clients: every commit with from < seq <= to, merged. A client at sequence
 * `from` that applies it is at `to`; a client at any other sequence must resume instead.
 */
export const ChangeBatch = z.strictObject({
  from: z.int().min(0),
  to: z.int().min(0),
  changes: z.array(Change),
});
export type ChangeBatch = z.infer<typeof ChangeBatch>;

/** The whole live state at one sequence number: open calls and every unit. */
export const Snapshot = z.strictObject({
  seq: z.int().min(0),
  calls: z.array(Call),
  units: z.array(Unit),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const ResumeRequest = z.strictObject({ seq: z.int().min(0) });
export type ResumeRequest = z.infer<typeof ResumeRequest>;

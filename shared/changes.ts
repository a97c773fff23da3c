import { z } from 'zod';
import { Call, MhBlock, Recommendation } from './call';
import { Destination } from './destination';
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
  z.strictObject({ kind: z.literal('destination'), destination: Destination }),
]);
export type Change = z.infer<typeof Change>;

/**
 * What a live screen draws of a call: the call without its notes, timeline, caller phone and
 * external id. Live frames and snapshots carry this; a call's drawer fetches the whole call
 * when it opens and again when the summary's version moves (the timeline of a busy call is
 * most of its size, and every board would otherwise receive it on every change).
 */
export const CallSummary = Call.omit({
  notes: true,
  timeline: true,
  callerPhone: true,
  callerPhoneSource: true,
  externalId: true,
  fieldEdits: true,
  servedBy: true,
});
export type CallSummary = z.infer<typeof CallSummary>;

export function summarize({
  notes: _n,
  timeline: _t,
  callerPhone: _p,
  callerPhoneSource: _s,
  externalId: _e,
  fieldEdits: _f,
  servedBy: _b,
  ...summary
}: Call): CallSummary {
  return summary;
}

type WithMh = { mh: { recommendation: Recommendation | null } };

/**
 * A call as a 'call' change leaves it. The recommendation is not part of the call's versioned
 * document (it has its own 'recommendation' changes), so the one already held is kept.
 */
export function mergeCallChange<C extends WithMh>(existing: C | undefined, incoming: C): C {
  const recommendation = existing?.mh.recommendation ?? null;
  return incoming.mh.recommendation === recommendation ? incoming : { ...incoming, mh: { ...incoming.mh, recommendation } };
}

/** A call with its recommendation replaced. */
export function withRecommendation<C extends WithMh>(call: C, recommendation: Recommendation | null): C {
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
 * A change as live screens receive it: calls as summaries, or, for a call the screen already
 * holds, only the fields of its summary that changed (`callPatch`: most changes touch two or
 * three of a call's twenty fields), and a call new to it without its defaults (`callNew`);
 * positions travel apart (see ChangeBatch).
 */
export const LiveChange = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('call'), call: CallSummary }),
  z.strictObject({ kind: z.literal('callPatch'), id: EntityId, set: CallSummary.partial() }),
  // A call new to the screen, without the values every new call holds (shared/call-wire.ts).
  z.strictObject({ kind: z.literal('callNew'), call: CallSummary.partial().extend({ id: EntityId, createdAt: EpochMs, mh: MhBlock.partial() }) }),
  z.strictObject({ kind: z.literal('unit'), unit: UnitDoc }),
  z.strictObject({ kind: z.literal('recommendation'), callId: EntityId, recommendation: Recommendation.nullable() }),
  z.strictObject({ kind: z.literal('destination'), destination: Destination }),
]);
export type LiveChange = z.infer<typeof LiveChange>;

/**
 * One unit's latest position as [unitId, lat, lon, heading, at]: positions are most of what a
 * moving city sends, and a tuple is half the bytes of the same object with its key names.
 */
export const PositionTuple = z.tuple([EntityId, Position.shape.lat, Position.shape.lon, Position.shape.heading, Position.shape.at]);
export type PositionTuple = z.infer<typeof PositionTuple>;

export const toPositionTuple = (unitId: string, p: Position): PositionTuple => [unitId, p.lat, p.lon, p.heading, p.at];
export const fromPositionTuple = ([, lat, lon, heading, at]: PositionTuple): Position => ({ lat, lon, heading, at });

/**
 * A batch pushed to clients: every commit with from < seq <= to, merged. A client at sequence
 * `from` that applies it is at `to`; a client at any other sequence must resume instead.
 * `positions`, when present, are applied after `changes`.
 */
export const ChangeBatch = z.strictObject({
  from: z.int().min(0),
  to: z.int().min(0),
  changes: z.array(LiveChange),
  positions: z.array(PositionTuple).optional(),
});
export type ChangeBatch = z.infer<typeof ChangeBatch>;

/** The whole live state at one sequence number as screens receive it: open calls (summaries), every unit and every destination. */
export const Snapshot = z.strictObject({
  seq: z.int().min(0),
  calls: z.array(CallSummary),
  units: z.array(Unit),
  destinations: z.array(Destination),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** The whole live state as the server holds it: whole calls. */
export interface LiveState {
  seq: number;
  calls: Call[];
  units: Unit[];
  destinations: Destination[];
}

/** Where a client's state stands: its sequence number, in the history its snapshot came from. */
export const ResumeRequest = z.strictObject({ seq: z.int().min(0), history: z.string().max(64).optional() });
export type ResumeRequest = z.infer<typeof ResumeRequest>;

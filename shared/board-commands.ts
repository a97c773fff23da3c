import { z } from 'zod';
import { Disposition, PatchCallInput, SafetyOverride, type Call } from './call';
import type { ApiError } from './errors';
import { EntityId } from './ids';
import { UnitStatus, type UnitDoc } from './unit';

/**
 * Board commands sent over Socket.IO. Every one carries the version its user saw where a stale
 * view could do harm, and is answered with a tagged acknowledgement.
 */
const Version = z.int().min(1);
const Reason = z.string().trim().min(1).max(500);

export const AssignCommand = z.strictObject({
  callId: EntityId,
  unitId: EntityId,
  expectedUnitVersion: Version.optional(),
  override: SafetyOverride.optional(),
});
export type AssignCommand = z.infer<typeof AssignCommand>;

export const UnassignCommand = z.strictObject({ callId: EntityId, unitId: EntityId, expectedUnitVersion: Version.optional() });
export type UnassignCommand = z.infer<typeof UnassignCommand>;

/** A supervisor moves a busy unit to another call, atomically. */
export const ReassignCommand = z.strictObject({
  unitId: EntityId,
  toCallId: EntityId,
  expectedUnitVersion: Version,
  reason: Reason.optional(),
  override: SafetyOverride.optional(),
});
export type ReassignCommand = z.infer<typeof ReassignCommand>;
/** Body of POST /api/v1/units/:id/reassign: the command without the unit, which is in the path. */
export const ReassignInput = ReassignCommand.omit({ unitId: true });

export const SetUnitStatusCommand = z.strictObject({
  unitId: EntityId,
  status: UnitStatus,
  // Optional as over REST (one operation, one input); the board always sends the version it saw.
  expectedVersion: Version.optional(),
  disposition: Disposition.optional(),
  /** With status 'transporting' only: where the unit takes the person (a destination id). */
  destinationId: EntityId.optional(),
});
export type SetUnitStatusCommand = z.infer<typeof SetUnitStatusCommand>;

export const UpdateCallCommand = z.strictObject({ callId: EntityId, expectedVersion: Version, patch: PatchCallInput });
export type UpdateCallCommand = z.infer<typeof UpdateCallCommand>;

export const NoteCommand = z.strictObject({ callId: EntityId, text: z.string().trim().min(1).max(2000) });
export type NoteCommand = z.infer<typeof NoteCommand>;

/** A supervisor reopens a closed or cancelled call; the reason goes on its timeline. */
export const ReopenCommand = z.strictObject({ callId: EntityId, expectedVersion: Version, reason: Reason });
export type ReopenCommand = z.infer<typeof ReopenCommand>;

/** One click after a missed check-in: send the nearest free police unit to the call. */
export const BackupCommand = z.strictObject({ callId: EntityId });
export type BackupCommand = z.infer<typeof BackupCommand>;

export const CheckInCommand = z.strictObject({ unitId: EntityId });
export type CheckInCommand = z.infer<typeof CheckInCommand>;

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError };
export type AckFn<T> = (result: Ack<T>) => void;

export interface CallAndUnit {
  call: Call;
  unit: UnitDoc;
}

/** A reassignment touches the unit, the call it left and the call it joined. */
export interface Reassignment {
  unit: UnitDoc;
  fromCall: Call | null;
  toCall: Call;
}

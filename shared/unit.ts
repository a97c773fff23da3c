import { z } from 'zod';
import { Disposition } from './call';
import { EpochMs, Latitude, Longitude, Position, TimeInput } from './geo';
import { Actor, EntityId } from './ids';
import { nameText } from './text';
import { UnitType } from './unit-type';

export { UNIT_TYPES, UnitType } from './unit-type';

/** Co-responders and STAR-style crisis teams: the units a coordinator watches. */
export const isCoResponseType = (type: UnitType): boolean => type === 'co_responder' || type === 'crisis_team';

export const UNIT_STATUSES = ['available', 'dispatched', 'enroute', 'onscene', 'transporting', 'out_of_service', 'off_duty'] as const;
export const UnitStatus = z.enum(UNIT_STATUSES);
export type UnitStatus = z.infer<typeof UnitStatus>;

export const Capabilities = z.strictObject({
  /** Crisis Intervention Team training (police). */
  cit: z.boolean(),
  clinician: z.boolean(),
  paramedic: z.boolean(),
  languages: z.array(nameText(2, 32)).max(10),
});
export type Capabilities = z.infer<typeof Capabilities>;

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM');
export const ShiftWindow = z.strictObject({ start: ClockTime, end: ClockTime });
export type ShiftWindow = z.infer<typeof ShiftWindow>;

/**
 * The versioned part of a unit. Its position is kept apart (see Unit): positions arrive many
 * times a second and must not make every supervisor's command on the unit stale.
 */
export const UnitDoc = z.strictObject({
  id: EntityId,
  callsign: z.string(),
  type: UnitType,
  status: UnitStatus,
  statusSince: EpochMs,
  currentCallId: EntityId.nullable(),
  capabilities: Capabilities,
  shift: ShiftWindow.nullable(),
  /** Civilian teams on scene check in periodically; a missed check-in raises an alert. */
  lastCheckInAt: EpochMs.nullable(),
  /**
   * Where a transporting unit is taking the person (shared/destination.ts), when the dispatcher
   * said; absent otherwise. Optional, not nullable: units stored before destinations existed
   * have no such field, and a unit that stops transporting loses it.
   */
  destinationId: EntityId.optional(),
  version: z.int().min(1),
  updatedAt: EpochMs,
  updatedBy: Actor,
});
export type UnitDoc = z.infer<typeof UnitDoc>;

export const Unit = UnitDoc.extend({ position: Position.nullable() });
export type Unit = z.infer<typeof Unit>;

export const PositionInput = z.strictObject({
  lat: Latitude,
  lon: Longitude,
  heading: z.number().min(0).max(360).optional(),
  at: TimeInput.optional(),
});
export type PositionInput = z.infer<typeof PositionInput>;

/** The most positions one batch request may carry: an AVL feed's report of a whole fleet. */
export const MAX_POSITIONS_PER_BATCH = 1000;

/** Body of POST /api/v1/units/positions: many units' positions in one request (AVL feeds). */
export const PositionBatchInput = z.strictObject({
  positions: z
    .array(PositionInput.extend({ unitId: EntityId }))
    .min(1, 'give at least one position')
    .max(MAX_POSITIONS_PER_BATCH, `at most ${MAX_POSITIONS_PER_BATCH} positions per request; split the batch`),
});
export type PositionBatchInput = z.infer<typeof PositionBatchInput>;

/** Body of PUT /api/v1/units/:id: create or replace a unit's roster entry. */
export const PutUnitInput = z.strictObject({
  /** Bidi controls stripped (shared/text.ts): an override must not make it read as another unit. */
  callsign: nameText(1, 32),
  type: UnitType,
  status: z.enum(['available', 'out_of_service', 'off_duty']).optional(),
  position: PositionInput.optional(),
  capabilities: Capabilities.partial().optional(),
  shift: ShiftWindow.nullable().optional(),
  expectedVersion: z.int().min(1).optional(),
});
export type PutUnitInput = z.infer<typeof PutUnitInput>;

export const UnitStatusInput = z.strictObject({
  status: UnitStatus,
  expectedVersion: z.int().min(1).optional(),
  /** When this unit is the last to clear its call: close the call with this disposition
   *  (without it, the call goes back to pending). */
  disposition: Disposition.optional(),
  /** With status 'transporting' only: where to (a destination id). */
  destinationId: EntityId.optional(),
});
export type UnitStatusInput = z.infer<typeof UnitStatusInput>;

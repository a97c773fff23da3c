import { z } from 'zod';
import { EpochMs, Latitude, Longitude } from './geo';
import { Actor, EntityId } from './ids';
import { nameText } from './text';

/**
 * Where a unit takes a person it transports: the places a co-response program hands people to
 * instead of a jail cell or an emergency room bed they do not need. Facilities, not people: no
 * private data, so every screen (the wall included) may show them.
 */
export const DESTINATION_TYPES = ['crisis_stabilization', 'walk_in_crisis', 'detox', 'psychiatric_hospital', 'hospital_er'] as const;
export const DestinationType = z.enum(DESTINATION_TYPES);
export type DestinationType = z.infer<typeof DestinationType>;

/** Words shown to people for each type (codes stay in data attributes and the API). */
export const DESTINATION_TYPE_LABEL: Readonly<Record<DestinationType, string>> = {
  crisis_stabilization: 'Crisis stabilization unit',
  walk_in_crisis: 'Walk-in crisis center',
  detox: 'Detox / withdrawal management',
  psychiatric_hospital: 'Psychiatric hospital',
  hospital_er: 'Hospital emergency department',
};

/** Free beds: a count a person types, bounded so a slip of the finger is refused, not shown. */
export const FreeBeds = z.int().min(0).max(999);

/** Text people read beside the name (an address, what the place takes): bidi controls stripped, as names. */
const ShortText = nameText(1, 200);

export const Destination = z.strictObject({
  id: EntityId,
  name: nameText(1, 80),
  type: DestinationType,
  location: z.strictObject({ lat: Latitude, lon: Longitude }),
  address: ShortText,
  /** null: nobody has said (a facility that does not report beds, or not yet today). */
  freeBeds: FreeBeds.nullable(),
  /** When freeBeds was last set: a count from last night is not a count for now. */
  bedsUpdatedAt: EpochMs.nullable(),
  /** What the place takes, in a few words ("adults 18+, voluntary only, no medical clearance needed"). */
  accepts: ShortText.nullable(),
  version: z.int().min(1),
  updatedAt: EpochMs,
  updatedBy: Actor,
});
export type Destination = z.infer<typeof Destination>;

/** Body of PUT /api/v1/destinations/:id: create or replace a destination. */
export const PutDestinationInput = z.strictObject({
  name: Destination.shape.name,
  type: DestinationType,
  location: Destination.shape.location,
  address: ShortText,
  /** Left out: the beds already on file stay (an integration updating the address must not wipe them). */
  freeBeds: FreeBeds.nullable().optional(),
  accepts: ShortText.nullable().optional(),
  expectedVersion: z.int().min(1).optional(),
});
export type PutDestinationInput = z.infer<typeof PutDestinationInput>;

/** Body of POST /api/v1/destinations/:id/beds: how many beds are free now (null: not known). */
export const DestinationBedsInput = z.strictObject({
  freeBeds: FreeBeds.nullable(),
  expectedVersion: z.int().min(1).optional(),
});
export type DestinationBedsInput = z.infer<typeof DestinationBedsInput>;

/** The beds command as a board sends it (the destination is in the path over REST). */
export const SetBedsCommand = DestinationBedsInput.extend({ destinationId: EntityId });
export type SetBedsCommand = z.infer<typeof SetBedsCommand>;

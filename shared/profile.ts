import { z } from 'zod';
import type { ApiError } from './errors';
import { EpochMs, TimeInput } from './geo';
import { Actor, EntityId } from './ids';
import { nameText } from './text';

/**
 * The one phone normalization, used for a profile's verified phones and for a call's caller
 * phone alike, so "(303) 555-0142", "303.555.0142" and "+1 303 555 0142" all match. Digits only;
 * a NANP number with its leading country code 1 keeps its last 10 digits. Other international
 * numbers keep all their digits (cutting them could make two different people match).
 * Null when it cannot be a phone number (fewer than 7 or more than 15 digits, E.164's limit).
 */
export function normalizePhone(raw: string): string | null {
  let digits = raw.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return digits.length >= 7 && digits.length <= 15 ? digits : null;
}

const PhoneNumber = z
  .string()
  .trim()
  .max(32)
  .refine((s) => normalizePhone(s) !== null, 'must be a phone number (7 to 15 digits)')
  .transform((s) => normalizePhone(s)!);

const Short = z.string().trim().min(1).max(100);
/** People's and conditions' names, shown in the drawer: bidi controls stripped (shared/text.ts). */
const Name = nameText(1, 100);
const Text = z.string().trim().min(1).max(500);
/** Optional lists: an import may leave out what does not apply. */
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).default([]);

export const Condition = z.strictObject({
  name: Name,
  /** True for a mental-health condition: the call is then MH-flagged with reason `profile`. */
  mentalHealth: z.boolean(),
});
export type Condition = z.infer<typeof Condition>;

export const HouseholdMember = z.strictObject({
  name: Name,
  age: z.int().min(0).max(130).optional(),
  relationship: Short.optional(),
  conditions: list(Condition, 20),
  medications: list(Short, 30),
  allergies: list(Short, 20),
  /** E.g. "deaf, uses ASL", "non-verbal; give time to answer". */
  communicationNeeds: list(Text, 10),
  /** What calms this person, what escalates them. */
  deescalation: list(Text, 10),
  /** E.g. "no sirens", "no flashing lights", "do not touch without warning". */
  sensoryTriggers: list(Text, 10),
});
export type HouseholdMember = z.infer<typeof HouseholdMember>;

export const EmergencyContact = z.strictObject({ name: Name, phone: PhoneNumber, relationship: Short });
export type EmergencyContact = z.infer<typeof EmergencyContact>;

export const Consent = z.strictObject({
  /** The resident agrees that 911 responders see this profile at all. False: it is never linked. */
  shareWithResponders: z.boolean(),
  /** The resident agrees that conditions, medications and allergies are shown. */
  shareClinical: z.boolean(),
});
export type Consent = z.infer<typeof Consent>;

const profileShape = {
  id: EntityId,
  address: z.string().trim().min(1).max(200).optional(),
  /** Normalized on input; a call whose caller phone matches one of them gets a grant. */
  verifiedPhones: z
    .array(PhoneNumber)
    .min(1)
    .max(5)
    .transform((phones) => [...new Set(phones)]),
  household: z.array(HouseholdMember).min(1).max(12),
  pets: list(Text, 10),
  /** Gate codes, key box, which door, stairs. */
  accessNotes: list(Text, 10),
  /** Safety facts for anyone entering: weapons in the home, oxygen tanks, a dog that bites. */
  safetyNotes: list(Text, 10),
  emergencyContacts: list(EmergencyContact, 5),
  consent: Consent,
};

/** One record of an import (POST /api/v1/profiles); updatedAt defaults to the import time. */
export const SafetyProfileInput = z.strictObject({ ...profileShape, updatedAt: TimeInput.optional() });
export type SafetyProfileInput = z.input<typeof SafetyProfileInput>;

/** A stored profile. It never travels on the broadcast: it is fetched on demand, filtered by role. */
export const SafetyProfile = z.strictObject({ ...profileShape, updatedAt: EpochMs });
export type SafetyProfile = z.infer<typeof SafetyProfile>;

/** Import body: one record or an array of at most 50. Each record is validated on its own. */
export const MAX_IMPORT = 50;
export const ProfileImport = z.union([z.array(z.unknown()).min(1).max(MAX_IMPORT), z.record(z.string(), z.unknown()).transform((one) => [one])]);

export type ProfileImportRecordResult =
  { index: number; id: string | null; ok: true; created: boolean } | { index: number; id: string | null; ok: false; error: ApiError };

export interface ProfileImportResult {
  imported: number;
  failed: number;
  results: ProfileImportRecordResult[];
}

/** Time-limited access to a profile from one call. Stored under the call's grant key with a TTL. */
export const Grant = z.strictObject({
  callId: EntityId,
  profileId: EntityId,
  expiresAt: EpochMs,
  /** The supervisor who last extended it, and why. */
  extendedBy: Actor.optional(),
  reason: z.string().optional(),
});
export type Grant = z.infer<typeof Grant>;

export const ExtendGrantInput = z.strictObject({ reason: z.string().trim().min(3).max(500) });
export type ExtendGrantInput = z.infer<typeof ExtendGrantInput>;

/** Which fields a role sees; see server/profiles/profile-filter.ts for the table. */
export type ProfileScope = 'clinical' | 'safety';

/** A household member as a role sees it: clinical lists are absent outside the clinical scope. */
export interface HouseholdMemberView {
  name: string;
  age?: number;
  relationship?: string;
  conditions?: Condition[];
  medications?: string[];
  allergies?: string[];
  communicationNeeds: string[];
  deescalation: string[];
  sensoryTriggers: string[];
}

export interface ProfileView {
  profileId: string;
  scope: ProfileScope;
  updatedAt: number;
  address?: string;
  household: HouseholdMemberView[];
  pets: string[];
  accessNotes: string[];
  safetyNotes: string[];
  emergencyContacts?: EmergencyContact[];
  /** The resident did not consent to share clinical details: say so rather than look empty. */
  clinicalWithheld: boolean;
}

/** GET /api/v1/calls/:id/profile. */
export interface ProfileResponse {
  grant: { expiresAt: number };
  profile: ProfileView;
}

/**
 * GET /api/v1/calls/:id/profile/status, for the board's profile button. `linked`: a profile was
 * matched to this call; `available`: its grant is live now. It reveals no profile data.
 */
export interface ProfileStatus {
  linked: boolean;
  available: boolean;
  expiresAt?: number;
}

import { z } from 'zod';
import { EpochMs, Location, TimeInput } from './geo';
import { Actor, EntityId } from './ids';
import { nameText } from './text';
import { UnitType } from './unit-type';

export const CALL_STATUSES = ['pending', 'dispatched', 'enroute', 'onscene', 'closed', 'cancelled'] as const;
export const CallStatus = z.enum(CALL_STATUSES);
export type CallStatus = z.infer<typeof CallStatus>;

/** Calls in these statuses are finished: they leave the live board. */
export const FINISHED_CALL_STATUSES: ReadonlySet<CallStatus> = new Set(['closed', 'cancelled']);
export const isOpenCall = (call: { status: CallStatus }): boolean => !FINISHED_CALL_STATUSES.has(call.status);

/** 1 is the most urgent. */
export const Priority = z.int().min(1).max(5);
export type Priority = z.infer<typeof Priority>;

export const YesNoUnknown = z.enum(['yes', 'no', 'unknown']);
export type YesNoUnknown = z.infer<typeof YesNoUnknown>;

export const MhReason = z.enum(['nature', 'keyword', 'profile', 'dispatcher']);
export type MhReason = z.infer<typeof MhReason>;

export const ResponseModel = z.enum(['alternative', 'co_response', 'police_cit']);
export type ResponseModel = z.infer<typeof ResponseModel>;

/**
 * A team to pull off less urgent work: offered when no team can reach a P1 or P2 MH call. A
 * supervisor's one-click action (unit:reassign, with a reason).
 */
export const ReassignSuggestion = z.strictObject({
  unitId: EntityId,
  fromCallId: EntityId,
  /** The call it would leave, as screens name it. */
  fromCallNumber: z.string().max(40),
  fromPriority: Priority,
  /** Estimated travel minutes from where the team is now. */
  minutes: z.number().min(0),
});
export type ReassignSuggestion = z.infer<typeof ReassignSuggestion>;

export const Recommendation = z.strictObject({
  model: ResponseModel,
  /**
   * The units to send, as one plan across all waiting MH calls: one team (the most urgent call
   * that can reach a team gets it first), plus one police partner for a co-response; or one
   * officer when no team can come. Empty while the call waits for a team offered elsewhere.
   */
  unitIds: z.array(EntityId),
  /** The reason in one readable sentence. */
  rationale: z.string(),
  computedAt: EpochMs,
  reassign: ReassignSuggestion.optional(),
  /** While the call waits: the team its reason names, offered first to a more urgent call (kept named while that holds). */
  waitingFor: EntityId.optional(),
});
export type Recommendation = z.infer<typeof Recommendation>;

/** Why a call counts as mental-health related, and what the risk facts are. */
export const MhBlock = z.strictObject({
  flagged: z.boolean(),
  reasons: z.array(MhReason),
  /** Keywords from the notes that raised the flag, so a dispatcher can see why. */
  keywords: z.array(z.string()),
  weapons: YesNoUnknown,
  violence: YesNoUnknown,
  recommendation: Recommendation.nullable(),
  /** When the call, eligible for a co-response team, first waited with none free (unmet demand). */
  unmetSince: EpochMs.nullable(),
});
export type MhBlock = z.infer<typeof MhBlock>;

export const CallNote = z.strictObject({ at: EpochMs, by: Actor, text: z.string() });
export type CallNote = z.infer<typeof CallNote>;

/**
 * How a mental-health call ended under co-response. These feed the diversion figures a program
 * quotes (police not needed, resolved by a clinician, crisis care instead of jail or the ER).
 */
export const CO_RESPONSE_DISPOSITIONS = [
  'police_not_needed',
  'resolved_by_clinician',
  'transported_crisis_center',
  'transported_detox',
  'referred_988',
  'emergency_hold',
] as const;
/** How any call ended. */
export const GENERAL_DISPOSITIONS = ['resolved_on_scene', 'transported', 'referred', 'report_taken', 'arrest', 'no_contact', 'unfounded'] as const;
/** How a call ended, asked for when it is closed. */
export const DISPOSITIONS = [...GENERAL_DISPOSITIONS, ...CO_RESPONSE_DISPOSITIONS] as const;
export const Disposition = z.enum(DISPOSITIONS);
export type Disposition = z.infer<typeof Disposition>;

export const TIMELINE_KINDS = [
  'created',
  'flagged',
  'unflagged',
  'recommended',
  'assigned',
  'unassigned',
  'reassigned',
  'unit_status',
  'status',
  'priority',
  'risk',
  'reopened',
  'check_in',
  'backup',
  'language',
] as const;

/**
 * One line of a call's append-only history: what happened, who did it, when. Notes are kept
 * in `notes` (they are the caller's and responders' words); the board shows both, by time.
 */
export const TimelineEntry = z.strictObject({
  at: EpochMs,
  by: Actor,
  kind: z.enum(TIMELINE_KINDS),
  text: z.string(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

const NatureCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a nature code such as EDP or 10-96');
/**
 * Bounds on a call's notes: a call is re-sent and re-stored whole on every change, so one
 * user adding notes without end would make every later change of it heavy for everyone.
 * 300 notes is several times what a long incident gathers.
 */
export const NOTE_LIMITS = { chars: 2000, perCall: 300, charsPerCall: 120_000 } as const;

const NoteText = z.string().trim().min(1).max(NOTE_LIMITS.chars);
const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{3,32}$/, 'must be a phone number');

/** The fields of a call people edit one at a time; two edits collide only on the same one. */
export const EDITABLE_CALL_FIELDS = ['status', 'priority', 'weapons', 'violence', 'mhFlag', 'language'] as const;
export type EditableCallField = (typeof EDITABLE_CALL_FIELDS)[number];

/** The last change of one editable field: at which version, by whom, when, from what to what. */
export const FieldEdit = z.strictObject({ version: z.int().min(1), by: Actor, at: EpochMs, from: z.string(), to: z.string() });
export type FieldEdit = z.infer<typeof FieldEdit>;

/**
 * A unit that worked a call, kept when it leaves: history finds a call by the units that were on
 * it, and the diversion figures count who served it (a team alone, with police, police only).
 */
export const ServedUnit = z.strictObject({ unitId: EntityId, callsign: z.string(), type: UnitType, at: EpochMs });
export type ServedUnit = z.infer<typeof ServedUnit>;

/** A caller's language, as units list the ones they speak (shared/unit.ts): "Spanish", "ASL". */
export const CallLanguage = nameText(2, 32);

export const CallerPhoneSource = z.enum(['cad', 'board']);
export type CallerPhoneSource = z.infer<typeof CallerPhoneSource>;

export const Call = z.strictObject({
  id: EntityId,
  /** Human-readable call number shown to dispatchers, e.g. 2026-000123. */
  number: z.string(),
  version: z.int().min(1),
  /**
   * The version of the last change a person or an integration made. Automatic advice (a new
   * recommendation on the timeline) bumps `version` but not this, so a dispatcher's view is not
   * made stale by it. Absent on calls no one has changed yet: `version` counts then.
   */
  editedVersion: z.int().min(1).optional(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  updatedBy: Actor,
  statusSince: EpochMs,
  priority: Priority,
  nature: z.string(),
  location: Location,
  status: CallStatus,
  assignedUnitIds: z.array(EntityId),
  notes: z.array(CallNote),
  timeline: z.array(TimelineEntry),
  disposition: Disposition.nullable(),
  /** When the first unit was assigned (time to assign = assignedAt - createdAt). */
  assignedAt: EpochMs.nullable(),
  callerPhone: z.string().nullable(),
  /**
   * Where the caller's phone came from, when there is one: 'cad' (the CAD/ALI integration
   * reports the line that called) or 'board' (typed by a person). Only a 'cad' number opens the
   * household's safety profile: anyone can type a number.
   */
  callerPhoneSource: CallerPhoneSource.optional(),
  externalId: z.string().nullable(),
  /**
   * The language to speak with the caller when it is not English (null or absent: English or not
   * known). The recommendation prefers a team that speaks it.
   */
  language: CallLanguage.nullable().optional(),
  mh: MhBlock,
  /** Every unit assigned to the call, first assignment first (absent on calls older than the record). */
  servedBy: z.array(ServedUnit).optional(),
  /**
   * The last change of each editable field, so an edit made on an older view is refused only
   * when the same field changed since (and can say from what to what, by whom, when).
   */
  fieldEdits: z
    .strictObject(Object.fromEntries(EDITABLE_CALL_FIELDS.map((f) => [f, FieldEdit.optional()])) as Record<EditableCallField, z.ZodOptional<typeof FieldEdit>>)
    .optional(),
});
export type Call = z.infer<typeof Call>;

/** Body of POST /api/v1/calls. */
export const CreateCallInput = z.strictObject({
  nature: NatureCode,
  priority: Priority,
  location: Location,
  callerPhone: Phone.optional(),
  notes: NoteText.optional(),
  weapons: YesNoUnknown.optional(),
  violence: YesNoUnknown.optional(),
  /** The caller's language when not English (see Call.language). */
  language: CallLanguage.optional(),
  /** The integrator's own id: posting the same externalId twice returns the first call. */
  externalId: z.string().trim().min(1).max(64).optional(),
  at: TimeInput.optional(),
});
export type CreateCallInput = z.infer<typeof CreateCallInput>;

/** Body of PATCH /api/v1/calls/:id. At least one field. */
export const PatchCallInput = z
  .strictObject({
    status: CallStatus.optional(),
    /** Required when closing; how the call ended. */
    disposition: Disposition.optional(),
    /** Required when reopening a closed or cancelled call. */
    reason: NoteText.optional(),
    priority: Priority.optional(),
    note: NoteText.optional(),
    /** Set or clear the MH flag by hand; clearing needs a reason. */
    mhFlag: z.strictObject({ flagged: z.boolean(), reason: NoteText.optional() }).optional(),
    weapons: YesNoUnknown.optional(),
    violence: YesNoUnknown.optional(),
    /** The caller's language; null clears it (English or not known). */
    language: CallLanguage.nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' })
  .refine((p) => p.mhFlag?.flagged !== false || p.mhFlag.reason !== undefined, {
    message: 'clearing the mental-health flag needs a reason',
    path: ['mhFlag', 'reason'],
  });
export type PatchCallInput = z.infer<typeof PatchCallInput>;

/**
 * A supervisor's decision to send a civilian team to a call that needs police, with none on it
 * yet (refused otherwise as 'unsafe_assignment'); the reason goes on the timeline.
 */
export const SafetyOverride = z.strictObject({ reason: z.string().trim().min(3).max(500) });

export const AssignInput = z.strictObject({
  unitId: EntityId,
  /** The unit version the user saw; a stale one is refused with a conflict. */
  expectedVersion: z.int().min(1).optional(),
  override: SafetyOverride.optional(),
});
export type AssignInput = z.infer<typeof AssignInput>;

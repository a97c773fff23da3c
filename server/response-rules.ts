import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { TimerLimits } from '../shared/timers';
import { ShiftWindow, UnitType } from '../shared/unit';

/**
 * The rules behind the mental-health response recommendation. They are configuration, not code
 * (issue 3): which natures a civilian team may take alone, which unit types are teams, hours of
 * service, how travel time is estimated. Validated strictly so a typo is refused at start-up
 * instead of silently changing who gets sent.
 */

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const NatureCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a nature code such as EDP or 10-96')
  // Calls carry codes as typed; matching is case-insensitive.
  .transform((s) => s.toUpperCase());

const TypeList = z.array(UnitType).min(1, 'must list at least one unit type');

export const ResponseRulesSchema = z
  .strictObject({
    /** Free text for whoever edits the file; JSON has no comments. */
    $comment: z.string().optional(),
    /** Natures a civilian team may take alone when weapons and violence are both "no". */
    alternativeEligibleNatures: z.array(NatureCode),
    /** Unit types that may go alone (STAR-style clinician + paramedic teams). */
    alternativeTeamTypes: TypeList,
    /** Unit types that go together with police (clinician co-responders). */
    coResponderTypes: TypeList,
    /** Unit types that are police; a co-response pairs a team with one of these. */
    policeTypes: TypeList,
    /** Program hours per unit type, local time; a unit's own shift, when set, takes precedence. */
    hoursOfService: z.partialRecord(UnitType, ShiftWindow),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Denver'),
    travel: z.strictObject({
      /** Road distance over straight-line distance; about 1.3-1.4 on a city grid. */
      streetFactor: z.number().min(1, 'must be at least 1').max(3, 'must be at most 3'),
      /** Average speed including lights and turns. */
      speedKmh: z.number().positive('must be positive').max(130, 'must be at most 130'),
    }),
    /** Teams estimated farther than this are not recommended. */
    maxTravelMinutes: z.number().positive('must be positive'),
    /** Police estimated farther than this are not recommended (a CIT officer an hour away helps no one). */
    maxPoliceTravelMinutes: z.number().positive('must be positive').default(30),
    /** A CIT-trained officer up to this many minutes farther beats a closer untrained one. */
    citPreferenceMinutes: z.number().min(0, 'must not be negative'),
    /**
     * A unit already recommended for a call stays recommended until another is this many minutes
     * nearer: advice that flips as patrol cars drive past is noise on every screen.
     */
    stickyMinutes: z.number().min(0, 'must not be negative').default(2),
    /** A team that speaks the caller's language (Call.language) up to this many minutes farther beats a closer one that does not. */
    languagePreferenceMinutes: z.number().min(0, 'must not be negative').default(5),
    /**
     * How many of the nearest units of each kind (teams, police, CIT officers) the plan across
     * calls considers for one call: when nearer ones are offered to more urgent calls, the next
     * ones are. One recommendation still sends one team (and one police partner).
     */
    candidatesPerCall: z.int().min(1, 'must be at least 1').max(20, 'must be at most 20').default(5),
    /** Overdue on scene, check-in interval for civilian teams, longest wait per priority. */
    timers: TimerLimits,
    /**
     * Calls a civilian team (alternative or co-responder) may not go to without police on the
     * call: these natures, and any call with weapons or violence reported. A supervisor may
     * override with a reason (audited, on the timeline).
     */
    policeRequired: z
      .strictObject({ natures: z.array(NatureCode), whenWeapons: z.boolean(), whenViolence: z.boolean() })
      .default({ natures: [], whenWeapons: true, whenViolence: true }),
  })
  .superRefine((r, ctx) => {
    const teams = new Set([...r.alternativeTeamTypes, ...r.coResponderTypes]);
    r.policeTypes.forEach((t, i) => {
      if (teams.has(t)) {
        ctx.addIssue({ code: 'custom', path: ['policeTypes', i], message: `"${t}" is also listed as a team type` });
      }
    });
  });

export type ResponseRules = z.infer<typeof ResponseRulesSchema>;

export const DEFAULT_RESPONSE_RULES_FILE = 'server/response-rules.json';

/** Validate already-parsed rules; `source` names them in the error. */
export function parseResponseRules(raw: unknown, source: string): ResponseRules {
  const result = ResponseRulesSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
  throw new Error(`Invalid response rules in ${source}: ${problems.join('; ')}`);
}

/** Read and validate the rules file (default: server/response-rules.json under the working directory). */
export function loadResponseRules(path: string = DEFAULT_RESPONSE_RULES_FILE): ResponseRules {
  const file = resolve(process.cwd(), path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read response rules ${file}: ${(err as Error).message}`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`Response rules ${file} are not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseResponseRules(raw, file);
}

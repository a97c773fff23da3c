import { z } from 'zod';
import type { Call } from './call';
import { natureOf } from './natures';
import { UnitType } from './unit';

/**
 * Which calls a civilian team (crisis team, co-responder) may not go to without police on the
 * call, from the response rules. The server refuses such an assignment; the board warns first.
 */
export const AssignmentSafety = z.strictObject({
  civilianTypes: z.array(UnitType),
  policeTypes: z.array(UnitType),
  natures: z.array(z.string()),
  whenWeapons: z.boolean(),
  whenViolence: z.boolean(),
});
export type AssignmentSafety = z.infer<typeof AssignmentSafety>;

/** Why `call` needs police on it before a civilian team may go, or null when it does not. */
export function policeRequiredBecause(call: Pick<Call, 'nature' | 'mh'>, safety: AssignmentSafety): string | null {
  if (safety.natures.includes(call.nature)) return `${natureOf(call.nature).label.toLowerCase()} calls (${call.nature}) need police`;
  if (safety.whenWeapons && call.mh.weapons === 'yes') return 'weapons are reported';
  if (safety.whenViolence && call.mh.violence === 'yes') return 'violence is reported';
  return null;
}

/**
 * Why sending a unit of `type` to `call` needs a supervisor's override, given the types already
 * on it; null when it is fine (not a civilian team, police already there, or no rule applies).
 */
export function unsafeBecause(call: Pick<Call, 'nature' | 'mh'>, type: UnitType, typesOnCall: readonly UnitType[], safety: AssignmentSafety): string | null {
  if (!safety.civilianTypes.includes(type)) return null;
  if (typesOnCall.some((t) => safety.policeTypes.includes(t))) return null;
  return policeRequiredBecause(call, safety);
}

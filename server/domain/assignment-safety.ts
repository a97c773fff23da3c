import type { Call } from '../../shared/call';
import { natureOf } from '../../shared/natures';
import type { UnitDoc, UnitType } from '../../shared/unit';
import type { ResponseRules } from '../response-rules';
import { DomainError } from './errors';
import { unitLabel } from './labels';

/** Which calls a civilian team may not go to without police, from the response rules. */
export interface AssignmentSafety {
  civilianTypes: ReadonlySet<UnitType>;
  policeTypes: ReadonlySet<UnitType>;
  natures: ReadonlySet<string>;
  whenWeapons: boolean;
  whenViolence: boolean;
}

export function assignmentSafetyFrom(
  rules: Pick<ResponseRules, 'alternativeTeamTypes' | 'coResponderTypes' | 'policeTypes' | 'policeRequired'>,
): AssignmentSafety {
  return {
    civilianTypes: new Set([...rules.alternativeTeamTypes, ...rules.coResponderTypes]),
    policeTypes: new Set(rules.policeTypes),
    natures: new Set(rules.policeRequired.natures),
    whenWeapons: rules.policeRequired.whenWeapons,
    whenViolence: rules.policeRequired.whenViolence,
  };
}

/** Why `call` needs police on it before a civilian team may go, or null when it does not. */
export function policeRequiredBecause(call: Pick<Call, 'nature' | 'mh'>, safety: AssignmentSafety): string | null {
  if (safety.natures.has(call.nature)) return `${natureOf(call.nature).label.toLowerCase()} calls (${call.nature}) need police`;
  if (safety.whenWeapons && call.mh.weapons === 'yes') return 'weapons are reported';
  if (safety.whenViolence && call.mh.violence === 'yes') return 'violence is reported';
  return null;
}

/**
 * Checks sending `unit` to `call`, given the types of the units already on it. A civilian team
 * alone on a call that needs police is refused ('unsafe_assignment', naming the rule), unless a
 * supervisor overrides with a reason; then the answer is the timeline text that records it.
 * Returns null when there is nothing to record.
 */
export function checkAssignmentSafety(
  call: Call,
  unit: UnitDoc,
  typesOnCall: readonly UnitType[],
  override: { reason: string } | undefined,
  safety: AssignmentSafety,
): string | null {
  if (!safety.civilianTypes.has(unit.type)) return null;
  if (typesOnCall.some((t) => safety.policeTypes.has(t))) return null;
  const because = policeRequiredBecause(call, safety);
  if (!because) return null;
  if (override) return `without police (${because}), on a supervisor's override: ${override.reason}`;
  throw new DomainError(
    'unsafe_assignment',
    `${unitLabel(unit)} is a civilian team and ${because}: send police first (or with it), or a supervisor may override with a reason`,
    { rule: because, unitId: unit.id },
  );
}

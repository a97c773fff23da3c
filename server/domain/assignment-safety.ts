import { unsafeBecause, type AssignmentSafety } from '../../shared/assignment-safety';
import type { Call } from '../../shared/call';
import type { UnitDoc, UnitType } from '../../shared/unit';
import type { ResponseRules } from '../response-rules';
import { DomainError } from './errors';
import { unitLabel } from './labels';

export function assignmentSafetyFrom(
  rules: Pick<ResponseRules, 'alternativeTeamTypes' | 'coResponderTypes' | 'policeTypes' | 'policeRequired'>,
): AssignmentSafety {
  return {
    civilianTypes: [...rules.alternativeTeamTypes, ...rules.coResponderTypes],
    policeTypes: [...rules.policeTypes],
    natures: [...rules.policeRequired.natures],
    whenWeapons: rules.policeRequired.whenWeapons,
    whenViolence: rules.policeRequired.whenViolence,
  };
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
  const because = unsafeBecause(call, unit.type, typesOnCall, safety);
  if (!because) return null;
  if (override) return `without police (${because}), on a supervisor's override: ${override.reason}`;
  throw new DomainError(
    'unsafe_assignment',
    `${unitLabel(unit)} is a civilian team and ${because}: send police first (or with it), or a supervisor may override with a reason`,
    { rule: because, unitId: unit.id },
  );
}

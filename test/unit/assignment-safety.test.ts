import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/domain/errors';
import { policeRequiredBecause } from '../../shared/assignment-safety';
import { assignmentSafetyFrom, checkAssignmentSafety } from '../../server/domain/assignment-safety';
import { loadResponseRules } from '../../server/response-rules';
import { makeCall, makeUnit } from '../helpers/entities';

const safety = assignmentSafetyFrom(loadResponseRules());
const team = makeUnit('cr1', { type: 'crisis_team' });
const coResponder = makeUnit('co1', { type: 'co_responder' });
const police = makeUnit('p1', { type: 'law' });

describe('which calls need police before a civilian team', () => {
  it('names the reason: a nature in the rules, weapons reported, violence reported', () => {
    expect(policeRequiredBecause(makeCall('a', { nature: 'SHOTS' }), safety)).toBe('shots fired calls (SHOTS) need police');
    expect(policeRequiredBecause(makeCall('b', { nature: 'EDP' }, { weapons: 'yes' }), safety)).toBe('weapons are reported');
    expect(policeRequiredBecause(makeCall('c', { nature: 'EDP' }, { violence: 'yes' }), safety)).toBe('violence is reported');
  });

  it('leaves calm MH calls, and unknown weapons or violence, to the dispatcher', () => {
    expect(policeRequiredBecause(makeCall('d'), safety)).toBeNull();
    expect(policeRequiredBecause(makeCall('e', { nature: 'EDP' }, { weapons: 'unknown', violence: 'unknown' }), safety)).toBeNull();
  });
});

describe('checking an assignment', () => {
  const shots = makeCall('s', { nature: 'SHOTS' });

  it('refuses a crisis team or a co-responder alone on such a call, saying why and what to do', () => {
    for (const unit of [team, coResponder]) {
      let refusal: unknown;
      try {
        checkAssignmentSafety(shots, unit, [], undefined, safety);
      } catch (err) {
        refusal = err;
      }
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).code).toBe('unsafe_assignment');
      expect((refusal as DomainError).message).toBe(
        `unit ${unit.callsign} is a civilian team and shots fired calls (SHOTS) need police: send police first (or with it), or a supervisor may override with a reason`,
      );
    }
  });

  it('lets the team go once police are on the call, and always lets police go', () => {
    expect(checkAssignmentSafety(shots, team, ['law'], undefined, safety)).toBeNull();
    expect(checkAssignmentSafety(shots, police, [], undefined, safety)).toBeNull();
  });

  it("with a supervisor's override, answers the text the timeline records", () => {
    expect(checkAssignmentSafety(shots, team, [], { reason: 'scene secured by fire crew' }, safety)).toBe(
      "without police (shots fired calls (SHOTS) need police), on a supervisor's override: scene secured by fire crew",
    );
  });
});

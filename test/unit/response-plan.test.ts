import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { Unit, UnitType } from '../../shared/unit';
import { CandidatePool } from '../../server/domain/candidate-pool';
import { rankCall, type CallRanking } from '../../server/domain/recommendation';
import { planResponses } from '../../server/domain/response-plan';
import { testRules } from '../helpers/response-rules';
import { makeCall, makeUnit, T0 } from '../helpers/entities';

const rules = testRules();

const HERE = { lat: 39.74, lon: -104.99 };
// About 2 minutes of travel per km with these rules.
const kmEast = (km: number) => ({ lat: HERE.lat, lon: HERE.lon + km / 85.4 });
const at = (km: number) => ({ ...kmEast(km), heading: null, at: T0 });

const unit = (id: string, type: UnitType, km: number, over: Partial<Unit> = {}) => makeUnit(id, { type, position: at(km), ...over });
const call = (id: string, priority: number, km: number, over: Partial<Call> = {}, mh: Partial<Call['mh']> = {}) =>
  makeCall(id, { priority, location: kmEast(km), number: `2026-${id}`, ...over }, mh);

function plan(calls: Call[], units: Unit[], others: Call[] = []) {
  const pool = CandidatePool.build(units, rules, T0);
  const rankings = calls.map((c) => rankCall(c, pool, rules)).filter((r): r is CallRanking => r !== null);
  const byId = new Map([...calls, ...others].map((c) => [c.id, c]));
  return planResponses(rankings, pool, rules, T0, (id) => byId.get(id));
}

describe('the response plan across calls', () => {
  it('offers one free team to the most urgent call, and the other says what it is waiting for', () => {
    const out = plan([call('p3', 3, 0), call('p1', 1, 2)], [unit('star1', 'crisis_team', 1), unit('law1', 'law', 0.5)]);
    expect(out.get('p1')!.recommendation).toMatchObject({ model: 'alternative', unitIds: ['star1'] });
    expect(out.get('p1')!.unmet).toBe(false);
    const waiting = out.get('p3')!;
    expect(waiting.recommendation.model).toBe('alternative');
    expect(waiting.recommendation.unitIds).toEqual([]);
    expect(waiting.unmet).toBe(true);
    expect(waiting.recommendation.rationale).toBe(
      'Welfare check with no weapons or violence reported: waiting for a team, as crisis team STAR1 (about 2 min) is offered first to more urgent P1 call 2026-p1.',
    );
  });

  it('gives the next call the next nearest team, and says the nearer one went to a more urgent call', () => {
    const out = plan([call('p3', 3, 0), call('p1', 1, 0)], [unit('near', 'crisis_team', 1), unit('far', 'crisis_team', 4)]);
    expect(out.get('p1')!.recommendation.unitIds).toEqual(['near']);
    expect(out.get('p3')!.recommendation.unitIds).toEqual(['far']);
    expect(out.get('p3')!.recommendation.rationale).toMatch(/FAR, the nearest crisis team not offered to a more urgent call, is about 8 min away\.$/);
  });

  it('a waiting call keeps naming the team it waits for while that one is still offered to a more urgent call', () => {
    const units = [unit('star1', 'crisis_team', 1), unit('star2', 'crisis_team', 3)];
    // p1a (older) gets STAR1 (a tie on distance, broken by callsign), p1b STAR2; p3 waits.
    // Unprompted, its reason names the team offered to the more urgent holder.
    const calls = [call('p3', 3, 0), call('p1a', 1, 2, { createdAt: T0 - 60_000 }), call('p1b', 1, 2)];
    const first = plan(calls, units).get('p3')!.recommendation;
    expect(first.waitingFor).toBe('star1');
    expect(first.rationale).toContain('crisis team STAR1 (about 2 min) is offered first to more urgent P1 call 2026-p1a');
    // Told it waits for STAR2 (as a pass before said), it goes on naming that one, reason and all.
    const waitingForStar2 = { ...calls[0]!, mh: { ...calls[0]!.mh, recommendation: { ...first, waitingFor: 'star2' } } };
    const again = plan([waitingForStar2, calls[1]!, calls[2]!], units).get('p3')!.recommendation;
    expect(again.waitingFor).toBe('star2');
    expect(again.rationale).toContain('crisis team STAR2 (about 6 min) is offered first to more urgent P1 call 2026-p1b');
  });

  it('among calls of one priority, the one waiting longest goes first', () => {
    const older = call('older', 2, 3, { createdAt: T0 - 60_000 });
    const newer = call('newer', 2, 0, { createdAt: T0 });
    const out = plan([newer, older], [unit('star1', 'crisis_team', 0)]);
    expect(out.get('older')!.recommendation.unitIds).toEqual(['star1']);
    expect(out.get('newer')!.recommendation.unitIds).toEqual([]);
  });

  it('offers a call a free team beyond the nearest few it ranked when more urgent calls took those', () => {
    // candidatesPerCall is 5: six calls, eight teams.
    const calls = Array.from({ length: 6 }, (_, i) => call(`c${i + 1}`, 2, 0, { createdAt: T0 + i }));
    const teams = Array.from({ length: 8 }, (_, i) => unit(`t${i + 1}`, 'crisis_team', 1 + i));
    const out = plan(calls, teams);
    expect(calls.map((c) => out.get(c.id)!.recommendation.unitIds)).toEqual([['t1'], ['t2'], ['t3'], ['t4'], ['t5'], ['t6']]);
    expect(out.get('c6')!.unmet).toBe(false);
  });

  it('a co-response waiting for a team still gets its police partner now', () => {
    const out = plan(
      [call('p1', 1, 0), call('p2', 2, 0, {}, { weapons: 'yes' })],
      [unit('star1', 'crisis_team', 1), unit('cit1', 'law', 1, { capabilities: { cit: true, clinician: false, paramedic: false, languages: [] } })],
    );
    expect(out.get('p1')!.recommendation.unitIds).toEqual(['star1']);
    expect(out.get('p2')!.recommendation).toMatchObject({ model: 'co_response', unitIds: ['cit1'] });
    expect(out.get('p2')!.recommendation.rationale).toBe(
      'Weapons reported: waiting for a team, as crisis team STAR1 (about 2 min) is offered first to more urgent P1 call 2026-p1; send police unit CIT1 (CIT, about 2 min) meanwhile.',
    );
  });

  it('never offers one police partner to two co-responses', () => {
    const risky = { weapons: 'yes' as const };
    const out = plan(
      [call('a', 2, 0, {}, risky), call('b', 3, 0, {}, risky)],
      [unit('cr1', 'co_responder', 1), unit('cr2', 'co_responder', 2), unit('law1', 'law', 0.5), unit('law2', 'law', 3)],
    );
    expect(out.get('a')!.recommendation).toMatchObject({ model: 'co_response', unitIds: ['cr1', 'law1'] });
    expect(out.get('b')!.recommendation).toMatchObject({ model: 'co_response', unitIds: ['cr2', 'law2'] });
  });

  it('an eligible call whose crisis team went elsewhere gets a co-responder with police', () => {
    const out = plan([call('p1', 1, 0), call('p2', 2, 0)], [unit('star1', 'crisis_team', 1), unit('cr1', 'co_responder', 2), unit('law1', 'law', 1)]);
    expect(out.get('p1')!.recommendation.unitIds).toEqual(['star1']);
    expect(out.get('p2')!.recommendation).toMatchObject({ model: 'co_response', unitIds: ['cr1', 'law1'] });
    expect(out.get('p2')!.recommendation.rationale).toMatch(
      /^Welfare check with no weapons or violence reported but no crisis team free: send co-responder CR1/,
    );
  });

  it('a team already on a call stays its recommendation and is offered to no other call', () => {
    const onIt = call('on', 4, 0, { status: 'dispatched', assignedUnitIds: ['star1'] });
    const out = plan([onIt, call('p1', 1, 0)], [unit('star1', 'crisis_team', 1, { status: 'enroute', currentCallId: 'on' }), unit('law1', 'law', 1)]);
    expect(out.get('on')!.recommendation.unitIds).toEqual(['star1']);
    // The P1 call cannot have it (it is not free): no team in reach, police instead.
    expect(out.get('p1')!.recommendation).toMatchObject({ model: 'police_cit', unitIds: ['law1'] });
  });

  it('when no team can reach a P1 or P2 call, suggests the nearest team working a less urgent call', () => {
    const p4 = call('p4', 4, 9, { status: 'onscene' });
    const p1 = call('p1', 1, 0);
    const out = plan(
      [p1],
      [
        unit('cr8', 'co_responder', 1.5, { status: 'onscene', currentCallId: 'p4' }),
        unit('cr9', 'co_responder', 1, { status: 'transporting', currentCallId: 'p4' }),
        unit('cit1', 'law', 2, { capabilities: { cit: true, clinician: false, paramedic: false, languages: [] } }),
      ],
      [p4],
    );
    const rec = out.get('p1')!.recommendation;
    expect(rec).toMatchObject({ model: 'police_cit', unitIds: ['cit1'], reassign: { unitId: 'cr8', fromCallId: 'p4' } });
    expect(rec.rationale).toBe(
      'No co-responder or crisis team is free within 25 min: send CIT-trained officer CIT1 (about 4 min); or reassign co-responder CR8 (about 3 min) from P4 call 2026-p4.',
    );
    expect(out.get('p1')!.unmet).toBe(true);
  });

  it('suggests no reassignment from equally urgent work, nor for a P3 call', () => {
    const busyOn = (id: string) => unit('cr8', 'co_responder', 1, { status: 'onscene', currentCallId: id });
    expect(plan([call('p1', 1, 0)], [busyOn('other')], [call('other', 1, 5)]).get('p1')!.recommendation.reassign).toBeUndefined();
    expect(plan([call('p3', 3, 0)], [busyOn('p5')], [call('p5', 5, 5)]).get('p3')!.recommendation.reassign).toBeUndefined();
    expect(plan([call('p2', 2, 0)], [busyOn('p5')], [call('p5', 5, 5)]).get('p2')!.recommendation.reassign).toMatchObject({ unitId: 'cr8' });
  });
});

describe("the caller's language", () => {
  const speaking = (...languages: string[]) => ({ capabilities: { cit: false, clinician: true, paramedic: false, languages } });

  it('prefers a team that speaks it when at most languagePreferenceMinutes farther, and says so', () => {
    const out = plan([call('c', 3, 0, { language: 'Spanish' })], [unit('near', 'crisis_team', 1), unit('es', 'crisis_team', 3, speaking('spanish'))]);
    expect(out.get('c')!.recommendation.unitIds).toEqual(['es']);
    expect(out.get('c')!.recommendation.rationale).toBe(
      'Welfare check with no weapons or violence reported: ES, the nearest free crisis team that speaks Spanish, is about 6 min away.',
    );
  });

  it('keeps the nearest team when the speaker is much farther, and says none nearby speaks it', () => {
    const risky = { weapons: 'yes' as const };
    const out = plan(
      [call('c', 3, 0, { language: 'Vietnamese' }, risky)],
      [unit('near', 'co_responder', 1), unit('vi', 'co_responder', 6, speaking('Vietnamese')), unit('law1', 'law', 1)],
    );
    expect(out.get('c')!.recommendation.unitIds).toEqual(['near', 'law1']);
    expect(out.get('c')!.recommendation.rationale).toBe(
      'Weapons reported: send co-responder NEAR (about 2 min; none free nearby speaks Vietnamese) with police unit LAW1 (about 2 min).',
    );
  });

  it('names the language when the nearest team speaks it; a call without one is planned as before', () => {
    const teams = [unit('es', 'crisis_team', 1, speaking('Spanish')), unit('other', 'crisis_team', 0.5)];
    expect(plan([call('c', 3, 0, { language: 'Spanish' })], teams).get('c')!.recommendation.rationale).toMatch(
      /ES, the nearest free crisis team that speaks Spanish, is about 2 min away\.$/,
    );
    expect(plan([call('c', 3, 0)], teams).get('c')!.recommendation.unitIds).toEqual(['other']);
    expect(plan([call('c', 3, 0, { language: 'Spanish' })], [unit('es', 'crisis_team', 1, speaking('Spanish'))]).get('c')!.recommendation.rationale).toMatch(
      /ES, the nearest free crisis team, is about 2 min away and speaks Spanish\.$/,
    );
  });
});

describe('advice that holds still', () => {
  /** The plan for one call whose advice already names `named`. */
  function planNaming(named: string[], units: Unit[]) {
    const c = call('c', 3, 0);
    const advised = { ...c, mh: { ...c.mh, recommendation: { model: 'alternative' as const, unitIds: named, rationale: 'Earlier.', computedAt: T0 } } };
    const pool = CandidatePool.build(units, rules, T0);
    return planResponses([rankCall(c, pool, rules)!], pool, rules, T0, (id) => (id === 'c' ? advised : undefined)).get('c')!.recommendation;
  }

  it('keeps the team it named while another is at most stickyMinutes nearer, and says so', () => {
    const rec = planNaming(['named'], [unit('named', 'crisis_team', 2), unit('nearer', 'crisis_team', 1.5)]);
    expect(rec.unitIds).toEqual(['named']);
    expect(rec.rationale).toBe('Welfare check with no weapons or violence reported: NAMED, the crisis team already recommended, is about 4 min away.');
  });

  it('keeps the officer it named though six others are now nearer, as long as it is at most stickyMinutes farther', () => {
    const police = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75].map((km, i) => unit(`p${i}`, 'law', km));
    const rec = planNaming(['named'], [...police, unit('named', 'law', 1.2)]);
    expect(rec).toMatchObject({ model: 'police_cit', unitIds: ['named'] });
    expect(planNaming(['named'], [...police, unit('named', 'law', 2.5)]).unitIds).toEqual(['p0']);
  });

  it('moves to a team more than stickyMinutes nearer, and to the nearest when the named one is gone', () => {
    expect(planNaming(['named'], [unit('named', 'crisis_team', 4), unit('nearer', 'crisis_team', 1)]).unitIds).toEqual(['nearer']);
    expect(planNaming(['named'], [unit('named', 'crisis_team', 2, { status: 'out_of_service' }), unit('other', 'crisis_team', 3)]).unitIds).toEqual(['other']);
  });
});

describe('a reassignment suggestion that holds still', () => {
  it('keeps suggesting the team it named while another busy team is at most stickyMinutes nearer', () => {
    const p4 = call('p4', 4, 9, { status: 'onscene' });
    const p1 = call('p1', 1, 0);
    const busy = [
      unit('near', 'co_responder', 1, { status: 'onscene', currentCallId: 'p4' }),
      unit('named', 'co_responder', 1.4, { status: 'onscene', currentCallId: 'p4' }),
    ];
    const advised = {
      ...p1,
      mh: {
        ...p1.mh,
        recommendation: {
          model: 'police_cit' as const,
          unitIds: [],
          rationale: 'Earlier.',
          computedAt: T0,
          reassign: { unitId: 'named', fromCallId: 'p4', fromCallNumber: p4.number, fromPriority: 4, minutes: 3 },
        },
      },
    };
    const pool = CandidatePool.build(busy, rules, T0);
    const lookup = (id: string) => (id === 'p1' ? advised : id === 'p4' ? p4 : undefined);
    const rec = planResponses([rankCall(p1, pool, rules)!], pool, rules, T0, lookup).get('p1')!.recommendation;
    expect(rec.reassign?.unitId).toBe('named');
    // Without a suggestion on record, the nearest.
    expect(plan([p1], busy, [p4]).get('p1')!.recommendation.reassign?.unitId).toBe('near');
  });
});

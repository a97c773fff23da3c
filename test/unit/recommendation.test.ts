import { describe, expect, it } from 'vitest';
import type { Call, Recommendation, ResponseModel, YesNoUnknown } from '../../shared/call';
import type { Unit, UnitType } from '../../shared/unit';
import { estimateTravelMinutes, isInService, sameRecommendation } from '../../server/domain/recommendation';
import { recommend } from '../../server/domain/response-plan';
import { testRules } from '../helpers/response-rules';

// Hours of service and the natures matter here; three candidates a kind.
const rules = testRules({
  alternativeEligibleNatures: ['welfare', 'MNTL', 'EDP', '10-96'],
  hoursOfService: { crisis_team: { start: '06:00', end: '22:00' }, co_responder: { start: '07:00', end: '23:00' } },
  candidatesPerCall: 3,
});

/** Epoch ms of a January day at h:m in Denver (MST, UTC-7). */
const denver = (h: number, m = 0): number => Date.UTC(2026, 0, 15, h + 7, m);
const NOON = denver(12);
const HERE = { lat: 39.7392, lon: -104.9903 };
// With these rules 1 km straight line is 1.35 km by street at 40 km/h: about 2.0 min per km.
const kmNorth = (km: number) => ({ lat: HERE.lat + km / 111.2, lon: HERE.lon, heading: null, at: NOON });

function call(over: Partial<Call> = {}, mh: Partial<Call['mh']> = {}): Call {
  return {
    id: 'c1',
    number: '2026-000001',
    version: 1,
    createdAt: NOON,
    updatedAt: NOON,
    updatedBy: 'cad',
    statusSince: NOON,
    priority: 2,
    nature: 'WELFARE',
    location: { lat: HERE.lat, lon: HERE.lon },
    status: 'pending',
    assignedUnitIds: [],
    notes: [],
    timeline: [],
    disposition: null,
    assignedAt: null,
    callerPhone: null,
    externalId: null,
    mh: { flagged: true, reasons: ['nature'], keywords: [], weapons: 'no', violence: 'no', recommendation: null, unmetSince: null, ...mh },
    ...over,
  };
}

function unit(id: string, type: UnitType, km: number | null, over: Partial<Unit> = {}): Unit {
  return {
    id,
    callsign: id,
    type,
    status: 'available',
    statusSince: NOON,
    currentCallId: null,
    capabilities: { cit: false, clinician: type !== 'law', paramedic: type === 'crisis_team', languages: [] },
    shift: null,
    lastCheckInAt: null,
    version: 1,
    updatedAt: NOON,
    updatedBy: 'sup',
    position: km === null ? null : kmNorth(km),
    ...over,
  };
}
const law = (id: string, km: number, cit = false, over: Partial<Unit> = {}) =>
  unit(id, 'law', km, { ...over, capabilities: { cit, clinician: false, paramedic: false, languages: [] } });

const risk = (weapons: YesNoUnknown, violence: YesNoUnknown) => ({ weapons, violence });
const fleet = [unit('STAR1', 'crisis_team', 2), unit('CR1', 'co_responder', 1), law('P1', 0.5)];

interface Row {
  name: string;
  call: Call;
  units: Unit[];
  now?: number;
  model: ResponseModel;
  unitIds: string[];
  unmet?: boolean;
  rationale?: string | RegExp;
}

const rows: Row[] = [
  {
    name: 'eligible nature, no weapons, no violence, free team: alternative',
    call: call(),
    units: fleet,
    model: 'alternative',
    unitIds: ['STAR1'],
    rationale: 'Welfare check with no weapons or violence reported: STAR1, the nearest free crisis team, is about 4 min away.',
  },
  { name: 'nature code matched case-insensitively', call: call({ nature: 'welfare' }), units: fleet, model: 'alternative', unitIds: ['STAR1'] },
  {
    name: 'weapons yes: co-response, the nearest team and one police partner',
    call: call({}, risk('yes', 'no')),
    units: fleet,
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
    rationale: 'Weapons reported: send co-responder CR1 (about 2 min) with police unit P1 (about 1 min).',
  },
  {
    name: 'violence yes: co-response',
    call: call({}, risk('no', 'yes')),
    units: fleet,
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
    rationale: /^Violence reported: /,
  },
  {
    name: 'both yes',
    call: call({}, risk('yes', 'yes')),
    units: fleet,
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
    rationale: /^Weapons and violence reported: /,
  },
  {
    name: 'weapons unknown: co-response',
    call: call({}, risk('unknown', 'no')),
    units: fleet,
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
    rationale: /^Weapons not ruled out: /,
  },
  {
    name: 'violence unknown: co-response',
    call: call({}, risk('no', 'unknown')),
    units: fleet,
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
    rationale: /^Violence not ruled out: /,
  },
  {
    name: 'both unknown',
    call: call({}, risk('unknown', 'unknown')),
    units: fleet,
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
    rationale: /^Weapons and violence not ruled out: /,
  },
  {
    name: 'nature not eligible: co-response even with no/no',
    call: call({ nature: 'SUICIDE' }),
    units: fleet,
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
    rationale: /^Suicide attempt is not eligible for a crisis team alone: send co-responder CR1/,
  },
  {
    name: 'eligible but no crisis team free: co-responder with police, not unmet',
    call: call(),
    units: [unit('CR1', 'co_responder', 1), law('P1', 0.5)],
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
    unmet: false,
    rationale:
      'Welfare check with no weapons or violence reported but no crisis team free: send co-responder CR1 (about 2 min) with police unit P1 (about 1 min).',
  },
  {
    name: 'co-response: a CIT officer up to citPreferenceMinutes farther beats a closer untrained one',
    call: call({}, risk('yes', 'no')),
    units: [unit('CR1', 'co_responder', 1), law('P1', 0.5), law('C1', 1.5, true)],
    model: 'co_response',
    unitIds: ['CR1', 'C1'],
    rationale: /with police unit C1 \(CIT, about 3 min\)\.$/,
  },
  {
    name: 'co-response: a CIT officer much farther loses to the nearest officer',
    call: call({}, risk('yes', 'no')),
    units: [unit('CR1', 'co_responder', 1), law('P1', 0.5), law('C1', 5, true)],
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
  },
  {
    name: 'co-response with no police free says so',
    call: call({}, risk('yes', 'no')),
    units: [unit('CR1', 'co_responder', 1)],
    model: 'co_response',
    unitIds: ['CR1'],
    rationale: 'Weapons reported: send co-responder CR1 (about 2 min); no police unit is free to go with it.',
  },
  {
    name: 'no team free: the nearest CIT officer, unmet',
    call: call(),
    units: [law('P1', 0.5), law('C1', 3, true), law('C2', 1.5, true)],
    model: 'police_cit',
    unitIds: ['C2'],
    unmet: true,
    rationale: 'No co-responder or crisis team is free within 25 min: send CIT-trained officer C2 (about 3 min).',
  },
  {
    name: 'weapons yes and no team free: unmet too',
    call: call({}, risk('yes', 'no')),
    units: [law('C1', 3, true)],
    model: 'police_cit',
    unitIds: ['C1'],
    unmet: true,
  },
  {
    name: 'no CIT officer free: any officer, and the rationale says so',
    call: call(),
    units: [law('P2', 2), law('P1', 0.5)],
    model: 'police_cit',
    unitIds: ['P1'],
    unmet: true,
    rationale: 'No co-responder or crisis team is free within 25 min, nor any CIT-trained officer: send police unit P1 (about 1 min).',
  },
  {
    name: 'nobody free at all',
    call: call(),
    units: [],
    model: 'police_cit',
    unitIds: [],
    unmet: true,
    rationale: 'No co-responder or crisis team is free within 25 min, nor any police unit within 30 min.',
  },
  {
    name: 'team out of its hours of service (22:30, crisis teams 06-22) is skipped',
    call: call(),
    units: fleet,
    now: denver(22, 30),
    model: 'co_response',
    unitIds: ['CR1', 'P1'],
  },
  {
    name: 'a unit shift takes precedence over the hours of service (shift ended at 12:00)',
    call: call(),
    units: [unit('STAR1', 'crisis_team', 2, { shift: { start: '08:00', end: '12:00' } }), law('P1', 0.5)],
    model: 'police_cit',
    unitIds: ['P1'],
    unmet: true,
  },
  {
    name: 'a shift crossing midnight covers 01:00 though the hours of service do not',
    call: call(),
    units: [unit('STAR1', 'crisis_team', 2, { shift: { start: '20:00', end: '02:00' } })],
    now: denver(1),
    model: 'alternative',
    unitIds: ['STAR1'],
  },
  {
    name: 'a shift crossing midnight does not cover 03:00',
    call: call(),
    units: [unit('STAR1', 'crisis_team', 2, { shift: { start: '20:00', end: '02:00' } })],
    now: denver(3),
    model: 'police_cit',
    unitIds: [],
    unmet: true,
  },
  {
    name: 'busy, off-duty, out-of-service, on another call and position-less units are excluded',
    call: call(),
    units: [
      unit('S1', 'crisis_team', 1, { status: 'dispatched', currentCallId: 'c9' }),
      unit('S2', 'crisis_team', 1, { status: 'off_duty' }),
      unit('S3', 'crisis_team', 1, { status: 'out_of_service' }),
      unit('S4', 'crisis_team', 1, { currentCallId: 'c9' }),
      unit('S5', 'crisis_team', null),
      unit('S6', 'crisis_team', 4),
    ],
    model: 'alternative',
    unitIds: ['S6'],
  },
  {
    name: 'a team too far (about 30 min) is not recommended; an officer within the police cap (about 24 min) still is',
    call: call(),
    units: [unit('STAR1', 'crisis_team', 15), law('C1', 12, true)],
    model: 'police_cit',
    unitIds: ['C1'],
    unmet: true,
  },
  {
    name: 'an officer beyond the police travel cap (about 40 min) is not recommended',
    call: call(),
    units: [law('C1', 20, true), law('P1', 16)],
    model: 'police_cit',
    unitIds: [],
    unmet: true,
    rationale: 'No co-responder or crisis team is free within 25 min, nor any police unit within 30 min.',
  },
  {
    name: 'one team per call: the nearest of several',
    call: call(),
    units: [unit('S3', 'crisis_team', 3), unit('S1', 'crisis_team', 1), unit('S4', 'crisis_team', 4), unit('S2', 'crisis_team', 2)],
    model: 'alternative',
    unitIds: ['S1'],
  },
  {
    name: 'co-response: one team and one police partner, however many are free',
    call: call({}, risk('yes', 'no')),
    units: [unit('S1', 'crisis_team', 1), unit('S2', 'crisis_team', 2), unit('CR3', 'co_responder', 3), law('P1', 1), law('P2', 1.2)],
    model: 'co_response',
    unitIds: ['S1', 'P1'],
  },
  {
    name: 'a team already on the call stays recommended after dispatch (not unmet)',
    call: call({ status: 'dispatched', assignedUnitIds: ['STAR1'] }),
    units: [unit('STAR1', 'crisis_team', 1, { status: 'enroute', currentCallId: 'c1' })],
    model: 'alternative',
    unitIds: ['STAR1'],
    unmet: false,
    rationale: 'Welfare check with no weapons or violence reported: crisis team STAR1 is already assigned.',
  },
];

describe('recommend', () => {
  it.each(rows)('$name', (row) => {
    const result = recommend(row.call, row.units, rules, row.now ?? NOON);
    expect(result).not.toBeNull();
    const { recommendation, unmet } = result!;
    expect(recommendation.model).toBe(row.model);
    expect(recommendation.unitIds).toEqual(row.unitIds);
    expect(unmet).toBe(row.unmet ?? row.model === 'police_cit');
    expect(recommendation.computedAt).toBe(row.now ?? NOON);
    if (typeof row.rationale === 'string') expect(recommendation.rationale).toBe(row.rationale);
    else if (row.rationale) expect(recommendation.rationale).toMatch(row.rationale);
    // One readable sentence: a capital, one full stop at the end.
    expect(recommendation.rationale).toMatch(/^[A-Z][^.]*\.$/);
  });

  it.each([
    ['not MH-flagged', call({}, { flagged: false })],
    ['closed', call({ status: 'closed' })],
    ['cancelled', call({ status: 'cancelled' })],
  ])('returns null for a call that is %s', (_name, c) => {
    expect(recommend(c, fleet, rules, NOON)).toBeNull();
  });
});

describe('estimateTravelMinutes and isInService', () => {
  it('stretches the straight line by the street factor at the configured speed', () => {
    const minutes = estimateTravelMinutes(HERE, kmNorth(2), rules);
    expect(minutes).toBeCloseTo((2 * 1.35 * 60) / 40, 1);
  });

  it('uses the unit shift, else the type hours, else always, with the end exclusive', () => {
    expect(isInService({ type: 'crisis_team', shift: null }, rules, denver(21, 59))).toBe(true);
    expect(isInService({ type: 'crisis_team', shift: null }, rules, denver(22))).toBe(false);
    expect(isInService({ type: 'crisis_team', shift: { start: '22:00', end: '06:00' } }, rules, denver(23))).toBe(true);
    expect(isInService({ type: 'law', shift: null }, rules, denver(3))).toBe(true);
  });
});

describe('sameRecommendation', () => {
  const rec = (over: Partial<Recommendation> = {}): Recommendation => ({
    model: 'alternative',
    unitIds: ['a', 'b'],
    rationale: 'about 4 min.',
    computedAt: NOON,
    ...over,
  });
  it.each([
    ['drifting ETAs and time do not count', rec(), rec({ rationale: 'about 5 min.', computedAt: NOON + 5000 }), true],
    ['a different model counts', rec(), rec({ model: 'co_response' }), false],
    ['a different order counts', rec(), rec({ unitIds: ['b', 'a'] }), false],
    ['a different list counts', rec(), rec({ unitIds: ['a'] }), false],
    [
      'another reason counts (the team now offered to another call)',
      rec({ rationale: 'Waiting for a team, as STAR1 (about 4 min) is offered first to more urgent P1 call 2026-000001.' }),
      rec({ rationale: 'Waiting for a team, as STAR1 (about 3 min) is offered first to more urgent P1 call 2026-000007.' }),
      false,
    ],
    ['null and null are the same', null, null, true],
    ['null and a recommendation differ', null, rec(), false],
  ])('%s', (_name, a, b, same) => {
    expect(sameRecommendation(a, b)).toBe(same);
    expect(sameRecommendation(b, a)).toBe(same);
  });
});

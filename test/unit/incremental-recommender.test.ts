import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { Unit, UnitType } from '../../shared/unit';
import { byPreference, CandidatePool, estimateTravelMinutes, type Candidate } from '../../server/domain/candidate-pool';
import { rankCall, withMovedUnits, type CallRanking } from '../../server/domain/recommendation';
import { planResponses } from '../../server/domain/response-plan';
import { RecommendationWatch } from '../../server/domain/recommendation-watch';
import { testRules } from '../helpers/response-rules';
import { makeCall, makeUnit } from '../helpers/entities';

// Small numbers so a random city of a few dozen units exercises every branch: lists that fill
// up, teams in and out of reach, CIT officers inside and outside the preference window.
const rules = testRules({ maxTravelMinutes: 12, candidatesPerCall: 3 });
const NOW = Date.UTC(2026, 0, 15, 19);
const TYPES: UnitType[] = ['law', 'law', 'law', 'ems', 'co_responder', 'crisis_team'];

// Positions on a coarse grid, so several units often stand exactly as far from a call (ties).
const gridPoint = fc.record({ i: fc.integer({ min: 0, max: 12 }), j: fc.integer({ min: 0, max: 12 }) }).map(({ i, j }) => ({
  lat: 39.68 + i * 0.01,
  lon: -105.03 + j * 0.01,
  heading: null,
  at: NOW,
}));

const unitArb = (id: string) =>
  fc
    .record({
      type: fc.constantFrom(...TYPES),
      at: fc.option(gridPoint, { freq: 8 }),
      cit: fc.boolean(),
      spanish: fc.boolean(),
      status: fc.constantFrom('available', 'available', 'available', 'out_of_service'),
    })
    .map((u) =>
      makeUnit(id, {
        type: u.type,
        position: u.at,
        status: u.status as Unit['status'],
        capabilities: { cit: u.cit, clinician: false, paramedic: false, languages: u.spanish ? ['Spanish'] : [] },
      }),
    );

const callArb = (id: string) =>
  fc
    .record({
      at: gridPoint,
      nature: fc.constantFrom('WELFARE', 'EDP', 'MTLV', 'THEFT'),
      weapons: fc.constantFrom('no', 'unknown', 'yes'),
      flagged: fc.boolean(),
      priority: fc.integer({ min: 1, max: 5 }),
      language: fc.constantFrom(null, null, 'Spanish'),
    })
    .map((c) =>
      makeCall(
        id,
        { nature: c.nature, location: { lat: c.at.lat, lon: c.at.lon }, priority: c.priority, language: c.language },
        { flagged: c.flagged || c.nature !== 'THEFT', weapons: c.weapons as Call['mh']['weapons'] },
      ),
    );

/** A change a live city sees: a unit moves, goes busy on a call or free, or a call changes. */
type Step =
  | { kind: 'move'; unit: number; to: Unit['position'] }
  | { kind: 'nudge'; unit: number; north: number; east: number }
  | { kind: 'assign'; unit: number; call: number }
  | { kind: 'free'; unit: number }
  | { kind: 'status'; unit: number; status: Unit['status'] }
  | { kind: 'cit'; unit: number }
  | { kind: 'risk'; call: number; weapons: 'yes' | 'no' | 'unknown' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('move' as const), unit: fc.nat(), to: gridPoint }) },
  // A few hundred metres at most, as a unit drives between reports: its lists mostly keep it.
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('nudge' as const),
      unit: fc.nat(),
      north: fc.integer({ min: -3, max: 3 }),
      east: fc.integer({ min: -3, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('assign' as const), unit: fc.nat(), call: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('free' as const), unit: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('status' as const), unit: fc.nat(), status: fc.constantFrom('available', 'out_of_service', 'off_duty') }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cit' as const), unit: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('risk' as const), call: fc.nat(), weapons: fc.constantFrom('yes', 'no', 'unknown') }) },
);

/** The plan made from `rankings`, as what a board sees of each call: model, units, unmet, suggestion. */
/** What a ranking holds, comparable with toEqual: each list's units, times and places, and the horizons. */
const listsOf = (r: CallRanking) => ({
  call: r.call.id,
  lists: [r.altTeams, r.teams, r.police, r.cit, r.altSpeakers, r.teamSpeakers].map((l) => l.map((c) => [c.unit.id, c.minutes, c.assigned])),
  horizon: r.horizon,
});
const byCall = (a: { call: string }, b: { call: string }) => a.call.localeCompare(b.call);

function advice(rankings: Iterable<CallRanking>, pool: CandidatePool, calls: ReadonlyMap<string, Call>) {
  const plan = planResponses(rankings, pool, rules, NOW, (id) => calls.get(id));
  const out = new Map<string, unknown>();
  for (const [id, r] of plan)
    out.set(id, { model: r.recommendation.model, unitIds: r.recommendation.unitIds, unmet: r.unmet, reassign: r.recommendation.reassign });
  return out;
}

describe('the candidate pool', () => {
  it('ranks the nearest free units exactly as a full sort of the fleet would, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(200), { minLength: 0, maxLength: 150 }).chain((ids) => fc.tuple(...ids.map((_, i) => unitArb(`u${i}`)))),
        gridPoint,
        fc.integer({ min: 1, max: 6 }),
        fc.option(fc.integer({ min: 1, max: 30 })),
        fc.boolean(),
        fc.boolean(),
        (units, at, limit, maxMinutes, citOnly, spanishOnly) => {
          const pool = CandidatePool.build(units, rules, NOW);
          // CIT officers are a group of the pool's own (law:cit); a language by a filter here.
          const keys = citOnly ? ['law:cit', 'co_responder:cit'] : ['law', 'co_responder'];
          const accept = spanishOnly ? (u: Unit) => u.capabilities.languages.includes('Spanish') : undefined;
          const got = pool.freeNear(at, keys, { limit, maxMinutes: maxMinutes ?? undefined, accept }).map((c) => c.unit.id);
          const expected = units
            .filter((u) => (u.type === 'law' || u.type === 'co_responder') && u.status === 'available' && u.position)
            .filter((u) => (!citOnly || u.capabilities.cit) && (!accept || accept(u)))
            .map((unit): Candidate => ({ unit, minutes: estimateTravelMinutes(unit.position!, at, rules), assigned: false }))
            .filter((c) => maxMinutes === null || c.minutes <= maxMinutes)
            .sort(byPreference)
            .slice(0, limit)
            .map((c) => c.unit.id);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the incremental recommender', () => {
  it('plans the same from rankings kept across passes as from ranking every call again, after any sequence of changes in a random city', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 70, max: 110 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => unitArb(`u${i}`)))),
        fc.tuple(...Array.from({ length: 8 }, (_, i) => callArb(`c${i}`))),
        // Each pass takes in units that only moved, or (as the recommender's quicker passes do) leaves them for later.
        fc.array(fc.record({ steps: fc.array(stepArb, { minLength: 1, maxLength: 6 }), moves: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        (fleet, callList, passes) => {
          const units = new Map(fleet.map((u) => [u.id, u]));
          const calls = new Map(callList.map((c) => [c.id, c]));
          const watch = new RecommendationWatch(rules);
          const kept = new Map<string, CallRanking | null>();
          let pool = CandidatePool.build(units.values(), rules, NOW);
          const runPass = (moves = true) => {
            if (watch.invalidated) watch.remember(units.values());
            pool = CandidatePool.build(units.values(), rules, NOW);
            const { rank, moved } = watch.takeDirty(calls.keys(), { moves });
            // As the recommender does: rankings whose listed units only moved are updated in place when exact.
            for (const [id, unitIds] of moved) {
              const updated = kept.get(id) && withMovedUnits(kept.get(id)!, unitIds, pool, rules);
              if (!updated) rank.add(id);
              else {
                watch.computed(id, calls.get(id)!.location, updated);
                kept.set(id, updated);
              }
            }
            for (const id of rank) {
              const ranking = rankCall(calls.get(id)!, pool, rules);
              watch.computed(id, calls.get(id)!.location, ranking);
              kept.set(id, ranking);
            }
          };
          const live = () => [...kept.values()].filter((r): r is CallRanking => r !== null);
          runPass();
          const unitIds = [...units.keys()];
          const callIds = [...calls.keys()];
          const check = () => {
            const fresh = [...calls.values()].flatMap((c) => rankCall(c, pool, rules) ?? []);
            // The kept rankings are the fresh ones exactly (units, order, times, horizons), so the plan is too.
            expect(live().map(listsOf).sort(byCall)).toEqual(fresh.map(listsOf).sort(byCall));
            expect(advice(live(), pool, calls)).toEqual(advice(fresh, pool, calls));
          };
          for (const { steps, moves } of passes) {
            for (const step of steps) {
              if (step.kind === 'risk') {
                const id = callIds[step.call % callIds.length]!;
                const c = calls.get(id)!;
                calls.set(id, { ...c, version: c.version + 1, mh: { ...c.mh, weapons: step.weapons } });
                watch.callChanged(id);
                continue;
              }
              const id = unitIds[step.unit % unitIds.length]!;
              const u = units.get(id)!;
              let next: Unit = u;
              if (step.kind === 'move') next = { ...u, position: step.to };
              else if (step.kind === 'nudge')
                next = { ...u, position: u.position && { ...u.position, lat: u.position.lat + step.north * 0.001, lon: u.position.lon + step.east * 0.001 } };
              else if (step.kind === 'assign') next = { ...u, status: 'dispatched', currentCallId: callIds[step.call % callIds.length]! };
              else if (step.kind === 'free') next = { ...u, status: 'available', currentCallId: null };
              else if (step.kind === 'status') next = { ...u, status: step.status, currentCallId: step.status === 'available' ? u.currentCallId : null };
              else if (step.kind === 'cit') next = { ...u, capabilities: { ...u.capabilities, cit: !u.capabilities.cit } };
              units.set(id, next);
              watch.unitChanged(next);
            }
            runPass(moves);
            // A pass that left moves for later may lag behind them; the next that takes them in may not.
            if (moves) check();
          }
          runPass(true);
          check();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('recomputes only the calls near a moving unit, not the whole city', () => {
    const far = { lat: 39.95, lon: -104.6, heading: null, at: NOW };
    const units = [
      makeUnit('team-a', { type: 'crisis_team', position: { lat: 39.74, lon: -104.99, heading: null, at: NOW } }),
      makeUnit('team-b', { type: 'crisis_team', position: { lat: 39.6, lon: -105.2, heading: null, at: NOW } }),
      ...Array.from({ length: 6 }, (_, i) => makeUnit(`law-${i}`, { position: { lat: 39.7 + i * 0.01, lon: -104.95, heading: null, at: NOW } })),
      makeUnit('law-far', { position: far }),
    ];
    const calls = [makeCall('near-a', { location: { lat: 39.741, lon: -104.99 } }), makeCall('near-b', { location: { lat: 39.601, lon: -105.2 } })];
    const watch = new RecommendationWatch(rules);
    const pool = CandidatePool.build(units, rules, NOW);
    watch.remember(units);
    for (const id of watch.takeDirty(calls.map((c) => c.id)).rank) {
      const call = calls.find((c) => c.id === id)!;
      watch.computed(id, call.location, rankCall(call, pool, rules));
    }
    // A police car far from both calls moves a little: nobody's advice can change.
    watch.unitChanged({ ...units.at(-1)!, position: { ...far, lat: far.lat + 0.001 } });
    let dirty = watch.takeDirty(calls.map((c) => c.id));
    expect([...dirty.rank, ...dirty.moved.keys()]).toEqual([]);
    // The team next to near-a (in its ranking) moves: near-a only, its ranking updated in place.
    watch.unitChanged({ ...units[0]!, position: { lat: 39.745, lon: -104.99, heading: null, at: NOW } });
    dirty = watch.takeDirty(calls.map((c) => c.id));
    expect([...dirty.rank]).toEqual([]);
    expect([...dirty.moved]).toEqual([['near-a', new Set(['team-a'])]]);
    // A police car not in near-b's ranking drives up to it: near-b is ranked again.
    watch.unitChanged({ ...units.at(-1)!, position: { lat: 39.6015, lon: -105.2, heading: null, at: NOW } });
    dirty = watch.takeDirty(calls.map((c) => c.id));
    expect([...dirty.rank]).toEqual(['near-b']);

    // A quick pass (moves: false) leaves a unit that only drove for later, but not one that went off duty.
    expect(watch.urgent).toBe(false);
    watch.unitChanged({ ...units[0]!, position: { lat: 39.746, lon: -104.99, heading: null, at: NOW } });
    expect(watch.urgent).toBe(false);
    dirty = watch.takeDirty(
      calls.map((c) => c.id),
      { moves: false },
    );
    expect([...dirty.rank, ...dirty.moved.keys()]).toEqual([]);
    watch.unitChanged({ ...units[1]!, status: 'off_duty' });
    expect(watch.urgent).toBe(true);
    dirty = watch.takeDirty(
      calls.map((c) => c.id),
      { moves: false },
    );
    expect([...dirty.rank]).toEqual(['near-b']); // team-b was in its ranking
    // The drive left for later is taken in by the next pass that takes moves.
    dirty = watch.takeDirty(calls.map((c) => c.id));
    expect([...dirty.moved]).toEqual([['near-a', new Set(['team-a'])]]);
  });
});

describe('updating a ranking in place when units in it moved', () => {
  const at = (lat: number) => ({ lat, lon: -104.99, heading: null, at: NOW });
  const call = makeCall('c', { location: { lat: 39.74, lon: -104.99 } }, { weapons: 'unknown' });
  const fleet = (positions: Record<string, number>) => Object.entries(positions).map(([id, lat]) => makeUnit(id, { position: at(lat) }));
  const police = (r: CallRanking | null) => r?.police.map((c) => c.unit.id);

  it('updates the times, and the order when units pass each other, as ranking again would', () => {
    const before = rankCall(call, CandidatePool.build(fleet({ a: 39.741, b: 39.75, c: 39.76, d: 39.77, e: 39.78 }), rules, NOW), rules)!;
    expect(police(before)).toEqual(['a', 'b', 'c']); // three deep (candidatesPerCall)
    for (const moved of [
      { a: 39.741, b: 39.752, c: 39.76, d: 39.77, e: 39.78 }, // b a little farther, still second
      { a: 39.741, b: 39.7403, c: 39.76, d: 39.77, e: 39.78 }, // b passes a
    ]) {
      const pool = CandidatePool.build(fleet(moved), rules, NOW);
      const updated = withMovedUnits(before, new Set(['b']), pool, rules);
      const fresh = rankCall(call, pool, rules)!;
      expect(updated!.police.map((c) => [c.unit.id, c.minutes])).toEqual(fresh.police.map((c) => [c.unit.id, c.minutes]));
      expect(updated!.horizon).toEqual(fresh.horizon);
    }
  });

  it('gives up (rank again) when a unit in a full list falls behind its old last', () => {
    const before = rankCall(call, CandidatePool.build(fleet({ a: 39.741, b: 39.75, c: 39.76, d: 39.77 }), rules, NOW), rules)!;
    expect(police(before)).toEqual(['a', 'b', 'c']); // d just outside
    // b drives past c: d might now be nearer than b.
    expect(withMovedUnits(before, new Set(['b']), CandidatePool.build(fleet({ a: 39.741, b: 39.765, c: 39.76, d: 39.77 }), rules, NOW), rules)).toBeNull();
    // c, the last, drives away: the same.
    expect(withMovedUnits(before, new Set(['c']), CandidatePool.build(fleet({ a: 39.741, b: 39.75, c: 39.762, d: 39.77 }), rules, NOW), rules)).toBeNull();
    // c, the last, comes nearer: still the same three.
    const nearer = CandidatePool.build(fleet({ a: 39.741, b: 39.75, c: 39.758, d: 39.77 }), rules, NOW);
    expect(police(withMovedUnits(before, new Set(['c']), nearer, rules))).toEqual(['a', 'b', 'c']);
  });
});

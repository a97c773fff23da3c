import { describe, expect, it } from 'vitest';
import type { Unit, UnitType } from '../../shared/unit';
import { formatTravel, isFree, isReassignable, rankUnits, travelMinutes } from '../../client/src/lib/unit-ranking';
import { makeUnit, T0 } from '../helpers/entities';

const TRAVEL = { streetFactor: 1.35, speedKmh: 40 };
const CALL = { lat: 39.74, lon: -104.99 };

const unit = (id: string, over: Partial<Unit> = {}): Unit => makeUnit(id, { position: { lat: 39.74, lon: -104.99, heading: null, at: T0 }, ...over });

/** A unit `km` kilometres north of the call. */
const north = (id: string, km: number, type: UnitType = 'law', over: Partial<Unit> = {}): Unit =>
  unit(id, { type, position: { lat: CALL.lat + km / 111.2, lon: CALL.lon, heading: null, at: T0 }, ...over });

describe('travel estimate', () => {
  it('stretches straight-line distance by the street factor at the average speed', () => {
    // 6.67 km straight x 1.35 = 9 km at 40 km/h = 13.5 min.
    const to = { lat: CALL.lat + 6.672 / 111.2, lon: CALL.lon };
    expect(travelMinutes(CALL, to, TRAVEL)).toBeCloseTo(13.5, 1);
  });

  it('reads as whole minutes, never less than one', () => {
    expect(formatTravel(0.2)).toBe('~1 min');
    expect(formatTravel(4.4)).toBe('~4 min');
    expect(formatTravel(4.6)).toBe('~5 min');
  });
});

describe('which units are offered', () => {
  it('offers as free only available units on no call with a known position', () => {
    expect(isFree(unit('a'))).toBe(true);
    expect(isFree(unit('b', { position: null }))).toBe(false);
    expect(isFree(unit('c', { status: 'off_duty' }))).toBe(false);
    expect(isFree(unit('d', { status: 'dispatched', currentCallId: 'x' }))).toBe(false);
  });

  it('offers for reassignment only units working another call, not transporting ones', () => {
    expect(isReassignable(unit('a', { status: 'onscene', currentCallId: 'other' }), 'here')).toBe(true);
    expect(isReassignable(unit('b', { status: 'enroute', currentCallId: 'here' }), 'here')).toBe(false);
    expect(isReassignable(unit('c', { status: 'transporting', currentCallId: 'other' }), 'here')).toBe(false);
    expect(isReassignable(unit('d'), 'here')).toBe(false);
  });
});

describe('ranking', () => {
  const units = [
    north('far', 5),
    north('near', 1),
    north('team', 3, 'crisis_team'),
    north('mid', 2, 'co_responder'),
    north('busy', 0.5, 'law', { status: 'onscene', currentCallId: 'x' }),
  ];

  it('sorts free units nearest first and leaves out the rest', () => {
    expect(rankUnits(units, CALL, TRAVEL, isFree).map((r) => r.unit.id)).toEqual(['near', 'mid', 'team', 'far']);
  });

  it('puts co-responders and crisis teams first when asked, each group nearest first', () => {
    expect(rankUnits(units, CALL, TRAVEL, isFree, { coResponseFirst: true }).map((r) => r.unit.id)).toEqual(['mid', 'team', 'near', 'far']);
  });

  it('filters by type and by part of the callsign', () => {
    expect(rankUnits(units, CALL, TRAVEL, isFree, { types: ['crisis_team'] }).map((r) => r.unit.id)).toEqual(['team']);
    expect(rankUnits(units, CALL, TRAVEL, isFree, { search: 'ea' }).map((r) => r.unit.id)).toEqual(['near', 'team']);
    expect(rankUnits(units, CALL, TRAVEL, isFree, { types: [] })).toHaveLength(4);
  });

  it('gives each unit its minutes and ranks units with no position last, by callsign', () => {
    const ranked = rankUnits([unit('zz', { position: null }), unit('aa', { position: null }), north('x', 1)], CALL, TRAVEL, () => true);
    expect(ranked.map((r) => [r.unit.id, r.minutes === null ? null : Math.round(r.minutes)])).toEqual([
      ['x', 2],
      ['aa', null],
      ['zz', null],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { needsTeam, waitingForTeam } from '../../client/src/coordinator/waiting';
import type { Call } from '../../shared/call';
import type { Unit } from '../../shared/unit';
import { makeCall, makeUnit, T0 } from '../helpers/entities';

const TRAVEL = { streetFactor: 1.35, speedKmh: 40 };
const HERE = { lat: 39.74, lon: -104.99 };

const unit = (id: string, over: Partial<Unit> = {}): Unit =>
  makeUnit(id, {
    type: 'crisis_team',
    capabilities: { cit: false, clinician: true, paramedic: true, languages: [] },
    position: { ...HERE, heading: null, at: T0 },
    ...over,
  });

const call = (id: string, over: Partial<Call> = {}, mh: Partial<Call['mh']> = {}): Call => makeCall(id, { location: HERE, ...over }, mh);

const byId = (units: Unit[]) => new Map(units.map((u) => [u.id, u]));

describe('MH calls waiting for a team', () => {
  const units = byId([unit('star'), unit('cr', { type: 'co_responder' }), unit('cop', { type: 'law' })]);

  it('keeps open MH calls with no co-responder or crisis team on them', () => {
    expect(needsTeam(call('a'), units)).toBe(true);
    expect(needsTeam(call('police-only', { assignedUnitIds: ['cop'], status: 'dispatched' }), units)).toBe(true);
    expect(needsTeam(call('team', { assignedUnitIds: ['star'], status: 'dispatched' }), units)).toBe(false);
    expect(needsTeam(call('cr', { assignedUnitIds: ['cop', 'cr'], status: 'dispatched' }), units)).toBe(false);
    expect(needsTeam(call('not-mh', {}, { flagged: false }), units)).toBe(false);
    expect(needsTeam(call('closed', { status: 'closed' }), units)).toBe(false);
  });

  it('orders them by priority, then oldest first', () => {
    const list = waitingForTeam(
      [call('p3-new', { createdAt: T0 }), call('p1', { priority: 1, createdAt: T0 }), call('p3-old', { createdAt: T0 - 60_000 })],
      units,
      TRAVEL,
      T0,
    );
    expect(list.map((w) => w.call.id)).toEqual(['p1', 'p3-old', 'p3-new']);
    expect(list[1]!.waitingSeconds).toBe(60);
  });

  it('carries the recommendation with callsigns, travel estimates and who is still free', () => {
    const far = unit('far', { callsign: 'STAR-9', position: { lat: HERE.lat + 6.672 / 111.2, lon: HERE.lon, heading: null, at: T0 } });
    const taken = unit('taken', { status: 'enroute', currentCallId: 'other' });
    const c = call(
      'c',
      { assignedUnitIds: ['cop'], status: 'dispatched' },
      {
        recommendation: { model: 'alternative', unitIds: ['far', 'taken', 'gone'], rationale: 'No weapons; STAR eligible.', computedAt: T0 },
        unmetSince: T0,
      },
    );
    const [w] = waitingForTeam([c], byId([far, taken, unit('cop', { type: 'law', callsign: 'P-1' })]), TRAVEL, T0);
    expect(w!.model).toBe('alternative');
    expect(w!.rationale).toBe('No weapons; STAR eligible.');
    expect(w!.others).toEqual(['P-1']);
    expect(w!.unmet).toBe(true);
    expect(w!.recommended.map((r) => [r.callsign, r.type, r.free, r.onThisCall])).toEqual([
      ['STAR-9', 'crisis_team', true, false],
      ['TAKEN', 'crisis_team', false, false],
      ['gone', null, false, false],
    ]);
    expect(w!.recommended[0]!.minutes).toBeCloseTo(13.5, 1);
    expect(w!.recommended[2]!.minutes).toBeNull();
  });

  it('tells a recommended unit already on this call from one taken elsewhere', () => {
    const cop = unit('cop', { type: 'law', status: 'dispatched', currentCallId: 'c' });
    const c = call(
      'c',
      { assignedUnitIds: ['cop'], status: 'dispatched' },
      {
        recommendation: { model: 'police_cit', unitIds: ['cop'], rationale: 'No team free.', computedAt: T0 },
      },
    );
    const [w] = waitingForTeam([c], byId([cop]), TRAVEL, T0);
    expect(w!.recommended[0]).toMatchObject({ free: false, onThisCall: true });
  });

  it('says when there is no recommendation yet, and gives no minutes without the travel config', () => {
    const [w] = waitingForTeam(
      [call('a', {}, { recommendation: { model: 'co_response', unitIds: ['cr'], rationale: 'r', computedAt: T0 } })],
      units,
      undefined,
      T0,
    );
    expect(w!.recommended[0]!.minutes).toBeNull();
    const [none] = waitingForTeam([call('b')], units, TRAVEL, T0);
    expect(none!.model).toBeNull();
    expect(none!.recommended).toEqual([]);
  });
});

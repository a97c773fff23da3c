import { describe, expect, it } from 'vitest';
import type { Destination } from '../../shared/destination';
import { applyBatches, fromSnapshot } from '../../client/src/lib/apply-changes';
import { bedsText, byDistance, byTypeThenName, countAge, distanceText, newer } from '../../client/src/lib/destinations';
import { T0 } from '../helpers/entities';

function dest(id: string, name: string, type: Destination['type'], lat: number, lon: number, over: Partial<Destination> = {}): Destination {
  return {
    id,
    name,
    type,
    location: { lat, lon },
    address: `${name} street`,
    freeBeds: 2,
    bedsUpdatedAt: T0,
    accepts: null,
    version: 1,
    updatedAt: T0,
    updatedBy: 'coord',
    ...over,
  };
}

// Denver: the unit is downtown; the ED is close, detox a few km west, the CSU further east.
const ed = dest('ed', 'Denver Health ED', 'hospital_er', 39.7275, -104.991);
const detox = dest('detox', 'Withdrawal West', 'detox', 39.7362, -105.0251);
const csu = dest('csu', 'CSU East', 'crisis_stabilization', 39.7401, -104.9405);
const downtown = { lat: 39.7392, lon: -104.9903 };

describe('destination order', () => {
  it('offers the nearest first from where the unit is', () => {
    const order = byDistance([csu, detox, ed], downtown);
    expect(order.map((c) => c.destination.id)).toEqual(['ed', 'detox', 'csu']);
    expect(order[0]!.metres).toBeGreaterThan(1000);
    expect(order[0]!.metres).toBeLessThan(1500);
  });

  it('falls back to names when the unit has no known position', () => {
    const order = byDistance([ed, detox, csu], null);
    expect(order.map((c) => c.destination.id)).toEqual(['csu', 'ed', 'detox']);
    expect(order.every((c) => c.metres === null)).toBe(true);
  });

  it('lists them for the coordinator by type (crisis units first), then name', () => {
    expect(byTypeThenName([ed, detox, csu]).map((d) => d.id)).toEqual(['csu', 'detox', 'ed']);
  });
});

describe('destination words', () => {
  it('says beds in words, never by colour alone', () => {
    expect([bedsText(null), bedsText(0), bedsText(1), bedsText(4)]).toEqual(['Beds not known', 'No free beds', '1 free bed', '4 free beds']);
  });

  it('says how old a count is', () => {
    expect(countAge(null, T0)).toBe('never updated');
    expect(countAge(T0, T0 + 20_000)).toBe('updated just now');
    expect(countAge(T0, T0 + 12 * 60_000)).toBe('updated 12 min ago');
    expect(countAge(T0, T0 + 5 * 3_600_000)).toBe('updated 5 h ago');
    expect([distanceText(760), distanceText(2_449)]).toEqual(['800 m', '2.4 km']);
  });

  it('keeps the newer of the live copy and the answer to our own command', () => {
    const answered = { ...ed, freeBeds: 1, version: 2 };
    expect(newer(ed, answered)).toBe(answered);
    expect(newer({ ...ed, version: 3 }, answered).version).toBe(3);
    expect(newer(ed, undefined)).toBe(ed);
  });
});

describe('destinations in the live state', () => {
  it('come with the snapshot and follow destination changes, leaving calls and units as they were', () => {
    const state = fromSnapshot({ seq: 5, calls: [], units: [], destinations: [ed] });
    expect(state.destinations.get('ed')?.freeBeds).toBe(2);
    const out = applyBatches(state, [{ from: 5, to: 6, changes: [{ kind: 'destination', destination: { ...ed, freeBeds: 0, version: 2 } }] }]);
    expect(out.state.destinations.get('ed')).toMatchObject({ freeBeds: 0, version: 2 });
    expect(out.state.calls).toBe(state.calls);
    expect(out.state.units).toBe(state.units);
    expect(out.unitDocsChanged).toBe(false);
  });
});

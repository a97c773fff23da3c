import { describe, expect, it } from 'vitest';
import { DestinationBedsInput, PutDestinationInput, type Destination } from '../../shared/destination';
import type { UnitDoc } from '../../shared/unit';
import { UnitStatusInput } from '../../shared/unit';
import { unassignUnit } from '../../server/domain/assignments';
import { putDestination, setFreeBeds } from '../../server/domain/destinations';
import { DomainError } from '../../server/domain/errors';
import { setUnitStatus } from '../../server/domain/units';
import { redactChanges, redactUnit } from '../../server/live/audiences';
import { makeCall, makeUnit, T0 } from '../helpers/entities';

const ctx = (by = 'coord-a', now = T0) => ({ by, now });

const input = {
  name: 'Crisis Stabilization Unit East',
  type: 'crisis_stabilization',
  location: { lat: 39.74, lon: -104.94 },
  address: 'E Colfax Ave',
} as const;

function destination(over: Partial<Destination> = {}): Destination {
  return { ...putDestination(null, 'csu', { ...input, freeBeds: 3 }, ctx('seed', T0 - 600_000)), ...over };
}

describe('destination schemas', () => {
  it('takes free beds as a whole number from 0, or null for not known', () => {
    expect(DestinationBedsInput.safeParse({ freeBeds: 0 }).success).toBe(true);
    expect(DestinationBedsInput.safeParse({ freeBeds: null }).success).toBe(true);
    for (const bad of [-1, 1.5, 1000, '3']) {
      const result = DestinationBedsInput.safeParse({ freeBeds: bad });
      expect(result.success, String(bad)).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['freeBeds']);
    }
  });

  it('refuses an unknown type and unknown fields, and strips bidi controls from the name', () => {
    expect(PutDestinationInput.safeParse({ ...input, type: 'spa' }).error?.issues[0]?.path).toEqual(['type']);
    expect(PutDestinationInput.safeParse({ ...input, beds: 2 }).success).toBe(false);
    expect(PutDestinationInput.parse({ ...input, name: '\u202ETSAE USC' }).name).toBe('TSAE USC');
  });

  it('lets a status report name a destination, optionally', () => {
    expect(UnitStatusInput.parse({ status: 'transporting', destinationId: 'csu' }).destinationId).toBe('csu');
    expect(UnitStatusInput.parse({ status: 'transporting' }).destinationId).toBeUndefined();
    expect(UnitStatusInput.safeParse({ status: 'transporting', destinationId: 'no spaces' }).success).toBe(false);
  });
});

describe('destination rules', () => {
  it('creates a destination at version 1 with its beds stamped', () => {
    expect(destination()).toMatchObject({ id: 'csu', freeBeds: 3, bedsUpdatedAt: T0 - 600_000, accepts: null, version: 1, updatedBy: 'seed' });
  });

  it('keeps the beds on file when a PUT leaves them out, and stamps them when it gives them', () => {
    const before = destination();
    const moved = putDestination(before, 'csu', { ...input, address: '4353 E Colfax Ave' }, ctx());
    expect(moved).toMatchObject({ address: '4353 E Colfax Ave', freeBeds: 3, bedsUpdatedAt: before.bedsUpdatedAt, version: 2 });
    const counted = putDestination(moved, 'csu', { ...input, freeBeds: null }, ctx('feed', T0 + 1));
    expect(counted).toMatchObject({ freeBeds: null, bedsUpdatedAt: T0 + 1, version: 3, updatedBy: 'feed' });
  });

  it('sets free beds, stamping the time even for the same count', () => {
    const same = setFreeBeds(destination(), { freeBeds: 3 }, ctx());
    expect(same).toMatchObject({ freeBeds: 3, bedsUpdatedAt: T0, version: 2, updatedBy: 'coord-a' });
  });

  it('refuses a change made on a stale version, naming who changed it', () => {
    const d = destination({ version: 4, updatedBy: 'coord-b', updatedAt: T0 - 3_000 });
    expect(() => setFreeBeds(d, { freeBeds: 1, expectedVersion: 3 }, ctx())).toThrow(/changed by coord-b 3 s ago/);
  });
});

describe('transporting to a destination', () => {
  const onScene = (): { unit: UnitDoc; call: ReturnType<typeof makeCall> } => {
    const { position: _p, ...unit } = makeUnit('u1', { callsign: '2B7', type: 'ems', status: 'onscene', currentCallId: 'c1' });
    return { unit, call: makeCall('c1', { status: 'onscene', assignedUnitIds: ['u1'] }) };
  };
  const csu = { id: 'csu', name: 'CSU East' };

  it('records the destination on the unit and the place on the call timeline', () => {
    const { unit, call } = onScene();
    const out = setUnitStatus(unit, call, 'transporting', 1, ctx('disp'), undefined, csu);
    expect(out.unit).toMatchObject({ status: 'transporting', destinationId: 'csu', version: 2 });
    expect(out.call?.timeline.at(-1)).toMatchObject({ kind: 'unit_status', text: '2B7 transporting to CSU East', by: 'disp' });
  });

  it('transports without a destination as before', () => {
    const { unit, call } = onScene();
    const out = setUnitStatus(unit, call, 'transporting', undefined, ctx());
    expect(out.unit).not.toHaveProperty('destinationId');
    expect(out.call?.timeline.at(-1)?.text).toBe('2B7 transporting');
  });

  it('sends a transporting unit elsewhere, and does nothing for the same place again', () => {
    const { unit, call } = onScene();
    const first = setUnitStatus(unit, call, 'transporting', undefined, ctx(), undefined, csu);
    const again = setUnitStatus(first.unit, first.call, 'transporting', undefined, ctx(), undefined, csu);
    expect(again).toEqual({ unit: first.unit, call: null });
    const elsewhere = setUnitStatus(first.unit, first.call, 'transporting', undefined, ctx(), undefined, { id: 'er', name: 'Denver Health ED' });
    expect(elsewhere.unit.destinationId).toBe('er');
    expect(elsewhere.call?.timeline.at(-1)?.text).toBe('2B7 now transporting to Denver Health ED');
  });

  it('refuses a destination with any other status, naming the field', () => {
    const { unit, call } = onScene();
    try {
      setUnitStatus(unit, call, 'available', undefined, ctx(), undefined, csu);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).details).toEqual({ issues: [{ path: 'destinationId', message: 'only with status transporting' }] });
    }
  });

  it('forgets the destination once the unit is no longer transporting, however it left', () => {
    const { unit, call } = onScene();
    const going = setUnitStatus(unit, call, 'transporting', undefined, ctx(), undefined, csu);
    expect(setUnitStatus(going.unit, going.call, 'available', undefined, ctx()).unit).not.toHaveProperty('destinationId');
    expect(unassignUnit(going.call!, going.unit, ctx()).unit).not.toHaveProperty('destinationId');
  });
});

describe('what the wall gets of destinations', () => {
  it('sees destinations without who updated them, and units without where they transport', () => {
    const { position: _p, ...doc } = makeUnit('u1', { status: 'transporting', currentCallId: 'c1', destinationId: 'csu' });
    expect(redactUnit(doc)).not.toHaveProperty('destinationId');
    const out = redactChanges([{ kind: 'destination', destination: destination() }]);
    expect(out).toEqual([{ kind: 'destination', destination: { ...destination(), updatedBy: '' } }]);
  });
});

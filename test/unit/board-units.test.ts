import { describe, expect, it } from 'vitest';
import type { Call } from '../../shared/call';
import type { Unit, UnitStatus } from '../../shared/unit';
import { decodeUnitDrag, dropVerdict, encodeUnitDrag, reassignWarning } from '../../client/src/lib/drop-assign';
import { groupUnitsByStatus } from '../../client/src/board/unit-groups';
import { makeUnit, T0 } from '../helpers/entities';

const unit = (id: string, status: UnitStatus = 'available', over: Partial<Unit> = {}): Unit => makeUnit(id, { status, version: 3, ...over });

const call = (id: string, priority = 3, assignedUnitIds: string[] = []): Call =>
  ({ id, number: `2026-${id}`, priority, assignedUnitIds, status: 'pending' }) as unknown as Call;

describe('units by status', () => {
  it('groups every status in board order, longest in status first, empty groups kept', () => {
    const groups = groupUnitsByStatus([
      unit('b', 'available', { statusSince: T0 + 2 }),
      unit('a', 'available', { statusSince: T0 + 1 }),
      unit('c', 'onscene'),
      unit('d', 'off_duty'),
    ]);
    expect(groups.map((g) => g.status)).toEqual(['available', 'dispatched', 'enroute', 'onscene', 'transporting', 'out_of_service', 'off_duty']);
    expect(groups[0]?.units.map((u) => u.id)).toEqual(['a', 'b']);
    expect(groups[3]?.units.map((u) => u.id)).toEqual(['c']);
    expect(groups[1]?.units).toEqual([]);
  });

  it('puts each of a thousand units in its status group once, longest in status first', () => {
    const statuses = ['available', 'onscene', 'enroute'] as const;
    const many = Array.from({ length: 1000 }, (_, i) => unit(`u${i}`, statuses[i % 3], { statusSince: T0 - i }));
    const groups = groupUnitsByStatus(many);
    expect(groups.reduce((n, g) => n + g.units.length, 0)).toBe(1000);
    for (const group of groups) {
      expect(group.units.every((u) => u.status === group.status)).toBe(true);
      const since = group.units.map((u) => u.statusSince);
      expect(since).toEqual([...since].sort((a, b) => a - b));
    }
    expect(groups.find((g) => g.status === 'available')?.units).toHaveLength(334);
  });
});

describe('dropping a unit on a call', () => {
  const target = call('t', 2);
  const name = (id: string) => `call 2026-${id}`;
  const dispatcher = { assign: true, reassign: false };
  const supervisor = { assign: true, reassign: true };

  it('assigns a free unit', () => {
    expect(dropVerdict(unit('a'), target, dispatcher, name)).toEqual({ kind: 'assign' });
  });

  it('offers a supervisor the reassignment of a busy unit, and tells a dispatcher why not', () => {
    const busy = unit('b', 'enroute', { currentCallId: 'x' });
    expect(dropVerdict(busy, target, supervisor, name)).toEqual({ kind: 'reassign', fromCallId: 'x' });
    const refused = dropVerdict(busy, target, dispatcher, name);
    expect(refused).toMatchObject({ kind: 'refuse', code: 'unit_busy' });
    expect(refused.kind === 'refuse' && refused.reason).toBe('B is busy (en route) on call 2026-x. Only a supervisor can reassign it.');
  });

  it('refuses units that cannot take a call, with the reason', () => {
    expect(dropVerdict(unit('c', 'off_duty'), target, supervisor, name)).toMatchObject({ kind: 'refuse', reason: 'C is off duty and cannot take a call.' });
    expect(dropVerdict(unit('d', 'transporting', { currentCallId: 'x' }), target, supervisor, name)).toMatchObject({
      kind: 'refuse',
      reason: expect.stringContaining('transporting a patient'),
    });
    expect(dropVerdict(unit('e', 'onscene', { currentCallId: 't' }), target, supervisor, name)).toMatchObject({
      kind: 'refuse',
      reason: 'E is already on this call.',
    });
    expect(dropVerdict(undefined, target, supervisor, name)).toMatchObject({ kind: 'refuse', code: 'not_found' });
    expect(dropVerdict(unit('f'), target, { assign: false, reassign: false }, name)).toMatchObject({ kind: 'refuse', code: 'forbidden' });
  });

  it('carries the unit id and the version seen when the drag started', () => {
    expect(decodeUnitDrag(encodeUnitDrag(unit('g')))).toEqual({ unitId: 'g', version: 3 });
    expect(decodeUnitDrag('nonsense')).toBeNull();
    expect(decodeUnitDrag('{"unitId":1}')).toBeNull();
  });

  it('warns before taking a unit from a more urgent call', () => {
    expect(reassignWarning(call('x', 1, ['b']), { priority: 3 })).toBe('Its call is more urgent (P1) than this one (P3) and will have no unit left.');
    expect(reassignWarning(call('x', 4, ['b']), { priority: 3 })).toBeNull();
  });
});

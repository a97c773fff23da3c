import { describe, expect, it } from 'vitest';
import { summarize } from '../../shared/changes';
import { sortMhFirst, sortQueue } from '../../client/src/lib/board-order';
import { makeCall, T0 } from '../helpers/entities';

const call = (id: string, priority: number, ageMin: number, units: string[] = []) =>
  summarize(makeCall(id, { priority, createdAt: T0 - ageMin * 60_000, assignedUnitIds: units, status: units.length ? 'onscene' : 'pending' }));

describe('the board queue order', () => {
  it('puts every call waiting for a unit above calls in progress, even a P4 above a P1 on scene', () => {
    const order = sortQueue([call('p1-onscene', 1, 30, ['u1']), call('p4-new', 4, 0), call('p2-onscene', 2, 5, ['u2']), call('p1-new', 1, 0)]);
    expect(order.map((c) => c.id)).toEqual(['p1-new', 'p4-new', 'p1-onscene', 'p2-onscene']);
  });

  it('orders each section most urgent first, then oldest first', () => {
    const order = sortQueue([
      call('w-p2-new', 2, 1),
      call('w-p2-old', 2, 9),
      call('w-p1', 1, 0),
      call('g-p3-old', 3, 20, ['u']),
      call('g-p3-new', 3, 2, ['v']),
    ]);
    expect(order.map((c) => c.id)).toEqual(['w-p1', 'w-p2-old', 'w-p2-new', 'g-p3-old', 'g-p3-new']);
  });
});

describe("the wall's call order", () => {
  it('lists mental-health calls first, each group most urgent then oldest first', () => {
    const mh = (id: string, priority: number, ageMin: number) =>
      summarize(makeCall(id, { priority, createdAt: T0 - ageMin * 60_000 }, { flagged: true, reasons: ['nature'] }));
    const other = (id: string, priority: number, ageMin: number) =>
      summarize(makeCall(id, { nature: 'THEFT', priority, createdAt: T0 - ageMin * 60_000 }, { flagged: false, reasons: [] }));
    const order = sortMhFirst([other('theft-p1', 1, 5), mh('mh-p3', 3, 1), other('theft-p2', 2, 9), mh('mh-p2-old', 2, 9), mh('mh-p2-new', 2, 1)]);
    expect(order.map((c) => c.id)).toEqual(['mh-p2-old', 'mh-p2-new', 'mh-p3', 'theft-p1', 'theft-p2']);
  });
});

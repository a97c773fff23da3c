import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapWindow, virtualWindow } from '../../client/src/board/virtual-window';

describe('virtual list window', () => {
  it('renders short lists whole', () => {
    expect(virtualWindow(50, 0, 400, 50, 5, 100)).toEqual({ start: 0, end: 50, before: 0, after: 0 });
    expect(virtualWindow(0, 0, 400, 50, 5)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it('renders the rows in view plus the overscan, and pads for the rest', () => {
    const w = virtualWindow(3000, 5000, 500, 50, 5);
    // Rows 100..110 are in view.
    expect(w.start).toBeLessThanOrEqual(95);
    expect(w.end).toBeGreaterThanOrEqual(116);
    expect(w.end - w.start).toBeLessThan(40);
    expect(w.before).toBe(w.start * 50);
    expect(w.after).toBe((3000 - w.end) * 50);
  });

  it('keeps a full window at the bottom', () => {
    const w = virtualWindow(3000, 3000 * 50 - 500, 500, 50, 5);
    expect(w.end).toBe(3000);
    expect(w.end - w.start).toBeGreaterThanOrEqual(10 + 10);
  });

  it('always covers the viewport and keeps the total height, wherever it is scrolled', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 400_000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 10, max: 120 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 8 }),
        (count, scroll, viewport, pitch, overscan, step) => {
          const scrollTop = Math.min(scroll, Math.max(0, count * pitch - viewport));
          const w = snapWindow(virtualWindow(count, scrollTop, viewport, pitch, overscan), count, pitch, step);
          expect(w.start).toBeGreaterThanOrEqual(0);
          expect(w.end).toBeLessThanOrEqual(count);
          expect(w.start).toBeLessThan(w.end);
          // Every row that is at least partly in view is rendered.
          const firstInView = Math.floor(scrollTop / pitch);
          const lastInView = Math.min(count - 1, Math.floor((scrollTop + viewport - 1) / pitch));
          expect(w.start).toBeLessThanOrEqual(firstInView);
          expect(w.end).toBeGreaterThan(lastInView);
          // Padding plus rendered rows is the whole list.
          expect(w.before + (w.end - w.start) * pitch + w.after).toBe(count * pitch);
        },
      ),
    );
  });
});

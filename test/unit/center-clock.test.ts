import { describe, expect, it } from 'vitest';
import { centerTime } from '../../client/src/lib/center-time.svelte';
import { formatClock, formatClockIn, formatDateTime } from '../../client/src/lib/format';

describe("the wall's clock", () => {
  it("shows the dispatch center's time, whatever zone the screen's browser is set to", () => {
    // 18:00 UTC is noon in Denver in summer (MDT) and 11:00 in winter (MST).
    expect(formatClockIn(Date.UTC(2026, 6, 1, 18, 0, 5), 'America/Denver')).toBe('12:00:05');
    expect(formatClockIn(Date.UTC(2026, 0, 15, 18, 0, 5), 'America/Denver')).toBe('11:00:05');
    // Midnight is 00, not 24.
    expect(formatClockIn(Date.UTC(2026, 6, 2, 6, 0, 0), 'America/Denver')).toBe('00:00:00');
  });
});

describe('every clock time on the screens', () => {
  it("is the center's once its zone is known, dates too", () => {
    centerTime.zone = 'America/Denver';
    try {
      // 03:30 UTC on 2 July is 21:30 on 1 July in Denver: a timeline or an "access until" reads so.
      expect(formatClock(Date.UTC(2026, 6, 2, 3, 30, 0))).toBe('21:30:00');
      expect(formatDateTime(Date.UTC(2026, 6, 2, 3, 30, 0))).toBe('2026-07-01 21:30:00');
    } finally {
      centerTime.zone = null;
    }
  });
});

import { describe, expect, it } from 'vitest';
import { formatClockIn } from '../../client/src/lib/format';

describe("the wall's clock", () => {
  it("shows the dispatch center's time, whatever zone the screen's browser is set to", () => {
    // 18:00 UTC is noon in Denver in summer (MDT) and 11:00 in winter (MST).
    expect(formatClockIn(Date.UTC(2026, 6, 1, 18, 0, 5), 'America/Denver')).toBe('12:00:05');
    expect(formatClockIn(Date.UTC(2026, 0, 15, 18, 0, 5), 'America/Denver')).toBe('11:00:05');
    // Midnight is 00, not 24.
    expect(formatClockIn(Date.UTC(2026, 6, 2, 6, 0, 0), 'America/Denver')).toBe('00:00:00');
  });
});

import { describe, expect, it } from 'vitest';
import { formatCountdown, idleSecondsLeft, idleWarningDue, reportIntervalMs, shouldReport } from '../../client/src/lib/idle';

const MIN = 60_000;

describe('activity reports', () => {
  it('reports at most once a minute, more often only for a very short idle time', () => {
    expect(reportIntervalMs(30)).toBe(MIN);
    expect(reportIntervalMs(1)).toBe(30_000);
    expect(reportIntervalMs(0)).toBe(1_000);
  });

  it('reports the first input, then waits out the interval', () => {
    expect(shouldReport(null, 0, MIN)).toBe(true);
    expect(shouldReport(1_000, 1_000 + MIN - 1, MIN)).toBe(false);
    expect(shouldReport(1_000, 1_000 + MIN, MIN)).toBe(true);
  });
});

describe('idle warning', () => {
  it('counts down from the last report, not the last keypress', () => {
    expect(idleSecondsLeft(0, 30, 0)).toBe(30 * 60);
    expect(idleSecondsLeft(0, 30, 29 * MIN)).toBe(60);
    expect(idleSecondsLeft(0, 30, 31 * MIN)).toBe(0);
  });

  it('warns in the last minute only', () => {
    expect(idleWarningDue(0, 30, 28 * MIN)).toBe(false);
    expect(idleWarningDue(0, 30, 29 * MIN - 1_000)).toBe(false);
    expect(idleWarningDue(0, 30, 29 * MIN)).toBe(true);
    expect(idleWarningDue(0, 30, 40 * MIN)).toBe(true);
  });

  it('warns for the last half of an idle time shorter than two minutes', () => {
    expect(idleWarningDue(0, 1, 20_000)).toBe(false);
    expect(idleWarningDue(0, 1, 30_000)).toBe(true);
  });

  it('formats the countdown as m:ss', () => {
    expect(formatCountdown(60)).toBe('1:00');
    expect(formatCountdown(42)).toBe('0:42');
    expect(formatCountdown(2_712)).toBe('45:12');
    expect(formatCountdown(-3)).toBe('0:00');
  });
});

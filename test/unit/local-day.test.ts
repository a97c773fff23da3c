import { describe, expect, it } from 'vitest';
import { startOfLocalDay } from '../../server/live/dispatch-stats';

/** Start of the local day containing instant `iso` in `zone`, as an ISO string. */
const dayStart = (iso: string, zone: string): string => new Date(startOfLocalDay(Date.parse(iso), zone)).toISOString();

describe('startOfLocalDay, America/Denver (MST -07:00, MDT -06:00)', () => {
  const tz = 'America/Denver';

  it('an ordinary winter day starts at 00:00 MST = 07:00Z', () => {
    expect(dayStart('2026-01-15T21:00:00.000Z', tz)).toBe('2026-01-15T07:00:00.000Z'); // 14:00 MST
  });

  it('an ordinary summer day starts at 00:00 MDT = 06:00Z', () => {
    expect(dayStart('2026-07-15T20:00:00.000Z', tz)).toBe('2026-07-15T06:00:00.000Z'); // 14:00 MDT
  });

  it('the instant exactly at midnight starts its own day; a millisecond earlier is the day before', () => {
    expect(dayStart('2026-01-15T07:00:00.000Z', tz)).toBe('2026-01-15T07:00:00.000Z');
    expect(dayStart('2026-01-15T06:59:59.999Z', tz)).toBe('2026-01-14T07:00:00.000Z');
  });

  // Spring forward: 02:00 MST jumps to 03:00 MDT (at 09:00Z), so the day is 23 h long.
  // It began at 00:00 MST = 07:00Z, whatever time of day we ask at.
  it('2026-03-08 (23 h day) starts at 07:00Z all day long', () => {
    expect(dayStart('2026-03-08T07:00:00.000Z', tz)).toBe('2026-03-08T07:00:00.000Z'); // 00:00 MST
    expect(dayStart('2026-03-08T08:30:00.000Z', tz)).toBe('2026-03-08T07:00:00.000Z'); // 01:30 MST
    expect(dayStart('2026-03-08T09:30:00.000Z', tz)).toBe('2026-03-08T07:00:00.000Z'); // 03:30 MDT
    expect(dayStart('2026-03-09T05:59:00.000Z', tz)).toBe('2026-03-08T07:00:00.000Z'); // 23:59 MDT
    // ...and the next day starts at 00:00 MDT = 06:00Z, 23 h later.
    expect(dayStart('2026-03-09T06:00:00.000Z', tz)).toBe('2026-03-09T06:00:00.000Z');
  });

  // Fall back: 02:00 MDT goes back to 01:00 MST (at 08:00Z), so 01:00-01:59 happens twice and the
  // day is 25 h long. It began at 00:00 MDT = 06:00Z.
  it('2026-11-01 (25 h day) starts at 06:00Z all day long', () => {
    expect(dayStart('2026-11-01T06:00:00.000Z', tz)).toBe('2026-11-01T06:00:00.000Z'); // 00:00 MDT
    expect(dayStart('2026-11-01T06:30:00.000Z', tz)).toBe('2026-11-01T06:00:00.000Z'); // 00:30 MDT
    expect(dayStart('2026-11-01T07:30:00.000Z', tz)).toBe('2026-11-01T06:00:00.000Z'); // 01:30 MDT (first)
    expect(dayStart('2026-11-01T08:30:00.000Z', tz)).toBe('2026-11-01T06:00:00.000Z'); // 01:30 MST (second)
    expect(dayStart('2026-11-02T06:59:00.000Z', tz)).toBe('2026-11-01T06:00:00.000Z'); // 23:59 MST
    // ...and the next day starts at 00:00 MST = 07:00Z, 25 h later.
    expect(dayStart('2026-11-02T07:00:00.000Z', tz)).toBe('2026-11-02T07:00:00.000Z');
  });
});

describe('startOfLocalDay, other zones', () => {
  it('UTC: the date part of the instant', () => {
    expect(dayStart('2026-05-20T13:45:12.345Z', 'UTC')).toBe('2026-05-20T00:00:00.000Z');
    expect(dayStart('2026-05-20T00:00:00.000Z', 'UTC')).toBe('2026-05-20T00:00:00.000Z');
    expect(dayStart('2026-05-19T23:59:59.999Z', 'UTC')).toBe('2026-05-19T00:00:00.000Z');
  });

  it('Asia/Kolkata (+05:30, no DST): 00:00 IST is 18:30Z the day before', () => {
    expect(dayStart('2026-06-14T21:30:00.000Z', 'Asia/Kolkata')).toBe('2026-06-14T18:30:00.000Z'); // 06-15 03:00 IST
    expect(dayStart('2026-06-15T18:29:59.999Z', 'Asia/Kolkata')).toBe('2026-06-14T18:30:00.000Z'); // 06-15 23:59:59.999 IST
    expect(dayStart('2026-06-15T18:30:00.000Z', 'Asia/Kolkata')).toBe('2026-06-15T18:30:00.000Z'); // 06-16 00:00 IST
  });

  it('Pacific/Chatham (+13:45 in summer, +12:45 in winter)', () => {
    const tz = 'Pacific/Chatham';
    expect(dayStart('2026-01-14T22:15:00.000Z', tz)).toBe('2026-01-14T10:15:00.000Z'); // 01-15 12:00 +13:45
    expect(dayStart('2026-07-14T23:15:00.000Z', tz)).toBe('2026-07-14T11:15:00.000Z'); // 07-15 12:00 +12:45
    // 2026-04-05 falls back 03:45 -> 02:45 (at 14:00Z on 04-04); the day began at 00:00 +13:45.
    expect(dayStart('2026-04-05T07:15:00.000Z', tz)).toBe('2026-04-04T10:15:00.000Z'); // 04-05 20:00 +12:45
  });

  // Which days: `zdump -v -c 2026,2027 America/Santiago America/Havana` (system tzdata) and a
  // 15-minute scan of node's Intl offsets over 2026 (ICU tz 2025c) agree:
  //   Santiago 2026-09-06T04:00Z  Sat 09-05 23:59:59 -04 -> Sun 09-06 01:00 -03  (00:00 skipped)
  //   Santiago 2026-04-05T03:00Z  Sat 04-04 23:59:59 -03 -> Sat 04-04 23:00 -04  (23:00-23:59 twice)
  //   Havana   2026-03-08T05:00Z  Sat 03-07 23:59:59 CST -> Sun 03-08 01:00 CDT  (00:00 skipped)
  //   Havana   2026-11-01T05:00Z  Sun 11-01 00:59:59 CDT -> Sun 11-01 00:00 CST  (00:00 twice)
  it('America/Santiago 2026-09-06: midnight is skipped, so the day starts at 01:00 -03 = 04:00Z', () => {
    const tz = 'America/Santiago';
    expect(dayStart('2026-09-06T15:00:00.000Z', tz)).toBe('2026-09-06T04:00:00.000Z'); // 12:00 -03
    expect(dayStart('2026-09-06T04:00:00.000Z', tz)).toBe('2026-09-06T04:00:00.000Z'); // 01:00 -03, the first instant
    expect(dayStart('2026-09-06T03:59:59.999Z', tz)).toBe('2026-09-05T04:00:00.000Z'); // Sat 23:59:59.999 -04
  });

  it('America/Santiago 2026-04-05: the repeated hour is Saturday 23:00, Sunday starts at 00:00 -04 = 04:00Z', () => {
    const tz = 'America/Santiago';
    expect(dayStart('2026-04-05T03:30:00.000Z', tz)).toBe('2026-04-04T03:00:00.000Z'); // Sat 23:30 -04 (second)
    expect(dayStart('2026-04-05T04:00:00.000Z', tz)).toBe('2026-04-05T04:00:00.000Z'); // Sun 00:00 -04
  });

  it('America/Havana: skipped midnight on 2026-03-08, doubled midnight on 2026-11-01 (the first counts)', () => {
    const tz = 'America/Havana';
    expect(dayStart('2026-03-08T17:00:00.000Z', tz)).toBe('2026-03-08T05:00:00.000Z'); // 13:00 CDT; day began 01:00 CDT
    expect(dayStart('2026-11-01T05:30:00.000Z', tz)).toBe('2026-11-01T04:00:00.000Z'); // 00:30 CST; day began 00:00 CDT
    expect(dayStart('2026-11-01T04:00:00.000Z', tz)).toBe('2026-11-01T04:00:00.000Z'); // 00:00 CDT itself
  });
});

describe('startOfLocalDay, every day of 2026', () => {
  // Independent check with its own formatter: the start is on the same local date as `now`, and one
  // millisecond before it is on an earlier date.
  it.each(['America/Denver', 'America/Santiago', 'America/Havana', 'Pacific/Chatham', 'Asia/Kolkata', 'Europe/London', 'Australia/Lord_Howe'])('%s', (tz) => {
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }); // YYYY-MM-DD
    const wrong: string[] = [];
    for (let now = Date.UTC(2026, 0, 1, 0, 17); now < Date.UTC(2027, 0, 1); now += 3 * 3_600_000 + 7 * 60_000) {
      const start = startOfLocalDay(now, tz);
      const ok = start <= now && date.format(start) === date.format(now) && date.format(start - 1) < date.format(start);
      if (!ok) wrong.push(`${new Date(now).toISOString()} -> ${new Date(start).toISOString()}`);
    }
    expect(wrong).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainBlocks, positionBlocks, type RecordedEntry } from '../../server/replay/block-codecs';

/** Samples as the recorder writes them: [unitId, lat, lon] to 1e-4 degrees. */
const round4 = (n: number) => Math.round(n * 1e4) / 1e4;
const sample = fc.tuple(
  fc.constantFrom('law-1', 'law-2', 'cr-7', 'star-3', 'ems-12', 'unit with spaces'),
  fc.double({ min: 39.5, max: 40, noNaN: true }).map(round4),
  fc.double({ min: -105.2, max: -104.6, noNaN: true }).map(round4),
);
const entries = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 60_000 }),
      n: fc.integer({ min: 0, max: 3 }),
      lag: fc.integer({ min: 0, max: 500 }),
      body: fc.uniqueArray(sample, { selector: (s) => s[0], maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .map((list) => {
    let ms = 1_796_000_000_000;
    return list.map(({ gap, n, lag, body }): RecordedEntry => {
      ms += gap;
      return { id: `${ms}-${n}`, at: ms - lag, body };
    });
  });

describe('packed blocks of position samples', () => {
  it('give back exactly the entries packed, whatever the samples', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const packed = JSON.parse(JSON.stringify(positionBlocks.encode(list))) as unknown;
        expect(positionBlocks.decode(packed)).toEqual(list);
      }),
      { numRuns: 300 },
    );
  });

  it('hold a moving fleet in small steps, and still read blocks packed entry by entry', () => {
    const list: RecordedEntry[] = Array.from({ length: 120 }, (_, k) => ({
      id: `${1_796_000_000_000 + k * 30_000}-0`,
      at: 1_796_000_000_000 + k * 30_000 - 3,
      body: Array.from({ length: 50 }, (_, u) => [`law-${u}`, round4(39.7 + u * 0.001 + k * 0.0011), round4(-104.9 - k * 0.0009)]),
    }));
    const columns = JSON.stringify(positionBlocks.encode(list)).length;
    const plain = JSON.stringify(plainBlocks.encode(list)).length;
    expect(columns).toBeLessThan(plain * 0.5);
    expect(positionBlocks.decode(JSON.parse(JSON.stringify(plainBlocks.encode(list))))).toEqual(list);
  });
});

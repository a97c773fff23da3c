import { describe, expect, it } from 'vitest';
import { CreateCallInput } from '../../shared/call';
import { NATURES, natureOf } from '../../shared/natures';
import { DiscCity } from '../../server/sim/city';
import { generateCall, NATURE_MIX } from '../../server/sim/natures';
import { Rng } from '../../server/sim/random';

const city = new DiscCity({ lat: 39.7392, lon: -104.9903 }, 11_000, new Rng(0));
const generate = (seed: number, n: number) => {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => generateCall(rng, city));
};

describe('sim natures', () => {
  const calls = generate(12345, 10_000);

  it('makes 15-25% of calls mental-health related', () => {
    const share = calls.filter((c) => natureOf(c.nature).mh).length / calls.length;
    expect(share).toBeGreaterThanOrEqual(0.15);
    expect(share).toBeLessThanOrEqual(0.25);
  });

  it('uses only nature codes known to shared/natures.ts', () => {
    for (const n of NATURE_MIX) expect(NATURES.has(n.code), n.code).toBe(true);
    for (const c of calls) expect(NATURES.has(c.nature), c.nature).toBe(true);
  });

  it('produces valid weapons and violence values, with some yes among MH calls and mostly no', () => {
    const valid = ['yes', 'no', 'unknown'];
    for (const c of calls) {
      expect(valid).toContain(c.weapons);
      expect(valid).toContain(c.violence);
    }
    const mh = calls.filter((c) => natureOf(c.nature).mh);
    const risky = mh.filter((c) => c.weapons === 'yes' || c.violence === 'yes').length / mh.length;
    const clear = mh.filter((c) => c.weapons === 'no' && c.violence === 'no').length / mh.length;
    expect(risky).toBeGreaterThan(0.05);
    expect(risky).toBeLessThan(0.25);
    expect(clear).toBeGreaterThan(0.5);
    const assaults = calls.filter((c) => c.nature === 'ASSAULT');
    expect(assaults.filter((c) => c.violence === 'yes').length / assaults.length).toBeGreaterThan(0.6);
  });

  it('gives every call a valid API shape (the same schema the REST API checks)', () => {
    for (const c of calls) expect(CreateCallInput.safeParse(c).success).toBe(true);
    expect(calls.some((c) => c.callerPhone)).toBe(true);
    expect(calls.some((c) => c.notes)).toBe(true);
  });

  it('makes shots fired and suicide attempts priority 1', () => {
    for (const c of calls.filter((x) => x.nature === 'SHOTS' || x.nature === 'SUICIDE')) expect(c.priority).toBe(1);
  });

  it('is deterministic for a seed', () => {
    expect(generate(99, 200)).toEqual(generate(99, 200));
    expect(generate(99, 200)).not.toEqual(generate(100, 200));
  });
});

import { describe, expect, it } from 'vitest';
import { SafetyProfileInput, normalizePhone } from '../../shared/profile';

describe('normalizePhone', () => {
  it.each([
    ['303-555-0142', '3035550142'],
    ['(303) 555-0142', '3035550142'],
    ['303.555.0142', '3035550142'],
    ['+1 303 555 0142', '3035550142'],
    ['1-303-555-0142', '3035550142'],
    [' 3035550142 ', '3035550142'],
    ['555-0142', '5550142'],
    ['+44 20 7946 0958', '442079460958'],
  ])('%s -> %s', (raw, digits) => {
    expect(normalizePhone(raw)).toBe(digits);
  });

  it.each(['911', '', 'call me', '+1 (303)', '1234567890123456'])('refuses %j', (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });

  it('makes a caller phone and a verified phone in different formats match', () => {
    expect(normalizePhone('+1 (720) 555-0118')).toBe(normalizePhone('720.555.0118'));
  });
});

describe('SafetyProfileInput', () => {
  const base = {
    id: 'p1',
    verifiedPhones: ['(303) 555-0142', '+1 303 555 0142'],
    household: [{ name: 'Ann' }],
    consent: { shareWithResponders: true, shareClinical: false },
  };

  it('normalizes and de-duplicates verified phones and fills the optional lists', () => {
    const p = SafetyProfileInput.parse(base);
    expect(p.verifiedPhones).toEqual(['3035550142']);
    expect(p.household[0]).toMatchObject({ conditions: [], medications: [], sensoryTriggers: [] });
    expect(p.pets).toEqual([]);
  });

  it.each([
    [{ ...base, verifiedPhones: ['911'] }, 'verifiedPhones.0'],
    [{ ...base, verifiedPhones: [] }, 'verifiedPhones'],
    [{ ...base, consent: undefined }, 'consent'],
    [{ ...base, household: [{ name: 'Ann', diagnosis: 'x' }] }, 'household.0'],
    [{ ...base, household: [{ name: 'x'.repeat(101) }] }, 'household.0.name'],
    [{ ...base, pets: Array.from({ length: 11 }, () => 'cat') }, 'pets'],
    [{ ...base, id: '../etc' }, 'id'],
  ])('refuses a bad record (%#) naming %s', (record, path) => {
    const r = SafetyProfileInput.safeParse(record);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

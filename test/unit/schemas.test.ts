import { describe, expect, it } from 'vitest';
import { CreateCallInput, PatchCallInput } from '../../shared/call';
import { Change } from '../../shared/changes';
import { PositionInput, PutUnitInput } from '../../shared/unit';

const location = { lat: 39.7, lon: -104.9 };

describe('shared schemas', () => {
  it('accepts a full call body and normalizes an ISO time to epoch ms', () => {
    const parsed = CreateCallInput.parse({
      nature: '10-96',
      priority: 2,
      location: { ...location, address: ' 1437 Bannock St ' },
      callerPhone: '+1 (303) 555-0142',
      notes: 'hearing voices',
      weapons: 'no',
      violence: 'unknown',
      externalId: 'cad-1',
      at: '2026-11-27T10:00:00Z',
    });
    expect(parsed.at).toBe(Date.parse('2026-11-27T10:00:00Z'));
    expect(parsed.location.address).toBe('1437 Bannock St');
  });

  it.each([
    ['NaN latitude', { nature: 'EDP', priority: 1, location: { lat: Number.NaN, lon: 0 } }],
    ['Infinity longitude', { nature: 'EDP', priority: 1, location: { lat: 0, lon: Number.POSITIVE_INFINITY } }],
    ['latitude out of range', { nature: 'EDP', priority: 1, location: { lat: -90.5, lon: 0 } }],
    ['fractional priority', { nature: 'EDP', priority: 1.5, location }],
    ['priority 0', { nature: 'EDP', priority: 0, location }],
    ['unknown field', { nature: 'EDP', priority: 1, location, admin: true }],
    ['unknown field in location', { nature: 'EDP', priority: 1, location: { ...location, z: 1 } }],
    ['empty nature', { nature: '  ', priority: 1, location }],
    ['markup in nature', { nature: '<b>EDP</b>', priority: 1, location }],
    ['letters as phone', { nature: 'EDP', priority: 1, location, callerPhone: 'call me' }],
    ['huge note', { nature: 'EDP', priority: 1, location, notes: 'a'.repeat(2001) }],
  ])('refuses a call body with %s', (_name, body) => {
    expect(CreateCallInput.safeParse(body).success).toBe(false);
  });

  it('refuses __proto__ smuggled into a body', () => {
    const body = JSON.parse('{"nature":"EDP","priority":1,"location":{"lat":1,"lon":1},"__proto__":{"polluted":true}}');
    expect(CreateCallInput.safeParse(body).success).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('needs at least one field in a patch, and a reason to clear the MH flag', () => {
    expect(PatchCallInput.safeParse({}).success).toBe(false);
    expect(PatchCallInput.safeParse({ mhFlag: { flagged: false } }).success).toBe(false);
    expect(PatchCallInput.safeParse({ mhFlag: { flagged: false, reason: 'wrong number' } }).success).toBe(true);
    expect(PatchCallInput.safeParse({ mhFlag: { flagged: true } }).success).toBe(true);
  });

  it('checks unit bodies: types, shift times, positions', () => {
    expect(PutUnitInput.safeParse({ callsign: 'STAR1', type: 'crisis_team', shift: { start: '06:00', end: '22:00' } }).success).toBe(true);
    expect(PutUnitInput.safeParse({ callsign: 'STAR1', type: 'swat' }).success).toBe(false);
    expect(PutUnitInput.safeParse({ callsign: 'STAR1', type: 'law', shift: { start: '25:00', end: '22:00' } }).success).toBe(false);
    expect(PutUnitInput.safeParse({ callsign: 'STAR1', type: 'law', status: 'onscene' }).success).toBe(false);
    expect(PositionInput.safeParse({ lat: 10, lon: 10, heading: 400 }).success).toBe(false);
  });

  it('tells change kinds apart', () => {
    expect(Change.safeParse({ kind: 'position', unitId: 'u1', position: { lat: 1, lon: 2, heading: null, at: 3 } }).success).toBe(true);
    expect(Change.safeParse({ kind: 'teleport', unitId: 'u1' }).success).toBe(false);
  });
});

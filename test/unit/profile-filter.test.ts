import { describe, expect, it } from 'vitest';
import { SafetyProfile } from '../../shared/profile';
import { filterProfile, hasSharedMentalHealthCondition } from '../../server/profiles/profile-filter';

const profile = (consent = { shareWithResponders: true, shareClinical: true }) =>
  SafetyProfile.parse({
    id: 'demo',
    address: '1420 N Pearl St',
    verifiedPhones: ['303-555-0142'],
    household: [
      {
        name: 'Mateo',
        age: 24,
        relationship: 'son',
        conditions: [{ name: 'Schizophrenia', mentalHealth: true }],
        medications: ['Risperidone'],
        allergies: ['Penicillin'],
        communicationNeeds: ['Speak slowly'],
        deescalation: ['Calms with his mother present'],
        sensoryTriggers: ['No sirens'],
      },
    ],
    pets: ['Small dog'],
    accessNotes: ['Side entrance'],
    safetyNotes: ['No weapons in the home'],
    emergencyContacts: [{ name: 'Rosa', phone: '720-555-0177', relationship: 'mother' }],
    consent,
    updatedAt: 1,
  });

const CLINICAL_WORDS = ['Schizophrenia', 'Risperidone', 'Penicillin'];

describe('filterProfile', () => {
  it('gives a coordinator the clinical view: conditions, medications, allergies, contacts and the crisis plan', () => {
    const v = filterProfile(profile(), 'coordinator')!;
    expect(v.scope).toBe('clinical');
    expect(v.household[0]).toMatchObject({
      name: 'Mateo',
      conditions: [{ name: 'Schizophrenia', mentalHealth: true }],
      medications: ['Risperidone'],
      allergies: ['Penicillin'],
      deescalation: ['Calms with his mother present'],
      sensoryTriggers: ['No sirens'],
    });
    expect(v.emergencyContacts).toEqual([{ name: 'Rosa', phone: '7205550177', relationship: 'mother' }]);
    expect(v).toMatchObject({ pets: ['Small dog'], accessNotes: ['Side entrance'], safetyNotes: ['No weapons in the home'], clinicalWithheld: false });
  });

  it.each(['dispatcher', 'supervisor'] as const)('gives a %s the safety fields only: no diagnoses, medications, allergies or contacts', (role) => {
    const v = filterProfile(profile(), role)!;
    expect(v.scope).toBe('safety');
    expect(v.household[0]).toEqual({
      name: 'Mateo',
      age: 24,
      relationship: 'son',
      communicationNeeds: ['Speak slowly'],
      deescalation: ['Calms with his mother present'],
      sensoryTriggers: ['No sirens'],
    });
    expect(v.emergencyContacts).toBeUndefined();
    expect(v).toMatchObject({ address: '1420 N Pearl St', pets: ['Small dog'], accessNotes: ['Side entrance'], safetyNotes: ['No weapons in the home'] });
    for (const word of CLINICAL_WORDS) expect(JSON.stringify(v)).not.toContain(word);
  });

  it.each(['wall', 'admin', 'ingest'] as const)('gives a %s nothing', (role) => {
    expect(filterProfile(profile(), role)).toBeNull();
  });

  it('without consent to share clinical details, nobody sees them, and the coordinator is told why', () => {
    const p = profile({ shareWithResponders: true, shareClinical: false });
    const v = filterProfile(p, 'coordinator')!;
    expect(v.clinicalWithheld).toBe(true);
    expect(v.household[0]!.conditions).toBeUndefined();
    for (const word of CLINICAL_WORDS) expect(JSON.stringify(v)).not.toContain(word);
    expect(v.household[0]!.sensoryTriggers).toEqual(['No sirens']);
    expect(JSON.stringify(filterProfile(p, 'dispatcher'))).not.toContain('Schizophrenia');
  });

  it('without consent to share with responders, nobody sees anything', () => {
    const p = profile({ shareWithResponders: false, shareClinical: true });
    for (const role of ['coordinator', 'dispatcher', 'supervisor'] as const) expect(filterProfile(p, role)).toBeNull();
  });

  it('returns copies: changing a view never changes the stored profile', () => {
    const p = profile();
    filterProfile(p, 'coordinator')!.household[0]!.medications!.push('x');
    expect(p.household[0]!.medications).toEqual(['Risperidone']);
  });
});

describe('hasSharedMentalHealthCondition', () => {
  it('is true only for a shared mental-health condition', () => {
    expect(hasSharedMentalHealthCondition(profile())).toBe(true);
    expect(hasSharedMentalHealthCondition(profile({ shareWithResponders: true, shareClinical: false }))).toBe(false);
    const noMh = profile();
    noMh.household[0]!.conditions = [{ name: 'Diabetes', mentalHealth: false }];
    expect(hasSharedMentalHealthCondition(noMh)).toBe(false);
  });
});

import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { NewKeyInput, NewUserInput } from '../../shared/admin';
import { SafetyProfileInput } from '../../shared/profile';
import { hasBidiControls, nameText, stripBidiControls } from '../../shared/text';
import { PutUnitInput } from '../../shared/unit';

/** Every bidirectional-control character the neutraliser must remove. */
const CONTROLS = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];

describe('stripBidiControls', () => {
  it.each(CONTROLS.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, c]))('removes %s', (_name, c) => {
    expect(stripBidiControls(`STAR${c}-7`)).toBe('STAR-7');
    expect(hasBidiControls(`STAR${c}-7`)).toBe(true);
  });

  it('removes every one of them, wherever they are, and leaves the rest alone', () => {
    expect(stripBidiControls(CONTROLS.join('x'))).toBe('x'.repeat(CONTROLS.length - 1));
    // An override that would show "7-RATS" as the callsign "STAR-7" reversed.
    expect(stripBidiControls('\u202E7-RATS\u202C')).toBe('7-RATS');
    expect(hasBidiControls('7-RATS')).toBe(false);
  });

  it('keeps real right-to-left and other non-Latin text, and the joiners that scripts need', () => {
    for (const name of ['فريق الأزمات ٣', 'צוות משבר', 'Équipe café', '危機対応チーム', 'a\u200Db', 'a\u200Cb', 'x\u00A0y'])
      expect(stripBidiControls(name)).toBe(name);
  });

  it('is repeatable: hasBidiControls holds no state between calls', () => {
    for (let i = 0; i < 3; i++) expect(hasBidiControls('a\u202Eb')).toBe(true);
  });
});

describe('nameText', () => {
  const Name = nameText(1, 8);

  it('strips, then trims, then checks the length of what is left', () => {
    expect(Name.parse(' \u202EAB\u2066C\u2069 ')).toBe('ABC');
    // Eight characters shown, with controls around them: within the limit.
    expect(Name.parse('\u202A12345678\u202C')).toBe('12345678');
    expect(Name.safeParse('123456789').success).toBe(false);
  });

  it('refuses a name that is nothing but controls and spaces as empty', () => {
    expect(Name.safeParse('\u202E \u200F').success).toBe(false);
  });

  it('stays a plain string in JSON Schema (the OpenAPI document)', () => {
    expect(z.toJSONSchema(Name, { io: 'input' })).toMatchObject({ type: 'string', minLength: 1, maxLength: 8 });
  });
});

describe('name fields in the shared schemas', () => {
  it('strips bidi controls from a unit callsign and its languages', () => {
    const unit = PutUnitInput.parse({ callsign: '\u202ESTAR-7\u202C', type: 'crisis_team', capabilities: { languages: ['\u2067ar\u2069'] } });
    expect(unit.callsign).toBe('STAR-7');
    expect(unit.capabilities?.languages).toEqual(['ar']);
    expect(PutUnitInput.safeParse({ callsign: '\u202E', type: 'law' }).success).toBe(false);
  });

  it('strips them from the names in a safety profile (household members, conditions, contacts)', () => {
    const profile = SafetyProfileInput.parse({
      id: 'bidi-1',
      verifiedPhones: ['303-555-0100'],
      household: [{ name: 'Sam\u202E Lee', conditions: [{ name: '\u200Fanxiety', mentalHealth: true }] }],
      emergencyContacts: [{ name: '\u2066Ana\u2069', phone: '303-555-0101', relationship: 'sister' }],
      consent: { shareWithResponders: true, shareClinical: true },
    });
    expect(profile.household[0]!.name).toBe('Sam Lee');
    expect(profile.household[0]!.conditions[0]!.name).toBe('anxiety');
    expect(profile.emergencyContacts[0]!.name).toBe('Ana');
  });

  it('refuses them in user and key names, which admins type (ASCII only), naming the field', () => {
    const user = NewUserInput.safeParse({ username: 'ana\u202Eadmin', role: 'dispatcher', password: 'x'.repeat(16) });
    expect(user.success).toBe(false);
    expect(user.error?.issues.map((i) => i.path.join('.'))).toEqual(['username']);
    const key = NewKeyInput.safeParse({ kind: 'display', name: 'floor\u202E 2' });
    expect(key.success).toBe(false);
    expect(key.error?.issues.map((i) => i.path.join('.'))).toEqual(['name']);
  });
});

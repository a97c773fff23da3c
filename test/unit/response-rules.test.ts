import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResponseRules } from '../../server/response-rules';

const dir = mkdtempSync(join(tmpdir(), 'tandem-rules-'));
const defaults = JSON.parse(readFileSync('server/response-rules.json', 'utf8')) as Record<string, unknown>;

function writeRules(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('loadResponseRules', () => {
  it('loads the default file', () => {
    const rules = loadResponseRules();
    expect(rules.alternativeEligibleNatures).toContain('WELFARE');
    // Natures that by definition involve weapons, violence or medical danger are not for a team alone.
    for (const code of ['MTLV', 'SUICIDE', 'OD']) expect(rules.alternativeEligibleNatures).not.toContain(code);
    expect(rules.alternativeTeamTypes).toEqual(['crisis_team']);
    expect(rules.candidatesPerCall).toBeGreaterThanOrEqual(1);
  });

  it('upper-cases nature codes', () => {
    const file = writeRules('lower.json', { ...defaults, alternativeEligibleNatures: ['welfare'] });
    expect(loadResponseRules(file).alternativeEligibleNatures).toEqual(['WELFARE']);
  });

  it.each([
    ['a negative speed', { travel: { streetFactor: 1.3, speedKmh: -5 } }, 'travel.speedKmh'],
    ['an unknown unit type', { alternativeTeamTypes: ['star_van'] }, 'alternativeTeamTypes.0'],
    ['a bad clock time', { hoursOfService: { crisis_team: { start: '6am', end: '22:00' } } }, 'hoursOfService.crisis_team.start'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone: must be an IANA time zone'],
    ['a misspelt field', { maxUnit: 3 }, 'maxUnit'],
    ['police listed as a team', { policeTypes: ['crisis_team'] }, 'policeTypes.0'],
    ['candidatesPerCall of 0', { candidatesPerCall: 0 }, 'candidatesPerCall: must be at least 1'],
  ])('refuses %s, naming the file and the field', (name, change, field) => {
    const file = writeRules(`${name.replace(/\W+/g, '-')}.json`, { ...defaults, ...change });
    expect(() => loadResponseRules(file)).toThrow(file);
    expect(() => loadResponseRules(file)).toThrow(field);
  });

  it('refuses a missing field', () => {
    const { timeZone: _dropped, ...rest } = defaults;
    expect(() => loadResponseRules(writeRules('missing.json', rest))).toThrow(/timeZone/);
  });

  it('refuses a file that is not JSON, and a file that is not there', () => {
    const file = writeRules('broken.json', '{ "candidatesPerCall": 3,');
    expect(() => loadResponseRules(file)).toThrow(`Response rules ${file} are not valid JSON`);
    expect(() => loadResponseRules(join(dir, 'absent.json'))).toThrow(/Cannot read response rules .*absent\.json/);
  });
});

import { describe, expect, it } from 'vitest';
import { PutUnitInput, UNIT_TYPES } from '../../shared/unit';
import { buildRoster, fleetCounts } from '../../server/sim/fleet';
import { Rng } from '../../server/sim/random';
import { onShift } from '../../shared/clock';

const countByType = (scale: number) => {
  const counts: Record<string, number> = {};
  for (const u of buildRoster(scale, new Rng(1))) counts[u.type] = (counts[u.type] ?? 0) + 1;
  return counts;
};

describe('sim fleet', () => {
  it('has a Denver-sized shift at scale 1', () => {
    expect(countByType(1)).toEqual({ law: 60, ems: 18, fire: 14, co_responder: 6, crisis_team: 4 });
  });

  it('keeps at least one unit of every type at a small scale', () => {
    const counts = countByType(0.05);
    for (const t of UNIT_TYPES) expect(counts[t], t).toBeGreaterThanOrEqual(1);
  });

  it('scales up', () => {
    expect(fleetCounts(2).law).toBe(120);
  });

  it('has unique ids and callsigns and valid roster entries', () => {
    const roster = buildRoster(3, new Rng(2));
    expect(new Set(roster.map((u) => u.id)).size).toBe(roster.length);
    expect(new Set(roster.map((u) => u.callsign)).size).toBe(roster.length);
    for (const u of roster) {
      const input = { callsign: u.callsign, type: u.type, capabilities: u.capabilities, shift: u.shift, position: { lat: 39.7, lon: -105 } };
      expect(PutUnitInput.safeParse(input).success, u.id).toBe(true);
    }
  });

  it('gives clinicians to co-response units, shifts to them only, and CIT to about 30% of patrol', () => {
    const roster = buildRoster(10, new Rng(3));
    for (const u of roster.filter((x) => x.type === 'co_responder')) {
      expect(u.capabilities.clinician).toBe(true);
      expect(u.shift).not.toBeNull();
    }
    for (const u of roster.filter((x) => x.type === 'crisis_team')) {
      expect(u.capabilities).toMatchObject({ clinician: true, paramedic: true });
      expect(u.shift).not.toBeNull();
    }
    for (const u of roster.filter((x) => x.type === 'law' || x.type === 'ems' || x.type === 'fire')) expect(u.shift).toBeNull();
    const law = roster.filter((x) => x.type === 'law');
    const cit = law.filter((x) => x.capabilities.cit).length / law.length;
    expect(cit).toBeGreaterThan(0.22);
    expect(cit).toBeLessThan(0.38);
  });

  it('is deterministic for a seed', () => {
    expect(buildRoster(1, new Rng(4))).toEqual(buildRoster(1, new Rng(4)));
  });

  it('reads shift windows, including ones over midnight', () => {
    expect(onShift({ start: '06:00', end: '22:00' }, 5 * 60 + 59)).toBe(false);
    expect(onShift({ start: '06:00', end: '22:00' }, 6 * 60)).toBe(true);
    expect(onShift({ start: '06:00', end: '22:00' }, 22 * 60)).toBe(false);
    expect(onShift({ start: '20:00', end: '06:00' }, 23 * 60)).toBe(true);
    expect(onShift({ start: '20:00', end: '06:00' }, 3 * 60)).toBe(true);
    expect(onShift({ start: '20:00', end: '06:00' }, 12 * 60)).toBe(false);
    expect(onShift(null, 0)).toBe(true);
  });
});

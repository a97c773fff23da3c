import { describe, expect, it } from 'vitest';
import type { MhBlock } from '../../shared/call';
import type { Unit, UnitType } from '../../shared/unit';
import { chooseUnits, responseSlots } from '../../server/sim/dispatch-plan';

const mh = (weapons: MhBlock['weapons'], violence: MhBlock['violence'], flagged = true): MhBlock => ({
  flagged,
  reasons: flagged ? ['nature'] : [],
  keywords: [],
  weapons,
  violence,
  recommendation: null,
  unmetSince: null,
});

let n = 0;
const unit = (type: UnitType, lat: number, cit = false): Unit => ({
  id: `${type}-${++n}`,
  callsign: `${type}${n}`,
  type,
  status: 'available',
  statusSince: 0,
  currentCallId: null,
  capabilities: { cit, clinician: false, paramedic: false, languages: [] },
  shift: null,
  lastCheckInAt: null,
  version: 1,
  updatedAt: 0,
  updatedBy: 'sim',
  position: { lat, lon: -104.99, heading: null, at: 0 },
});

const scene = { lat: 39.74, lon: -104.99 };
const typesOf = (picks: { unitId: string }[], units: Unit[]) => picks.map((p) => units.find((u) => u.id === p.unitId)?.type);

describe('sim dispatcher rules', () => {
  it('sends a crisis team or co-responder alone to an eligible MH call with no weapons or violence', () => {
    const slots = responseSlots({ nature: 'WELFARE', priority: 3, mh: mh('no', 'no') });
    expect(slots).toHaveLength(1);
    const units = [unit('law', 39.741), unit('crisis_team', 39.76), unit('co_responder', 39.8)];
    expect(typesOf(chooseUnits(scene, slots, units), units)).toEqual(['crisis_team']);
  });

  it('falls back to law, preferring a CIT officer, when no co-response unit is free', () => {
    const slots = responseSlots({ nature: 'EDP', priority: 2, mh: mh('no', 'no') });
    const plain = unit('law', 39.741);
    const cit = unit('law', 39.7413, true); // a little farther, within the CIT bonus
    const picks = chooseUnits(scene, slots, [plain, cit]);
    expect(picks.map((p) => p.unitId)).toEqual([cit.id]);
  });

  it('sends a co-responder with police when there are weapons or violence', () => {
    const slots = responseSlots({ nature: 'EDP', priority: 2, mh: mh('yes', 'no') });
    const units = [unit('crisis_team', 39.741), unit('co_responder', 39.75), unit('law', 39.76), unit('law', 39.77)];
    const types = typesOf(chooseUnits(scene, slots, units), units);
    expect(types).toContain('co_responder');
    expect(types).toContain('law');
    expect(types).not.toContain('crisis_team');
  });

  it('sends ems to medicals, ems and law to overdoses, fire and ems to fires, law to the rest', () => {
    const types = (nature: string, priority = 2) => responseSlots({ nature, priority, mh: mh('unknown', 'unknown', false) }).map((s) => s.types);
    expect(types('MEDICAL')).toEqual([['ems']]);
    expect(types('OD')).toEqual([['ems'], ['law']]);
    expect(types('FIRE', 1)).toEqual([['fire'], ['fire'], ['ems']]);
    expect(types('THEFT', 4)).toEqual([['law']]);
  });

  it('uses each unit once and skips slots nobody can fill', () => {
    const slots = responseSlots({ nature: 'SHOTS', priority: 1, mh: mh('yes', 'unknown', false) });
    const only = unit('law', 39.741);
    expect(chooseUnits(scene, slots, [only]).map((p) => p.unitId)).toEqual([only.id]);
  });
});

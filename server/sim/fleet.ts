import type { Capabilities, ShiftWindow, UnitType } from '../../shared/unit';
import type { Rng } from './random';
import { coResponderShift, crisisTeamShift } from './shifts';

/** One unit of the simulated roster: what PUT /api/v1/units would carry, minus the position. */
export interface RosterEntry {
  id: string;
  callsign: string;
  type: UnitType;
  capabilities: Capabilities;
  shift: ShiftWindow | null;
}

/**
 * Units on shift at fleetScale 1: roughly one Denver shift. Patrol dominates; ambulances and
 * engines follow; co-response programs are small (a handful of clinician teams and STAR vans),
 * which is why who among them is free matters so much.
 */
export const FLEET_AT_SCALE_1: Readonly<Record<UnitType, number>> = {
  law: 60,
  ems: 18,
  fire: 14,
  co_responder: 6,
  crisis_team: 4,
};

/** Share of patrol officers with Crisis Intervention Team training. */
const CIT_SHARE = 0.3;
/** Languages besides English some responders speak (Denver's largest non-English communities). */
const LANGUAGES: readonly (readonly [string, number])[] = [
  ['Spanish', 0.18],
  ['Vietnamese', 0.02],
  ['Amharic', 0.02],
  ['ASL', 0.02],
];

export function fleetCounts(scale: number): Record<UnitType, number> {
  const n = (base: number) => Math.max(1, Math.round(base * scale));
  return {
    law: n(FLEET_AT_SCALE_1.law),
    ems: n(FLEET_AT_SCALE_1.ems),
    fire: n(FLEET_AT_SCALE_1.fire),
    co_responder: n(FLEET_AT_SCALE_1.co_responder),
    crisis_team: n(FLEET_AT_SCALE_1.crisis_team),
  };
}

function languages(rng: Rng): string[] {
  return LANGUAGES.filter(([, p]) => rng.chance(p)).map(([l]) => l);
}

const caps = (rng: Rng, over: Partial<Capabilities>): Capabilities => ({
  cit: false,
  clinician: false,
  paramedic: false,
  languages: languages(rng),
  ...over,
});

/**
 * Patrol callsigns read like Denver's: district (1-6), a sector letter and a car number, e.g.
 * "3B14". Cars are spread over the districts in turn so every district has some.
 */
function patrolCallsign(i: number): string {
  const district = (i % 6) + 1;
  const k = Math.floor(i / 6);
  return `${district}${'ABC'[k % 3]}${11 + Math.floor(k / 3)}`;
}

/** The roster at `scale`: deterministic for a given rng seed. Ids are stable, so a restart finds its units. */
export function buildRoster(scale: number, rng: Rng): RosterEntry[] {
  const counts = fleetCounts(scale);
  const out: RosterEntry[] = [];
  for (let i = 0; i < counts.law; i++) {
    out.push({ id: `law-${i + 1}`, callsign: patrolCallsign(i), type: 'law', capabilities: caps(rng, { cit: rng.chance(CIT_SHARE) }), shift: null });
  }
  for (let i = 0; i < counts.ems; i++) {
    out.push({ id: `ems-${i + 1}`, callsign: `M${i + 1}`, type: 'ems', capabilities: caps(rng, { paramedic: true }), shift: null });
  }
  for (let i = 0; i < counts.fire; i++) {
    // Engine companies carry EMTs, and in Denver many firefighters are paramedics.
    out.push({ id: `fire-${i + 1}`, callsign: `E${i + 1}`, type: 'fire', capabilities: caps(rng, { paramedic: rng.chance(0.5) }), shift: null });
  }
  for (let i = 0; i < counts.co_responder; i++) {
    out.push({ id: `cr-${i + 1}`, callsign: `CR${i + 1}`, type: 'co_responder', capabilities: caps(rng, { clinician: true }), shift: coResponderShift(i) });
  }
  for (let i = 0; i < counts.crisis_team; i++) {
    out.push({
      id: `star-${i + 1}`,
      callsign: `STAR${i + 1}`,
      type: 'crisis_team',
      capabilities: caps(rng, { clinician: true, paramedic: true }),
      shift: crisisTeamShift(i),
    });
  }
  return out;
}

import { isOpenCall, type Call, type Recommendation } from '../../shared/call';
import { natureOf } from '../../shared/natures';
import type { Unit, UnitType } from '../../shared/unit';
import type { ResponseRules } from '../response-rules';
// The one in-service rule, shared with the screens: a team the recommender will not send is
// never shown as free.
import { inService, minuteOfDayIn } from '../../shared/clock';
import { CandidatePool, estimateTravelMinutes, type Candidate } from './candidate-pool';

/**
 * The mental-health response recommendation (issue 3): which response model suits an MH-flagged
 * call and which free units to send, best first, with the reason in one sentence. Pure: the
 * caller passes the units and `now`, and recomputes as units move and change status.
 */

export interface RecommendResult {
  recommendation: Recommendation;
  /** No co-responder or team could be offered: the call counts as unmet demand while this holds. */
  unmet: boolean;
  /**
   * How far a free unit may be and still change this advice, in travel minutes, by horizon key
   * (see horizonKeys): a unit that is and was farther than its horizon from the call cannot
   * enter the advice, so the call need not be recomputed when it moves or changes status.
   * Missing keys: units of that kind cannot change it at all.
   */
  horizon: Horizon;
}

/** Travel-minute horizons keyed by unit type, or by "<type>:cit" for CIT-trained units only. */
export type Horizon = Partial<Record<string, number>>;

/** The horizon keys a unit falls under: its type, and its type with ":cit" when CIT-trained. */
export const horizonKeys = (u: Pick<Unit, 'type' | 'capabilities'>): string[] => (u.capabilities.cit ? [u.type, `${u.type}:cit`] : [u.type]);

/**
 * The horizon of a ranked list of at most `limit`: while the list is full, only a unit nearer
 * than its last free member can get in (a list full of assigned units takes no free unit at
 * all); while it is not full, any unit within `open` can.
 */
function listHorizon(list: readonly Candidate[], limit: number, open: number): number {
  if (list.length < limit) return open;
  const last = list[list.length - 1]!;
  return last.assigned ? -Infinity : last.minutes;
}

function widen(h: Horizon, keys: readonly string[], minutes: number): void {
  for (const k of keys) h[k] = Math.max(h[k] ?? -Infinity, minutes);
}

export { estimateTravelMinutes };

/** Inside the unit's own shift, else its type's hours of service, else always; local time of rules.timeZone. */
export function isInService(unit: Pick<Unit, 'type' | 'shift'>, rules: Pick<ResponseRules, 'hoursOfService' | 'timeZone'>, now: number): boolean {
  return inService(unit, rules.hoursOfService, minuteOfDayIn(now, rules.timeZone));
}

const TYPE_LABEL: Record<UnitType, string> = {
  law: 'police unit',
  ems: 'EMS unit',
  fire: 'fire unit',
  co_responder: 'co-responder',
  crisis_team: 'crisis team',
};

/**
 * The best `limit` units of `types` for a call: those already on it first, then free ones by
 * travel time (within `maxMinutes` when given; units already on the call count whatever their
 * distance), as one full sort of every unit would rank them.
 */
function ranked(
  pool: CandidatePool,
  call: Call,
  types: readonly UnitType[],
  limit: number,
  opts: { maxMinutes?: number; accept?: (u: Unit) => boolean } = {},
): Candidate[] {
  const assigned = pool.assignedTo(call.id, call.location).filter((c) => types.includes(c.unit.type) && (!opts.accept || opts.accept(c.unit)));
  if (assigned.length >= limit) return assigned.slice(0, limit);
  return [...assigned, ...pool.freeNear(call.location, types, { ...opts, limit: limit - assigned.length })];
}

/**
 * The police partner of a co-response: one already on the call, else the nearest CIT-trained
 * officer when at most citPreferenceMinutes farther than the nearest officer, else the nearest.
 */
function pickPolice(pool: CandidatePool, call: Call, rules: ResponseRules): Candidate | undefined {
  const [nearest] = ranked(pool, call, rules.policeTypes, 1);
  if (!nearest || nearest.assigned) return nearest;
  const [cit] = pool.freeNear(call.location, rules.policeTypes, { limit: 1, maxMinutes: nearest.minutes + rules.citPreferenceMinutes, accept: isCit });
  return cit ?? nearest;
}

const isCit = (u: Unit): boolean => u.capabilities.cit;

const mins = (c: Candidate): string => (c.assigned ? 'already assigned' : `about ${Math.max(1, Math.round(c.minutes))} min`);
const labels = (types: readonly UnitType[]): string => [...new Set(types.map((t) => TYPE_LABEL[t]))].join(' or ');
const policePhrase = (c: Candidate): string => `${TYPE_LABEL[c.unit.type]} ${c.unit.callsign} (${c.unit.capabilities.cit ? 'CIT, ' : ''}${mins(c)})`;

/** Why a call that is not going to a team alone needs a co-response, as the start of a sentence. */
function coResponseReason(call: Call, natureEligible: boolean, rules: ResponseRules): string {
  const { weapons, violence } = call.mh;
  const label = natureOf(call.nature).label;
  if (weapons === 'yes' && violence === 'yes') return 'Weapons and violence reported';
  if (weapons === 'yes') return 'Weapons reported';
  if (violence === 'yes') return 'Violence reported';
  if (weapons === 'unknown' && violence === 'unknown') return 'Weapons and violence not ruled out';
  if (weapons === 'unknown') return 'Weapons not ruled out';
  if (violence === 'unknown') return 'Violence not ruled out';
  if (!natureEligible) return `${label} is not eligible for a ${labels(rules.alternativeTeamTypes)} alone`;
  return `${label} with no weapons or violence reported but no ${labels(rules.alternativeTeamTypes)} free`;
}

/**
 * The recommendation for a call, or null when it is not MH-flagged or is finished.
 *
 * - alternative: the nature is in alternativeEligibleNatures and weapons and violence are both
 *   "no", and an alternative team is free. Only alternative teams are listed: the list is what
 *   the model means (a team alone), and a co-responder sent alone would be sent without police.
 * - co_response: otherwise, when any co-responder or team is free: those, by travel time, then
 *   one police partner (see pickPolice), all within maxUnits (the partner keeps its slot).
 * - police_cit: no co-responder or team free within maxTravelMinutes: CIT-trained officers by
 *   travel time, or any officer when none is. This is unmet demand, whatever the risk facts:
 *   every MH-flagged call wanted a team (alone or with police) and waited with none free.
 *   A call served by a co-responder when no alternative team was free is not counted as unmet.
 */
export function recommend(call: Call, units: Iterable<Unit> | CandidatePool, rules: ResponseRules, now: number): RecommendResult | null {
  if (!call.mh.flagged || !isOpenCall(call)) return null;
  const pool = units instanceof CandidatePool ? units : CandidatePool.build(units, rules, now);
  // Teams are worth waiting for only so long; police have no limit, someone must go.
  const reach = { maxMinutes: rules.maxTravelMinutes };

  const natureEligible = rules.alternativeEligibleNatures.includes(call.nature.toUpperCase());
  const eligible = natureEligible && call.mh.weapons === 'no' && call.mh.violence === 'no';
  const horizon: Horizon = {};
  const done = (model: Recommendation['model'], chosen: Candidate[], rationale: string, unmet = false): RecommendResult => ({
    recommendation: { model, unitIds: chosen.map((c) => c.unit.id), rationale, computedAt: now },
    unmet,
    horizon,
  });
  const teamTypes = [...rules.coResponderTypes, ...rules.alternativeTeamTypes];

  const altTeams = eligible ? ranked(pool, call, rules.alternativeTeamTypes, rules.maxUnits, reach) : [];
  const firstAlt = altTeams[0];
  if (firstAlt) {
    widen(horizon, rules.alternativeTeamTypes, listHorizon(altTeams, rules.maxUnits, rules.maxTravelMinutes));
    const { callsign, type } = firstAlt.unit;
    const who = firstAlt.assigned
      ? `${TYPE_LABEL[type]} ${callsign} is already assigned`
      : `${callsign}, the nearest free ${TYPE_LABEL[type]}, is ${mins(firstAlt)} away`;
    return done('alternative', altTeams, `${natureOf(call.nature).label} with no weapons or violence reported: ${who}.`);
  }
  // No team alone: any alternative team coming within reach would make it one.
  if (eligible) widen(horizon, rules.alternativeTeamTypes, rules.maxTravelMinutes);

  const teams = ranked(pool, call, teamTypes, rules.maxUnits, reach);
  widen(horizon, teamTypes, listHorizon(teams, rules.maxUnits, rules.maxTravelMinutes));
  const firstTeam = teams[0];
  if (firstTeam) {
    const partner = pickPolice(pool, call, rules);
    // No free officer can displace one already on the call; else the nearest or a CIT officer
    // within the preference window can; with none free, any officer anywhere can.
    if (!partner) widen(horizon, rules.policeTypes, Infinity);
    else if (!partner.assigned) widen(horizon, rules.policeTypes, partner.minutes + rules.citPreferenceMinutes);
    const chosen = [...teams.slice(0, rules.maxUnits - (partner ? 1 : 0)), ...(partner ? [partner] : [])];
    const team = `${TYPE_LABEL[firstTeam.unit.type]} ${firstTeam.unit.callsign} (${mins(firstTeam)})`;
    const how = partner ? `send ${team} with ${policePhrase(partner)}` : `send ${team}; no police unit is free to go with it`;
    return done('co_response', chosen, `${coResponseReason(call, natureEligible, rules)}: ${how}.`);
  }

  const none = `No ${labels(teamTypes)} is free within ${rules.maxTravelMinutes} min`;
  const cit = ranked(pool, call, rules.policeTypes, rules.maxUnits, { accept: isCit });
  const firstCit = cit[0];
  if (firstCit) {
    widen(
      horizon,
      rules.policeTypes.map((t) => `${t}:cit`),
      listHorizon(cit, rules.maxUnits, Infinity),
    );
    return done('police_cit', cit, `${none}: send CIT-trained officer ${firstCit.unit.callsign} (${mins(firstCit)}).`, true);
  }
  const police = ranked(pool, call, rules.policeTypes, rules.maxUnits);
  widen(horizon, rules.policeTypes, listHorizon(police, rules.maxUnits, Infinity));
  const firstPolice = police[0];
  if (firstPolice) {
    const who = `${TYPE_LABEL[firstPolice.unit.type]} ${firstPolice.unit.callsign} (${mins(firstPolice)})`;
    return done('police_cit', police, `${none}, nor any CIT-trained officer: send ${who}.`, true);
  }
  return done('police_cit', [], `${none}, nor any police unit.`, true);
}

/** Same model and units in the same order; rationale and computedAt (ETAs drifting) do not count. */
export function sameRecommendation(a: Recommendation | null, b: Recommendation | null): boolean {
  if (a === null || b === null) return a === b;
  return a.model === b.model && a.unitIds.length === b.unitIds.length && a.unitIds.every((id, i) => id === b.unitIds[i]);
}

import { isOpenCall, type Call, type Recommendation } from '../../shared/call';
import { distanceMetres } from '../../shared/geo';
import { natureOf } from '../../shared/natures';
import type { Unit, UnitType } from '../../shared/unit';
import type { ResponseRules } from '../response-rules';
// The one in-service rule, shared with the screens: a team the recommender will not send is
// never shown as free.
import { inService, minuteOfDayIn } from '../../shared/clock';

/**
 * The mental-health response recommendation (issue 3): which response model suits an MH-flagged
 * call and which free units to send, best first, with the reason in one sentence. Pure: the
 * caller passes the units and `now`, and recomputes as units move and change status.
 */

type Point = { lat: number; lon: number };

export interface RecommendResult {
  recommendation: Recommendation;
  /** No co-responder or team could be offered: the call counts as unmet demand while this holds. */
  unmet: boolean;
}

/** Straight-line distance stretched to street distance, at an average city speed. */
export function estimateTravelMinutes(from: Point, to: Point, rules: Pick<ResponseRules, 'travel'>): number {
  const metres = distanceMetres(from, to) * rules.travel.streetFactor;
  return metres / ((rules.travel.speedKmh * 1000) / 60);
}

/** Inside the unit's own shift, else its type's hours of service, else always; local time of rules.timeZone. */
export function isInService(
  unit: Pick<Unit, 'type' | 'shift'>,
  rules: Pick<ResponseRules, 'hoursOfService' | 'timeZone'>,
  now: number,
): boolean {
  return inService(unit, rules.hoursOfService, minuteOfDayIn(now, rules.timeZone));
}

interface Candidate {
  unit: Unit;
  minutes: number;
  /** Already on this call: kept in the recommendation so recomputing after dispatch does not flip it. */
  assigned: boolean;
}

const TYPE_LABEL: Record<UnitType, string> = {
  law: 'police unit',
  ems: 'EMS unit',
  fire: 'fire unit',
  co_responder: 'co-responder',
  crisis_team: 'crisis team',
};

/** Units that could go to this call: free ones in service with a known position, and those already on it. */
function candidates(call: Call, units: Iterable<Unit>, rules: ResponseRules, now: number): Candidate[] {
  const out: Candidate[] = [];
  for (const unit of units) {
    const minutes = unit.position ? estimateTravelMinutes(unit.position, call.location, rules) : 0;
    if (unit.currentCallId === call.id) {
      if (unit.status !== 'out_of_service' && unit.status !== 'off_duty') out.push({ unit, minutes, assigned: true });
    } else if (unit.status === 'available' && unit.currentCallId === null && unit.position && isInService(unit, rules, now)) {
      out.push({ unit, minutes, assigned: false });
    }
  }
  // Units already committed first, then by travel time; the callsign keeps ties stable between recomputes.
  return out.sort(
    (a, b) => Number(b.assigned) - Number(a.assigned) || a.minutes - b.minutes || a.unit.callsign.localeCompare(b.unit.callsign),
  );
}

/**
 * The police partner of a co-response: one already on the call, else the nearest CIT-trained
 * officer when at most citPreferenceMinutes farther than the nearest officer, else the nearest.
 */
function pickPolice(police: Candidate[], rules: ResponseRules): Candidate | undefined {
  const nearest = police[0];
  if (!nearest || nearest.assigned) return nearest;
  const cit = police.find((c) => c.unit.capabilities.cit);
  return cit && cit.minutes <= nearest.minutes + rules.citPreferenceMinutes ? cit : nearest;
}

const mins = (c: Candidate): string => (c.assigned ? 'already assigned' : `about ${Math.max(1, Math.round(c.minutes))} min`);
const labels = (types: readonly UnitType[]): string => [...new Set(types.map((t) => TYPE_LABEL[t]))].join(' or ');
const policePhrase = (c: Candidate): string =>
  `${TYPE_LABEL[c.unit.type]} ${c.unit.callsign} (${c.unit.capabilities.cit ? 'CIT, ' : ''}${mins(c)})`;

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
export function recommend(call: Call, units: Iterable<Unit>, rules: ResponseRules, now: number): RecommendResult | null {
  if (!call.mh.flagged || !isOpenCall(call)) return null;
  const all = candidates(call, units, rules, now);
  const ofTypes = (types: readonly UnitType[]) => all.filter((c) => types.includes(c.unit.type));
  // Teams are worth waiting for only so long; police have no limit, someone must go.
  const inReach = (c: Candidate) => c.assigned || c.minutes <= rules.maxTravelMinutes;
  const altTeams = ofTypes(rules.alternativeTeamTypes).filter(inReach);
  const teams = ofTypes([...rules.coResponderTypes, ...rules.alternativeTeamTypes]).filter(inReach);
  const police = ofTypes(rules.policeTypes);

  const natureEligible = rules.alternativeEligibleNatures.includes(call.nature.toUpperCase());
  const eligible = natureEligible && call.mh.weapons === 'no' && call.mh.violence === 'no';
  const done = (model: Recommendation['model'], chosen: Candidate[], rationale: string, unmet = false): RecommendResult => ({
    recommendation: { model, unitIds: chosen.map((c) => c.unit.id), rationale, computedAt: now },
    unmet,
  });

  const firstAlt = altTeams[0];
  if (eligible && firstAlt) {
    const { callsign, type } = firstAlt.unit;
    const who = firstAlt.assigned
      ? `${TYPE_LABEL[type]} ${callsign} is already assigned`
      : `${callsign}, the nearest free ${TYPE_LABEL[type]}, is ${mins(firstAlt)} away`;
    return done('alternative', altTeams.slice(0, rules.maxUnits), `${natureOf(call.nature).label} with no weapons or violence reported: ${who}.`);
  }

  const firstTeam = teams[0];
  if (firstTeam) {
    const partner = pickPolice(police, rules);
    const chosen = [...teams.slice(0, rules.maxUnits - (partner ? 1 : 0)), ...(partner ? [partner] : [])];
    const team = `${TYPE_LABEL[firstTeam.unit.type]} ${firstTeam.unit.callsign} (${mins(firstTeam)})`;
    const how = partner ? `send ${team} with ${policePhrase(partner)}` : `send ${team}; no police unit is free to go with it`;
    return done('co_response', chosen, `${coResponseReason(call, natureEligible, rules)}: ${how}.`);
  }

  const none = `No ${labels([...rules.coResponderTypes, ...rules.alternativeTeamTypes])} is free within ${rules.maxTravelMinutes} min`;
  const cit = police.filter((c) => c.unit.capabilities.cit);
  const firstCit = cit[0];
  if (firstCit) {
    return done('police_cit', cit.slice(0, rules.maxUnits), `${none}: send CIT-trained officer ${firstCit.unit.callsign} (${mins(firstCit)}).`, true);
  }
  const firstPolice = police[0];
  if (firstPolice) {
    const who = `${TYPE_LABEL[firstPolice.unit.type]} ${firstPolice.unit.callsign} (${mins(firstPolice)})`;
    return done('police_cit', police.slice(0, rules.maxUnits), `${none}, nor any CIT-trained officer: send ${who}.`, true);
  }
  return done('police_cit', [], `${none}, nor any police unit.`, true);
}

/** Same model and units in the same order; rationale and computedAt (ETAs drifting) do not count. */
export function sameRecommendation(a: Recommendation | null, b: Recommendation | null): boolean {
  if (a === null || b === null) return a === b;
  return a.model === b.model && a.unitIds.length === b.unitIds.length && a.unitIds.every((id, i) => id === b.unitIds[i]);
}

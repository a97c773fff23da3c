import { isOpenCall, type Call, type Recommendation } from '../../shared/call';
import type { Unit, UnitType } from '../../shared/unit';
import type { ResponseRules } from '../response-rules';
// The one in-service rule, shared with the screens: a team the recommender will not send is
// never shown as free.
import { inService, minuteOfDayIn } from '../../shared/clock';
import { byPreference, estimateTravelMinutes, type CandidatePool, type Candidate } from './candidate-pool';
import { citKey, languageKey } from './candidate-keys';

/**
 * The mental-health response recommendation in two steps. Here, per call and pure: which
 * response model the call's facts allow and, for each kind of unit it could use, the nearest
 * few (`rankCall`). Then, across every waiting MH call at once, the plan (response-plan.ts): one
 * team per call, the most urgent call first, so one free team is never offered to four calls.
 * Ranking is the costly part and is redone only for calls a change can affect
 * (recommendation-watch.ts); the plan is cheap and redone whole.
 */

/** What the recommender decided for one call. */
export interface RecommendResult {
  recommendation: Recommendation;
  /** No co-responder or team could be offered: the call counts as unmet demand while this holds. */
  unmet: boolean;
}

/** One call's candidates, nearest first, each list at most rules.candidatesPerCall long. */
export interface CallRanking {
  call: Call;
  /** The nature is one a team may take alone. */
  natureEligible: boolean;
  /** ...and weapons and violence are both "no": a team may go alone. */
  eligible: boolean;
  /** Alternative teams in reach (eligible calls only); units already on the call first. */
  altTeams: Candidate[];
  /** Co-responders and alternative teams in reach, for a co-response. */
  teams: Candidate[];
  /** Police within their travel cap, and CIT-trained police within it. */
  police: Candidate[];
  cit: Candidate[];
  /** With a caller's language: the alternative teams and the teams in reach that speak it. */
  altSpeakers: Candidate[];
  teamSpeakers: Candidate[];
  /** See Horizon. */
  horizon: Horizon;
}

/**
 * How far a free unit may be and still change a ranking, in travel minutes, by candidate key
 * (candidate-keys.ts): a unit that is and was farther than its horizon from the call cannot enter any
 * of its lists, so the call need not be ranked again when it moves or changes status. Missing
 * keys: units of that kind cannot change it at all.
 */
export type Horizon = Partial<Record<string, number>>;

/** Whether a unit speaks a language (names compared without case: "spanish" is "Spanish"). */
export const speaks = (u: Pick<Unit, 'capabilities'>, language: string): boolean => {
  const want = language.trim().toLowerCase();
  return u.capabilities.languages.some((l) => l.trim().toLowerCase() === want);
};

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

/** Which units a list takes: of these types, and (a subgroup) only CIT-trained ones or only speakers of a language. */
export type ListOf = { types: readonly UnitType[]; only?: { cit: true } | { language: string } };

/** The pool's groups (candidate keys) for a list's units. */
export function keysOf({ types, only }: ListOf): string[] {
  if (!only) return [...types];
  return 'cit' in only ? types.map(citKey) : types.map((t) => languageKey(t, only.language));
}

export function isOf({ types, only }: ListOf, u: Unit): boolean {
  if (!types.includes(u.type)) return false;
  if (!only) return true;
  return 'cit' in only ? u.capabilities.cit : speaks(u, only.language);
}

/**
 * The best `limit` units of a kind for a call: those already on it first, then free ones by
 * travel time within `maxMinutes` (units already on the call count whatever their distance), as
 * one full sort of every unit would rank them.
 */
function ranked(pool: CandidatePool, call: Call, of: ListOf, limit: number, maxMinutes: number): Candidate[] {
  const assigned = pool.assignedTo(call.id, call.location).filter((c) => isOf(of, c.unit));
  if (assigned.length >= limit) return assigned.slice(0, limit);
  return [...assigned, ...pool.freeNear(call.location, keysOf(of), { maxMinutes, limit: limit - assigned.length })];
}

/** The team types of a co-response: co-responders and alternative teams. */
export const teamTypesOf = (rules: ResponseRules): UnitType[] => [...rules.coResponderTypes, ...rules.alternativeTeamTypes];

type ListName = 'altTeams' | 'teams' | 'police' | 'cit' | 'altSpeakers' | 'teamSpeakers';
type RankedLists = Pick<CallRanking, ListName>;
const LISTS: readonly ListName[] = ['altTeams', 'teams', 'police', 'cit', 'altSpeakers', 'teamSpeakers'];

/** Which units each of a call's lists takes and how far they may be; null: the call has no such list. */
function listSpecs(call: Call, eligible: boolean, rules: ResponseRules): Record<ListName, { of: ListOf; reach: number } | null> {
  const team = rules.maxTravelMinutes;
  const police = rules.maxPoliceTravelMinutes;
  const teamTypes = teamTypesOf(rules);
  // The caller's language: the nearest teams that speak it, as far as a team may be.
  const language = call.language ?? null;
  return {
    altTeams: eligible ? { of: { types: rules.alternativeTeamTypes }, reach: team } : null,
    teams: { of: { types: teamTypes }, reach: team },
    police: { of: { types: rules.policeTypes }, reach: police },
    cit: { of: { types: rules.policeTypes, only: { cit: true } }, reach: police },
    altSpeakers: eligible && language ? { of: { types: rules.alternativeTeamTypes, only: { language } }, reach: team } : null,
    teamSpeakers: language ? { of: { types: teamTypes, only: { language } }, reach: team } : null,
  };
}

/** One call's ranking, or null when it needs no advice (not MH-flagged, or finished). */
export function rankCall(call: Call, pool: CandidatePool, rules: ResponseRules): CallRanking | null {
  if (!call.mh.flagged || !isOpenCall(call)) return null;
  const natureEligible = rules.alternativeEligibleNatures.includes(call.nature.toUpperCase());
  const eligible = natureEligible && call.mh.weapons === 'no' && call.mh.violence === 'no';
  const specs = listSpecs(call, eligible, rules);
  const lists = {} as RankedLists;
  for (const name of LISTS) {
    const spec = specs[name];
    lists[name] = spec ? ranked(pool, call, spec.of, rules.candidatesPerCall, spec.reach) : [];
  }
  return { call, natureEligible, eligible, ...lists, horizon: horizonOf(specs, lists, rules) };
}

/**
 * See Horizon: for each candidate key, how near a unit must come to change one of the call's
 * lists. With no team in reach the teams list is empty, so its horizon is the whole reach: a
 * busy team moving there (a reassignment suggestion for an urgent call, response-plan.ts) is
 * seen too.
 */
function horizonOf(specs: ReturnType<typeof listSpecs>, lists: RankedLists, rules: ResponseRules): Horizon {
  const horizon: Horizon = {};
  for (const name of LISTS) {
    const spec = specs[name];
    if (spec) widen(horizon, keysOf(spec.of), listHorizon(lists[name], rules.candidatesPerCall, spec.reach));
  }
  return horizon;
}

/**
 * The call's ranking after units its lists name moved (and nothing else changed: not the call,
 * not which units are free or on a call, not their kinds), or null when only ranking it again
 * can tell. Exact, not approximate: it is what rankCall would give, because a unit that moved
 * changes only its own travel time, and a list keeps the same units, sorted again, when each
 * moved one in it stays within reach and, in a full list, still comes before its old last
 * (units outside were all after that one), and no moved unit outside it came within its horizon.
 * In a moving city nearly every MH call has a listed unit moving every pass: ranking them all
 * again was most of the recommender's time.
 */
export function withMovedUnits(r: CallRanking, moved: ReadonlySet<string>, pool: CandidatePool, rules: ResponseRules): CallRanking | null {
  const depth = rules.candidatesPerCall;
  const specs = listSpecs(r.call, r.eligible, rules);
  const now = new Map([...moved].map((id) => [id, pool.freeCandidate(id, r.call.location)]));
  const lists = {} as RankedLists;
  for (const name of LISTS) {
    const spec = specs[name];
    const list = r[name];
    lists[name] = list;
    if (!spec) continue;
    const horizon = listHorizon(list, depth, spec.reach);
    const oldLast = list.length >= depth ? list[list.length - 1] : undefined;
    let out: Candidate[] | null = null;
    for (const [id, fresh] of now) {
      const i = list.findIndex((c) => c.unit.id === id);
      if (i < 0) {
        // Not in this list: it must not have come near enough to get in.
        if (fresh && isOf(spec.of, fresh.unit) && fresh.minutes <= horizon + HORIZON_SLACK) return null;
        continue;
      }
      const was = list[i]!;
      if (was.assigned || !fresh || fresh.minutes > spec.reach) return null;
      if (oldLast && byPreference(fresh, oldLast) > 0) return null;
      out ??= [...list];
      out[i] = fresh;
    }
    if (out) lists[name] = out.sort(byPreference);
  }
  return { ...r, ...lists, horizon: horizonOf(specs, lists, rules) };
}

/** Travel times are floating point: a unit this close to a horizon is taken as inside it. */
const HORIZON_SLACK = 1e-6;

/** Every unit a ranking names: a change to any of them may change the plan. */
export const rankedUnitIds = (r: CallRanking): string[] =>
  [...r.altTeams, ...r.teams, ...r.police, ...r.cit, ...r.altSpeakers, ...r.teamSpeakers].map((c) => c.unit.id);

/** A reason with its travel times left out: ETAs drift as units move, and that alone is no new advice. */
const withoutMinutes = (rationale: string): string => rationale.replace(/\babout \d+ min\b/g, 'about ? min');

/**
 * Same model, units in the same order, reassignment and reason (which call a team is offered
 * to, the caller's language); travel times in the reason and computedAt do not count.
 */
export function sameRecommendation(a: Recommendation | null, b: Recommendation | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.model === b.model &&
    withoutMinutes(a.rationale) === withoutMinutes(b.rationale) &&
    a.unitIds.length === b.unitIds.length &&
    a.unitIds.every((id, i) => id === b.unitIds[i]) &&
    a.reassign?.unitId === b.reassign?.unitId &&
    a.reassign?.fromCallId === b.reassign?.fromCallId
  );
}

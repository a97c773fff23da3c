import type { Call, ReassignSuggestion, Recommendation } from '../../shared/call';
import { natureOf } from '../../shared/natures';
import type { Unit, UnitType } from '../../shared/unit';
import type { ResponseRules } from '../response-rules';
import { CandidatePool, type Candidate } from './candidate-pool';
import { isOf, keysOf, rankCall, speaks, teamTypesOf, type CallRanking, type ListOf, type RecommendResult } from './recommendation';

/**
 * One plan across every open MH call (issue: "the one free team recommended for four waiting
 * calls at once with nothing saying which should get it"). Calls are taken most urgent first
 * (priority, then the oldest); each is offered the nearest unit of its lists that no more urgent
 * call was offered, so a unit appears in one recommendation at most:
 *
 * - alternative: a team alone, when the call allows it (an eligible nature, weapons and violence
 *   both "no") and an alternative team is left for it;
 * - co_response: otherwise one co-responder or team plus one police partner (one already on the
 *   call, else the nearest officer left, or a CIT-trained one up to citPreferenceMinutes farther);
 * - waiting: a team is in reach but offered to a more urgent call: no unit, and the rationale
 *   says which team and which call (the call keeps its model, and counts as unmet demand);
 * - police_cit: no team in reach at all: the nearest CIT-trained officer left within the police
 *   travel cap, else any officer; unmet demand. For a P1 or P2 call, the nearest team working a
 *   less urgent call is suggested for a supervisor's reassignment.
 */

const TYPE_LABEL: Record<UnitType, string> = {
  law: 'police unit',
  ems: 'EMS unit',
  fire: 'fire unit',
  co_responder: 'co-responder',
  crisis_team: 'crisis team',
};

/** A kind of unit a call's list holds, and how far it may be. */
interface UnitKind {
  types: readonly UnitType[];
  /** The candidate pool's groups of those units (candidate-keys.ts). */
  keys: readonly string[];
  maxMinutes: number;
  /** Only some units of those types (CIT-trained): the same as `keys` says, for units found by id. */
  accept?: (u: Unit) => boolean;
}

/** A kind from the list description rankCall uses, so the plan and the ranking agree on what a list takes. */
const kindOf = (of: ListOf, maxMinutes: number): UnitKind => ({
  types: of.types,
  keys: keysOf(of),
  maxMinutes,
  ...(of.only ? { accept: (u: Unit) => isOf(of, u) } : {}),
});

const kindsOf = (rules: ResponseRules) => ({
  alt: kindOf({ types: rules.alternativeTeamTypes }, rules.maxTravelMinutes),
  team: kindOf({ types: teamTypesOf(rules) }, rules.maxTravelMinutes),
  police: kindOf({ types: rules.policeTypes }, rules.maxPoliceTravelMinutes),
  cit: kindOf({ types: rules.policeTypes, only: { cit: true } }, rules.maxPoliceTravelMinutes),
});
type Kinds = ReturnType<typeof kindsOf>;

/**
 * What the plan needs of any call as it stands now: the call a busy unit is working (for
 * reassignment suggestions), and a call's current advice (units already recommended stay).
 */
export type CallLookup = (callId: string) => Pick<Call, 'id' | 'number' | 'priority' | 'mh'> | undefined;

const mins = (c: Candidate): string => (c.assigned ? 'already assigned' : `about ${Math.max(1, Math.round(c.minutes))} min`);
const labels = (types: readonly UnitType[]): string => [...new Set(types.map((t) => TYPE_LABEL[t]))].join(' or ');
const policePhrase = (c: Candidate): string => `${TYPE_LABEL[c.unit.type]} ${c.unit.callsign} (${c.unit.capabilities.cit ? 'CIT, ' : ''}${mins(c)})`;
const callPhrase = (c: Pick<Call, 'number' | 'priority'>): string => `P${c.priority} call ${c.number}`;

/** Most urgent first: priority, then the oldest, then the number (stable between passes). */
const byUrgency = (a: CallRanking, b: CallRanking): number =>
  a.call.priority - b.call.priority || a.call.createdAt - b.call.createdAt || a.call.number.localeCompare(b.call.number);

/** Why a call that is not going to a team alone needs a co-response, as the start of a sentence. */
function coResponseReason(r: CallRanking, rules: ResponseRules): string {
  const { weapons, violence } = r.call.mh;
  const label = natureOf(r.call.nature).label;
  if (weapons === 'yes' && violence === 'yes') return 'Weapons and violence reported';
  if (weapons === 'yes') return 'Weapons reported';
  if (violence === 'yes') return 'Violence reported';
  if (weapons === 'unknown' && violence === 'unknown') return 'Weapons and violence not ruled out';
  if (weapons === 'unknown') return 'Weapons not ruled out';
  if (violence === 'unknown') return 'Violence not ruled out';
  if (!r.natureEligible) return `${label} is not eligible for a ${labels(rules.alternativeTeamTypes)} alone`;
  return `${label} with no weapons or violence reported but no ${labels(rules.alternativeTeamTypes)} free`;
}

/** The plan's bookkeeping: which unit went to which call. */
class Offers {
  private readonly taken = new Map<string, CallRanking>();
  private readonly suggested = new Set<string>();

  constructor(
    private readonly pool: CandidatePool,
    /** How long each ranked list is at most (rules.candidatesPerCall). */
    private readonly depth: number,
  ) {}

  /** The first candidate not offered to another call (units already on this call always are this call's). */
  first(list: readonly Candidate[], accept: (c: Candidate) => boolean = () => true): Candidate | undefined {
    return list.find((c) => (c.assigned || !this.taken.has(c.unit.id)) && accept(c));
  }

  /**
   * The first of a ranked list not offered to another call; when the list is full and more
   * urgent calls took all of it, the nearest unit of its kind in reach that none took (a call
   * ranks only its nearest few, and six calls may want the same five teams).
   */
  next(r: CallRanking, list: readonly Candidate[], kind: UnitKind): Candidate | undefined {
    const found = this.first(list);
    if (found || list.length < this.depth) return found;
    const accept = (u: Unit) => !this.taken.has(u.id) && (!kind.accept || kind.accept(u));
    return this.pool.freeNear(r.call.location, kind.keys, { limit: 1, maxMinutes: kind.maxMinutes, accept })[0];
  }

  take(r: CallRanking, ...chosen: (Candidate | undefined)[]): void {
    for (const c of chosen) if (c && !c.assigned) this.taken.set(c.unit.id, r);
  }

  /**
   * `best`, or a unit the call's advice already names when that one is still left and at most
   * stickyMinutes farther (see ResponseRules.stickyMinutes).
   */
  stick(r: CallRanking, best: Candidate | undefined, kind: UnitKind, kept: ReadonlySet<string>, stickyMinutes: number): Candidate | undefined {
    if (!best || best.assigned || kept.size === 0 || kept.has(best.unit.id)) return best;
    // Looked up in the pool, not the call's ranked few: among a city's police, the one named a
    // minute ago soon drops out of the nearest five though it is still about as near.
    for (const id of kept) {
      const c = this.taken.has(id) ? undefined : this.pool.freeCandidate(id, r.call.location);
      if (
        c &&
        kind.types.includes(c.unit.type) &&
        (!kind.accept || kind.accept(c.unit)) &&
        c.minutes <= Math.min(kind.maxMinutes, best.minutes + stickyMinutes)
      )
        return c;
    }
    return best;
  }

  /** The call a unit was offered to, if any. */
  takenBy(unitId: string): CallRanking | undefined {
    return this.taken.get(unitId);
  }

  /** Each busy team is suggested for one reassignment at most. */
  suggest(unitId: string): boolean {
    if (this.suggested.has(unitId)) return false;
    this.suggested.add(unitId);
    return true;
  }
}

/**
 * The plan for every ranked call: its recommendation and whether it is unmet demand. `pool` and
 * `callOf` serve the reassignment suggestions (busy teams and the calls they are working).
 */
export function planResponses(...args: Parameters<typeof planSteps>): Map<string, RecommendResult> {
  const steps = planSteps(...args);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The plan a call at a time: it pauses (yields) before each call, so a caller planning five
 * hundred calls can let the event loop serve requests in between (server/commands/recommender.ts).
 */
export function* planSteps(
  rankings: Iterable<CallRanking>,
  pool: CandidatePool,
  rules: ResponseRules,
  now: number,
  callOf: CallLookup = () => undefined,
): Generator<void, Map<string, RecommendResult>> {
  const offers = new Offers(pool, rules.candidatesPerCall);
  const kinds = kindsOf(rules);
  const out = new Map<string, RecommendResult>();
  for (const r of [...rankings].sort(byUrgency)) {
    yield;
    const done = (
      model: Recommendation['model'],
      chosen: (Candidate | undefined)[],
      rationale: string,
      unmet: boolean,
      extra: Pick<Recommendation, 'reassign' | 'waitingFor'> = {},
    ) => {
      offers.take(r, ...chosen);
      const recommendation: Recommendation = { model, unitIds: chosen.flatMap((c) => (c ? [c.unit.id] : [])), rationale, computedAt: now };
      if (extra.reassign) recommendation.reassign = extra.reassign;
      if (extra.waitingFor) recommendation.waitingFor = extra.waitingFor;
      out.set(r.call.id, { recommendation, unmet });
    };
    const label = natureOf(r.call.nature).label;
    const current = callOf(r.call.id)?.mh.recommendation;
    // The units the call's advice names now: kept while still about as near (stickyMinutes).
    const kept = new Set<string>(current?.unitIds ?? []);
    const pick: Choosing = { kept, offers, rules };

    const alt = r.eligible ? pickTeam(r, r.altTeams, r.altSpeakers, kinds.alt, pick) : undefined;
    if (alt) {
      const { callsign, type } = alt.unit;
      const nearest = offers.next(r, r.altTeams, kinds.alt);
      // The nearest of all went to a more urgent call (units compared by id: the lists hold their own candidates).
      const first = r.altTeams[0]!;
      const nearer = first.unit.id !== alt.unit.id && first.unit.id !== nearest?.unit.id ? offers.takenBy(first.unit.id) : undefined;
      const tongue = languageNote(r, alt, ' and speaks');
      const who = alt.assigned
        ? `${TYPE_LABEL[type]} ${callsign} is already assigned`
        : alt.unit.id !== nearest?.unit.id && r.call.language && speaks(alt.unit, r.call.language)
          ? `${callsign}, the nearest free ${TYPE_LABEL[type]} that speaks ${r.call.language}, is ${mins(alt)} away`
          : alt.unit.id !== nearest?.unit.id
            ? `${callsign}, the ${TYPE_LABEL[type]} already recommended, is ${mins(alt)} away${tongue}`
            : nearer
              ? `${callsign}, the nearest ${TYPE_LABEL[type]} not offered to a more urgent call, is ${mins(alt)} away${tongue}`
              : `${callsign}, the nearest free ${TYPE_LABEL[type]}, is ${mins(alt)} away${tongue}`;
      done('alternative', [alt], `${label} with no weapons or violence reported: ${who}.`, false);
      continue;
    }

    const team = pickTeam(r, r.teams, r.teamSpeakers, kinds.team, pick);
    if (team) {
      const partner = pickPolice(r, kinds, pick);
      const teamPhrase = `${TYPE_LABEL[team.unit.type]} ${team.unit.callsign} (${mins(team)}${languageNote(r, team, ', speaks')})`;
      const how = partner ? `send ${teamPhrase} with ${policePhrase(partner)}` : `send ${teamPhrase}; no police unit is free to go with it`;
      done('co_response', [team, partner], `${coResponseReason(r, rules)}: ${how}.`, false);
      continue;
    }

    // A team is in reach, but every one was offered to a more urgent call: this call waits.
    // Named: the team offered to the most urgent of the calls that took this one's teams, which
    // holds still as teams drive about (the nearest of them would change with every report).
    const wanted = heldFirst(r.eligible && r.altTeams.length > 0 ? r.altTeams : r.teams, offers, current?.waitingFor);
    const holder = wanted && offers.takenBy(wanted.unit.id);
    if (wanted && holder) {
      const start = r.eligible ? `${label} with no weapons or violence reported` : coResponseReason(r, rules);
      const model = r.eligible && r.altTeams.length > 0 ? 'alternative' : 'co_response';
      const teamPhrase = `${TYPE_LABEL[wanted.unit.type]} ${wanted.unit.callsign} (${mins(wanted)})`;
      const waiting = `${start}: waiting for a team, as ${teamPhrase} is offered first to more urgent ${callPhrase(holder.call)}`;
      // A co-response needs its police partner whatever the team: that one can go now.
      const partner = model === 'co_response' ? pickPolice(r, kinds, pick) : undefined;
      done(model, [partner], partner ? `${waiting}; send ${policePhrase(partner)} meanwhile.` : `${waiting}.`, true, { waitingFor: wanted.unit.id });
      continue;
    }

    const none = `No ${labels(teamTypesOf(rules))} is free within ${rules.maxTravelMinutes} min`;
    const reassign = r.call.priority <= 2 ? suggestReassignment(r, pool, offers, rules, callOf) : undefined;
    const or = reassign ? `; or reassign ${reassign.phrase}` : '';
    const cit = offers.stick(r, offers.next(r, r.cit, kinds.cit), kinds.cit, kept, rules.stickyMinutes);
    if (cit) {
      done('police_cit', [cit], `${none}: send CIT-trained officer ${cit.unit.callsign} (${mins(cit)})${or}.`, true, { reassign: reassign?.suggestion });
      continue;
    }
    const police = offers.stick(r, offers.next(r, r.police, kinds.police), kinds.police, kept, rules.stickyMinutes);
    if (police) {
      const who = `${TYPE_LABEL[police.unit.type]} ${police.unit.callsign} (${mins(police)})`;
      done('police_cit', [police], `${none}, nor any CIT-trained officer: send ${who}${or}.`, true, { reassign: reassign?.suggestion });
      continue;
    }
    done('police_cit', [], `${none}, nor any police unit within ${rules.maxPoliceTravelMinutes} min${or}.`, true, { reassign: reassign?.suggestion });
  }
  return out;
}

/**
 * The team for a call: the nearest left, or one left that speaks the caller's language at most
 * languagePreferenceMinutes farther (a team already on the call stays).
 */
/** What choosing a unit for a call needs: the units its advice names now, the plan's offers, the rules. */
interface Choosing {
  kept: ReadonlySet<string>;
  offers: Offers;
  rules: ResponseRules;
}

function pickTeam(
  r: CallRanking,
  teams: readonly Candidate[],
  speakers: readonly Candidate[],
  kind: UnitKind,
  { kept, offers, rules }: Choosing,
): Candidate | undefined {
  const nearest = offers.next(r, teams, kind);
  if (!nearest || nearest.assigned) return nearest;
  const best = (r.call.language && offers.first(speakers, (c) => c.minutes <= nearest.minutes + rules.languagePreferenceMinutes)) || nearest;
  // A team named already stays, unless the caller's language now calls for another.
  return best === nearest ? offers.stick(r, best, kind, kept, rules.stickyMinutes) : best;
}

/** What the rationale says of the caller's language for the team chosen, if the call has one. */
function languageNote(r: CallRanking, team: Candidate, verb: string): string {
  const language = r.call.language;
  if (!language) return '';
  return speaks(team.unit, language) ? `${verb} ${language}` : `; none free nearby speaks ${language}`;
}

/**
 * Of a call's teams offered to other calls, the one the call waited for already (`named`) while
 * that one is still among them, else the one offered to the most urgent of those calls. Kept:
 * with teams driving in and out of a call's nearest few, the most urgent holder changed every
 * few seconds, and with it the reason on every board, though the advice (wait) did not.
 */
function heldFirst(teams: readonly Candidate[], offers: Offers, named: string | undefined): Candidate | undefined {
  const still = named === undefined ? undefined : teams.find((c) => c.unit.id === named && offers.takenBy(c.unit.id));
  if (still) return still;
  let best: Candidate | undefined;
  let bestHolder: CallRanking | undefined;
  for (const c of teams) {
    const holder = offers.takenBy(c.unit.id);
    if (holder && (!bestHolder || byUrgency(holder, bestHolder) < 0)) [best, bestHolder] = [c, holder];
  }
  return best;
}

/**
 * The police partner of a co-response: one already on the call, else the nearest officer left,
 * or a CIT-trained one left at most citPreferenceMinutes farther.
 */
function pickPolice(r: CallRanking, kinds: Kinds, { kept, offers, rules }: Choosing): Candidate | undefined {
  const nearest = offers.next(r, r.police, kinds.police);
  if (!nearest || nearest.assigned) return nearest;
  const cit = offers.next(r, r.cit, kinds.cit);
  const best = cit && cit.minutes <= nearest.minutes + rules.citPreferenceMinutes ? cit : nearest;
  // A CIT officer chosen over a nearer one is not given up for an untrained one named before.
  return offers.stick(r, best, best.unit.capabilities.cit ? kinds.cit : kinds.police, kept, rules.stickyMinutes);
}

/** The nearest team in reach working a less urgent call, and how the rationale names it. */
function suggestReassignment(
  r: CallRanking,
  pool: CandidatePool,
  offers: Offers,
  rules: ResponseRules,
  callOf: CallLookup,
): { suggestion: ReassignSuggestion; phrase: string } | undefined {
  const busy = pool.busyNear(r.call.location, teamTypesOf(rules), rules.maxTravelMinutes);
  // The team suggested already stays first while still about as near (stickyMinutes), as advice does.
  const named = callOf(r.call.id)?.mh.recommendation?.reassign?.unitId;
  const kept = busy.find((c) => c.unit.id === named);
  if (kept && busy[0] && kept.minutes <= busy[0].minutes + rules.stickyMinutes) busy.unshift(kept);
  for (const c of busy) {
    const from = c.unit.currentCallId ? callOf(c.unit.currentCallId) : undefined;
    if (!from || from.priority <= r.call.priority || !offers.suggest(c.unit.id)) continue;
    return {
      suggestion: {
        unitId: c.unit.id,
        fromCallId: from.id,
        fromCallNumber: from.number,
        fromPriority: from.priority,
        minutes: Math.round(c.minutes * 10) / 10,
      },
      phrase: `${TYPE_LABEL[c.unit.type]} ${c.unit.callsign} (${mins(c)}) from ${callPhrase(from)}`,
    };
  }
  return undefined;
}

/**
 * The recommendation for one call planned on its own (no other call competing for its units),
 * or null when it is not MH-flagged or is finished.
 */
export function recommend(call: Call, units: Iterable<Unit> | CandidatePool, rules: ResponseRules, now: number, callOf?: CallLookup): RecommendResult | null {
  const pool = units instanceof CandidatePool ? units : CandidatePool.build(units, rules, now);
  const ranking = rankCall(call, pool, rules);
  return ranking ? (planResponses([ranking], pool, rules, now, callOf).get(call.id) ?? null) : null;
}

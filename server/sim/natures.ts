import { natureOf } from '../../shared/natures';
import type { CreateCallInput, YesNoUnknown } from '../../shared/call';
import type { City } from './city';
import type { Rng, Weighted } from './random';

/**
 * The mix of 911 calls the simulated city produces. Codes are those of shared/natures.ts.
 * Weights are per 100 calls and follow the shape of a US city's dispatched calls: traffic,
 * medical, theft, alarms and suspicious persons dominate; about a fifth of calls are
 * behavioural-health related (welfare checks, disturbances, intoxicated or trespassing
 * people, mental-health crises, suicide threats, overdoses), which is what co-response exists for.
 */
export interface NatureProfile {
  code: string;
  weight: number;
  priorities: Weighted<number>;
  /** Chance the call-taker records "yes", and "unknown"; the rest is "no". */
  weapons: readonly [yes: number, unknown: number];
  violence: readonly [yes: number, unknown: number];
  noteChance: number;
  notes: readonly string[];
}

const p = (
  code: string,
  weight: number,
  priorities: Weighted<number>,
  weapons: readonly [number, number],
  violence: readonly [number, number],
  notes: readonly string[],
  noteChance = 0.5,
): NatureProfile => ({
  code,
  weight,
  priorities,
  weapons,
  violence,
  notes,
  noteChance,
});

export const NATURE_MIX: readonly NatureProfile[] = [
  // Not mental-health related: about 81 of 100.
  p(
    'TRAFFIC',
    14,
    [
      [2, 0.25],
      [3, 0.6],
      [4, 0.15],
    ],
    [0, 0.05],
    [0.02, 0.05],
    [
      'two vehicles, blocking lane',
      'rear-end collision, no injuries reported',
      'vehicle vs pedestrian, RP says person is down',
      'hit and run, suspect vehicle fled north',
    ],
  ),
  p(
    'MEDICAL',
    14,
    [
      [1, 0.3],
      [2, 0.5],
      [3, 0.2],
    ],
    [0, 0.02],
    [0, 0.05],
    [
      'elderly female fell, cannot get up',
      'chest pain, 64 y/o male',
      'difficulty breathing',
      'diabetic, not responding normally',
      'unconscious person in vehicle',
    ],
  ),
  p(
    'THEFT',
    11,
    [
      [3, 0.2],
      [4, 0.7],
      [5, 0.1],
    ],
    [0.02, 0.1],
    [0.02, 0.1],
    ['shoplifter detained by store security', 'catalytic converter stolen overnight', 'package theft, has doorbell video', 'bike stolen from rack'],
  ),
  p(
    'ALARM',
    9,
    [
      [2, 0.1],
      [3, 0.5],
      [4, 0.4],
    ],
    [0, 0.3],
    [0, 0.3],
    ['commercial burglar alarm, rear door zone', 'residential alarm, keyholder en route', 'panic alarm at bank'],
    0.4,
  ),
  p(
    'SUSP',
    9,
    [
      [2, 0.1],
      [3, 0.6],
      [4, 0.3],
    ],
    [0.05, 0.3],
    [0.02, 0.2],
    [
      'male looking into car windows',
      'subject walking back and forth in alley',
      'talking to himself, says he is hearing voices',
      'two subjects in parked car for hours',
    ],
  ),
  p(
    'DOMESTIC',
    6,
    [
      [1, 0.35],
      [2, 0.55],
      [3, 0.1],
    ],
    [0.15, 0.35],
    [0.6, 0.25],
    ['RP hears yelling and crashing next door', 'female says boyfriend hit her, he is still inside', 'verbal argument, children in the home'],
  ),
  p(
    'NOISE',
    6,
    [
      [4, 0.6],
      [5, 0.4],
    ],
    [0, 0.1],
    [0, 0.1],
    ['loud party, ongoing', 'loud music from apartment 3B', 'construction noise after hours'],
    0.4,
  ),
  p(
    'ASSAULT',
    5,
    [
      [1, 0.3],
      [2, 0.6],
      [3, 0.1],
    ],
    [0.25, 0.35],
    [0.8, 0.15],
    ['fight outside bar, several involved', 'victim has head injury, suspect left on foot', 'assault at light rail station'],
  ),
  p(
    'BURGLARY',
    4,
    [
      [1, 0.1],
      [2, 0.4],
      [3, 0.5],
    ],
    [0.05, 0.4],
    [0.02, 0.3],
    ['back door pried open, unknown if suspect still inside', 'garage burglary, tools taken', 'RP hears someone downstairs'],
  ),
  p(
    'FIRE',
    2,
    [
      [1, 0.9],
      [2, 0.1],
    ],
    [0, 0.05],
    [0, 0.05],
    ['smoke showing from second floor', 'kitchen fire, occupants out', 'dumpster fire next to building'],
  ),
  p('SHOTS', 1.5, [[1, 1]], [0.95, 0.05], [0.5, 0.45], ['multiple shots heard, unknown direction', 'RP heard 3-4 shots, saw a dark sedan leave']),
  // Mental-health related: about 19.6 of 100.
  p(
    'WELFARE',
    4.5,
    [
      [2, 0.2],
      [3, 0.6],
      [4, 0.2],
    ],
    [0.02, 0.1],
    [0.02, 0.1],
    [
      'family has not heard from her in 3 days',
      'elderly neighbor not answering door, mail piling up',
      'person sleeping in bus shelter in the cold',
      'RP worried about friend who sounded depressed on the phone',
    ],
  ),
  p(
    'DISTURB',
    3,
    [
      [2, 0.2],
      [3, 0.6],
      [4, 0.2],
    ],
    [0.06, 0.12],
    [0.15, 0.15],
    ['male yelling at customers in store', 'subject screaming in the street, not making sense', 'female refusing to leave lobby, shouting'],
  ),
  p(
    'INTOX',
    2.5,
    [
      [3, 0.6],
      [4, 0.4],
    ],
    [0.03, 0.1],
    [0.05, 0.1],
    ['intoxicated male passed out on sidewalk', 'intoxicated female stumbling into traffic', 'drunk subject refusing to leave restaurant'],
  ),
  p(
    'TRESPASS',
    2.5,
    [
      [3, 0.4],
      [4, 0.6],
    ],
    [0.03, 0.1],
    [0.03, 0.1],
    ['person sleeping in stairwell of apartment building', 'subject camping behind business, RP wants him moved along', 'unwanted guest refusing to leave'],
  ),
  p(
    'EDP',
    1.5,
    [
      [2, 0.6],
      [3, 0.4],
    ],
    [0.1, 0.15],
    [0.1, 0.15],
    ['hearing voices, thinks neighbors are watching him', 'son off his meds, history of schizophrenia', 'paranoid, barricaded in bedroom'],
  ),
  p(
    'MNTL',
    1.2,
    [
      [2, 0.5],
      [3, 0.5],
    ],
    [0.06, 0.15],
    [0.05, 0.15],
    [
      'in crisis, crying, asked for someone to talk to',
      'history of bipolar disorder, not sleeping for days',
      'mother requests mental health help for adult daughter',
    ],
  ),
  p(
    'SUICTHRT',
    1.2,
    [
      [1, 0.5],
      [2, 0.5],
    ],
    [0.15, 0.2],
    [0.03, 0.1],
    ['texted friend he wants to kill himself', 'RP says husband threatened suicide, has access to pills', 'caller says she is thinking about ending it'],
  ),
  p(
    'OD',
    1.2,
    [
      [1, 0.8],
      [2, 0.2],
    ],
    [0.02, 0.1],
    [0.02, 0.1],
    ['possible overdose, breathing shallow', 'friend gave Narcan, patient now awake', 'unresponsive male in restroom, needle nearby'],
  ),
  p(
    '10-96',
    0.5,
    [
      [2, 0.6],
      [3, 0.4],
    ],
    [0.1, 0.15],
    [0.1, 0.15],
    ['subject talking to himself and pacing in traffic median', 'hallucinating, says bugs are crawling on her'],
  ),
  p(
    'CITASST',
    0.5,
    [
      [4, 0.6],
      [5, 0.4],
    ],
    [0, 0.05],
    [0, 0.05],
    ['elderly man confused, cannot find his way home', 'woman asking for help getting to a shelter'],
  ),
  p(
    'SUICIDE',
    0.4,
    [[1, 1]],
    [0.3, 0.3],
    [0.05, 0.15],
    ['person on bridge railing', 'cut wrists, bleeding, conscious', 'took a bottle of pills 30 minutes ago'],
    0.8,
  ),
  p(
    'MTLV',
    0.3,
    [
      [1, 0.7],
      [2, 0.3],
    ],
    [0.4, 0.3],
    [0.9, 0.1],
    ['breaking windows, threatening family with a bat', 'psychotic episode, punched his brother'],
    0.8,
  ),
  p(
    '5150',
    0.3,
    [
      [2, 0.7],
      [3, 0.3],
    ],
    [0.1, 0.15],
    [0.1, 0.15],
    ['clinician requests help with an involuntary hold', 'psych hold paperwork, patient refusing to go'],
  ),
];

const MIX_WEIGHTS: Weighted<NatureProfile> = NATURE_MIX.map((n) => [n, n.weight] as const);

function yesNo(rng: Rng, [yes, unknown]: readonly [number, number]): YesNoUnknown {
  const r = rng.float();
  return r < yes ? 'yes' : r < yes + unknown ? 'unknown' : 'no';
}

/** A fake caller number in the 555-0100..0199 block, which is reserved for fiction. */
/**
 * Mental-health crises recur in the same households: these are the phones of the demo's sample
 * safety profiles (server/sim/sample-profiles.json), so some simulated MH calls open a profile.
 */
const REPEAT_CALLERS = ['303-555-0142', '303-555-0118', '720-555-0118', '303-555-0163', '303-555-0105'];

function fakePhone(rng: Rng): string {
  return `${rng.pick(['303', '720'])}-555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
}

/**
 * One new 911 call: its nature, priority, place, weapons and violence facts, sometimes a note
 * and a caller number. It draws only from `rng`, so a seed gives the same calls in the same order.
 */
export function generateCall(rng: Rng, city: City): CreateCallInput {
  const n = rng.weighted(MIX_WEIGHTS);
  const place = city.randomPlace(rng);
  const call: CreateCallInput = {
    nature: n.code,
    priority: rng.weighted(n.priorities),
    location: { lat: place.lat, lon: place.lon, address: place.address },
    weapons: yesNo(rng, n.weapons),
    violence: yesNo(rng, n.violence),
  };
  if (n.notes.length > 0 && rng.chance(n.noteChance)) call.notes = rng.pick(n.notes);
  if (natureOf(n.code).mh && rng.chance(0.2)) call.callerPhone = rng.pick(REPEAT_CALLERS);
  else if (rng.chance(0.65)) call.callerPhone = fakePhone(rng);
  // Some callers speak another language (Denver's largest non-English communities): the
  // recommendation then prefers a team that speaks it.
  if (natureOf(n.code).mh && rng.chance(0.15)) call.language = rng.pick(CALLER_LANGUAGES);
  return call;
}

const CALLER_LANGUAGES = ['Spanish', 'Spanish', 'Spanish', 'Spanish', 'Vietnamese', 'Amharic'];

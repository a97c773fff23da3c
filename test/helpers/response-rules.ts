import { parseResponseRules, type ResponseRules } from '../../server/response-rules';

/**
 * Response rules for tests of the recommender: explicit, not the default file, so editing the
 * defaults does not change what the tests expect. Each test file overrides what it is about.
 */
export function testRules(over: Record<string, unknown> = {}): ResponseRules {
  return parseResponseRules(
    {
      alternativeEligibleNatures: ['WELFARE', 'EDP'],
      alternativeTeamTypes: ['crisis_team'],
      coResponderTypes: ['co_responder'],
      policeTypes: ['law'],
      hoursOfService: {},
      timeZone: 'America/Denver',
      travel: { streetFactor: 1.35, speedKmh: 40 },
      maxTravelMinutes: 25,
      maxPoliceTravelMinutes: 30,
      citPreferenceMinutes: 3,
      candidatesPerCall: 5,
      timers: { onSceneMinutes: {}, checkInMinutes: 20, waitSeconds: { '1': 60, '2': 180, '3': 600, '4': 1200, '5': 1800 } },
      ...over,
    },
    'test rules',
  );
}

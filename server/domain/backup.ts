import type { Call } from '../../shared/call';
import type { Unit } from '../../shared/unit';
import type { ResponseRules } from '../response-rules';
import { estimateTravelMinutes } from './recommendation';

/**
 * Free law units with a known position, best first for backup on `call`: by estimated travel
 * time, a CIT-trained officer counting as `citPreferenceMinutes` nearer, the same preference the
 * recommendation uses (training matters more than a minute or two).
 */
export function rankBackup(call: Pick<Call, 'location'>, units: Iterable<Unit>, rules: Pick<ResponseRules, 'travel' | 'citPreferenceMinutes'>): Unit[] {
  const scored: { unit: Unit; score: number }[] = [];
  for (const u of units) {
    if (u.type !== 'law' || u.status !== 'available' || u.currentCallId !== null || !u.position) continue;
    const minutes = estimateTravelMinutes(u.position, call.location, rules);
    scored.push({ unit: u, score: minutes - (u.capabilities.cit ? rules.citPreferenceMinutes : 0) });
  }
  return scored.sort((a, b) => a.score - b.score).map((s) => s.unit);
}

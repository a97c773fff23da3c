import type { Call } from '../../shared/call';
import { distanceMetres } from '../../shared/geo';
import type { Unit } from '../../shared/unit';

/** A CIT-trained officer this much farther away is still preferred: training matters more than a minute. */
const CIT_BONUS_METRES = 1500;

/** Free law units with a known position, best first for backup on `call`. */
export function rankBackup(call: Pick<Call, 'location'>, units: Iterable<Unit>): Unit[] {
  const scored: { unit: Unit; score: number }[] = [];
  for (const u of units) {
    if (u.type !== 'law' || u.status !== 'available' || u.currentCallId !== null || !u.position) continue;
    const d = distanceMetres(u.position, call.location);
    scored.push({ unit: u, score: d - (u.capabilities.cit ? CIT_BONUS_METRES : 0) });
  }
  return scored.sort((a, b) => a.score - b.score).map((s) => s.unit);
}

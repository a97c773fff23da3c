import { natureOf } from '../../shared/natures';
import type { UnitType } from '../../shared/unit';
import type { Rng } from './random';

/** How long things take on a call, in simulated seconds. */

const MIN = 60;

/** From dispatch to rolling: finishing a report, walking to the car, reading the call. */
export function turnoutSeconds(rng: Rng): number {
  return rng.range(5, 30);
}

/** From a call appearing to the dispatcher sending someone: reading it, choosing, radioing. */
export function dispatchDelaySeconds(rng: Rng, priority: number): number {
  return priority <= 1 ? rng.range(10, 30) : rng.range(15, 60);
}

/** How long a unit stays on scene. Mental-health calls take longest: talking someone down is slow. */
export function onSceneSeconds(type: UnitType, nature: string, rng: Rng): number {
  const code = nature.toUpperCase();
  if (type === 'fire') return code === 'FIRE' ? rng.range(30, 90) * MIN : rng.range(10, 20) * MIN;
  if (type === 'ems') return rng.range(15, 30) * MIN;
  if (natureOf(code).mh) {
    switch (code) {
      case 'TRESPASS':
      case 'INTOX':
      case 'CITASST':
        return rng.range(15, 35) * MIN;
      case 'WELFARE':
      case 'DISTURB':
      case 'OD':
        return rng.range(20, 45) * MIN;
      default:
        return rng.range(30, 60) * MIN;
    }
  }
  switch (code) {
    case 'ALARM':
      return rng.range(5, 15) * MIN;
    case 'NOISE':
      return rng.range(8, 20) * MIN;
    case 'TRAFFIC':
      return rng.range(20, 45) * MIN;
    default:
      return rng.range(10, 40) * MIN;
  }
}

/** Whether the unit leaves the scene transporting someone (to hospital or a crisis centre). */
export function transports(type: UnitType, nature: string, rng: Rng): boolean {
  const code = nature.toUpperCase();
  if (type === 'ems') {
    const p: Record<string, number> = { MEDICAL: 0.6, OD: 0.5, SUICIDE: 0.8, TRAFFIC: 0.4, FIRE: 0.2, ASSAULT: 0.5, SHOTS: 0.5 };
    return rng.chance(p[code] ?? 0.3);
  }
  // A STAR-style van can take a client to a crisis centre or detox instead of jail or the ER.
  if (type === 'crisis_team') return rng.chance(0.2);
  return false;
}

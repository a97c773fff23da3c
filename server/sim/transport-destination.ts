import type { Call } from '../../shared/call';
import type { Destination, DestinationType } from '../../shared/destination';
import { flatDistance, type LatLon } from './geometry';

/**
 * Where a simulated unit takes the person it transports, as a crew following the program would:
 * someone intoxicated to detox, a mental-health crisis to a crisis stabilization unit or walk-in
 * centre, anyone else to an emergency department; the nearest such place with a bed free (or
 * not reporting beds). Null when the city has none: the unit drives to a hospital unnamed.
 */
export function chooseDestination(from: LatLon, call: Pick<Call, 'nature' | 'mh'>, destinations: Iterable<Destination>): Destination | null {
  const places = [...destinations];
  const wanted: readonly DestinationType[] =
    call.nature.toUpperCase() === 'INTOX' ? ['detox'] : call.mh.flagged ? ['crisis_stabilization', 'walk_in_crisis'] : ['hospital_er'];
  // With nowhere of that kind with a bed, an emergency department takes everyone.
  return nearest(from, places, wanted) ?? nearest(from, places, ['hospital_er']);
}

function nearest(from: LatLon, places: readonly Destination[], types: readonly DestinationType[]): Destination | null {
  let best: Destination | null = null;
  let bestMetres = Infinity;
  for (const d of places) {
    if (!types.includes(d.type) || d.freeBeds === 0) continue;
    const metres = flatDistance(from, d.location);
    if (metres < bestMetres) [best, bestMetres] = [d, metres];
  }
  return best;
}

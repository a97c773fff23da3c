import type { Call } from '../../shared/call';
import { distanceMetres } from '../../shared/geo';
import { natureOf } from '../../shared/natures';
import type { Unit, UnitType } from '../../shared/unit';

/**
 * What the simulated dispatcher sends to a call, as pure functions so they can be tested
 * without Redis. The mental-health rules follow the board's response models: a crisis team
 * alone when the nature allows it and there are no weapons or violence; a co-responder with
 * police when there are, or when it is not known; police (CIT-trained preferred) when no
 * co-responder is free.
 */
export interface Slot {
  /** Unit types that fill this slot; the nearest available one is taken. */
  types: readonly UnitType[];
  /** Types to use when none of `types` is available. */
  fallback?: readonly UnitType[];
  /** Among law units, CIT-trained officers count as nearer (mental-health calls). */
  preferCit?: boolean;
  /** Sent if one is free; the call is not held for it. */
  optional?: boolean;
}

const law = (optional = false, preferCit = false): Slot => ({ types: ['law'], optional, preferCit });
const one = (type: UnitType, optional = false): Slot => ({ types: [type], optional });

type CallFacts = Pick<Call, 'nature' | 'priority' | 'mh'>;

export function isMentalHealthCall(call: CallFacts): boolean {
  return natureOf(call.nature).mh || call.mh.flagged;
}

/** The slots to fill for a call, most important first. */
export function responseSlots(call: CallFacts): Slot[] {
  const code = call.nature.toUpperCase();
  const urgent = call.priority <= 2;
  switch (code) {
    case 'FIRE':
      return [one('fire'), one('fire', call.priority > 1), one('ems', true)];
    case 'MEDICAL':
      // Denver Fire engines run first response on the most urgent medicals.
      return call.priority === 1 ? [one('ems'), one('fire', true)] : [one('ems')];
    case 'OD':
      return [one('ems'), law(true, true)];
    case 'SUICIDE':
      return [law(false, true), one('ems'), one('co_responder', true)];
    case 'TRAFFIC':
      return urgent ? [law(), one('ems', true)] : [law()];
    case 'SHOTS':
      return [law(), law(), law(true)];
    case 'DOMESTIC':
    case 'ASSAULT':
      return [law(), law(true)];
  }
  if (!isMentalHealthCall(call)) return [law()];

  const { weapons, violence } = call.mh;
  const danger = weapons === 'yes' || violence === 'yes';
  // Used only when the board has no recommendation yet (the real rules live in server/response-rules.json).
  if (weapons === 'no' && violence === 'no') {
    return [{ types: ['crisis_team', 'co_responder'], fallback: ['law'], preferCit: true }];
  }
  // Police first: the board refuses a civilian team on a call that needs police until police are on it.
  return danger ? [law(false, true), one('co_responder', true), law(true)] : [law(false, true), one('co_responder', true)];
}

export interface UnitPick {
  slot: number;
  unitId: string;
  metres: number;
}

/** CIT-trained officers are worth this much extra distance on a mental-health call. */
const CIT_BONUS = 1.5;

/**
 * The nearest free unit for every slot, each unit used once. `available` must hold only units
 * that may be sent (status available, no current call, with a position).
 */
export function chooseUnits(location: { lat: number; lon: number }, slots: readonly Slot[], available: readonly Unit[]): UnitPick[] {
  const taken = new Set<string>();
  const picks: UnitPick[] = [];
  const nearest = (types: readonly UnitType[], preferCit: boolean): { unit: Unit; metres: number } | null => {
    let best: { unit: Unit; metres: number; score: number } | null = null;
    for (const u of available) {
      if (taken.has(u.id) || !u.position || !types.includes(u.type)) continue;
      const metres = distanceMetres(u.position, location);
      const score = preferCit && u.type === 'law' && !u.capabilities.cit ? metres * CIT_BONUS : metres;
      if (!best || score < best.score) best = { unit: u, metres, score };
    }
    return best;
  };
  slots.forEach((slot, i) => {
    const found = nearest(slot.types, slot.preferCit ?? false) ?? (slot.fallback ? nearest(slot.fallback, slot.preferCit ?? false) : null);
    if (!found) return;
    taken.add(found.unit.id);
    picks.push({ slot: i, unitId: found.unit.id, metres: found.metres });
  });
  return picks;
}

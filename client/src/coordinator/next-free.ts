import type { TimerLimits } from '../../../shared/timers';
import type { ShiftWindow, Unit } from '../../../shared/unit';

/**
 * When a co-response team is likely to be free for the next call. Pure, so the rule a
 * coordinator plans by is tested. It is an estimate from the configured typical on-scene time,
 * not a promise: a team on scene past that time reads "any minute", not "free".
 */
export type NextFree =
  | { kind: 'now' }
  /** On scene: about this many minutes left of the type's typical on-scene time. */
  | { kind: 'minutes'; minutes: number }
  /** On scene past the typical time: could clear at any moment. */
  | { kind: 'overdue' }
  /** Dispatched or en route: travel left is unknown, so only "after the call". */
  | { kind: 'after_call' }
  | { kind: 'after_transport' }
  /** Off shift (or off duty with a shift): from the shift's start, local time. */
  | { kind: 'from'; clock: string }
  /** Off duty with no shift, or out of service: nobody can say. */
  | { kind: 'unknown'; why: 'off_duty' | 'out_of_service' };

export interface NextFreeInput {
  unit: Pick<Unit, 'type' | 'status' | 'statusSince' | 'shift'>;
  now: number;
  limits: Pick<TimerLimits, 'onSceneMinutes'>;
  /** Whether the unit is inside its shift window now (true when it has none). */
  onShift: boolean;
  /** The window it works: its own shift, else its type's hours of service; null when none. */
  window?: ShiftWindow | null;
}

export function nextFree({ unit, now, limits, onShift, window = unit.shift }: NextFreeInput): NextFree {
  const fromShift = (shift: ShiftWindow | null): NextFree | null => (shift ? { kind: 'from', clock: shift.start } : null);
  switch (unit.status) {
    case 'off_duty':
      return fromShift(window) ?? { kind: 'unknown', why: 'off_duty' };
    case 'out_of_service':
      return { kind: 'unknown', why: 'out_of_service' };
    case 'available':
      return onShift ? { kind: 'now' } : (fromShift(window) ?? { kind: 'now' });
    case 'dispatched':
    case 'enroute':
      return { kind: 'after_call' };
    case 'transporting':
      return { kind: 'after_transport' };
    case 'onscene': {
      const typical = limits.onSceneMinutes[unit.type];
      if (typical === undefined) return { kind: 'after_call' };
      const minutesOnScene = Math.max(0, (now - unit.statusSince) / 60_000);
      const left = Math.ceil(typical - minutesOnScene);
      return left > 0 ? { kind: 'minutes', minutes: left } : { kind: 'overdue' };
    }
  }
}

/** The estimate in a few words, for the roster's "Free" column. */
export function nextFreeText(estimate: NextFree): string {
  switch (estimate.kind) {
    case 'now':
      return 'Free now';
    case 'minutes':
      return `in ~${estimate.minutes} min`;
    case 'overdue':
      return 'Any minute (past typical time)';
    case 'after_call':
      return 'After this call';
    case 'after_transport':
      return 'After the transport';
    case 'from':
      return `From ${estimate.clock}`;
    case 'unknown':
      return estimate.why === 'off_duty' ? 'Off duty, no shift set' : 'Out of service';
  }
}

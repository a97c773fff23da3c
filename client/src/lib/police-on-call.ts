import type { CallSummary } from '../../../shared/changes';
import type { Unit, UnitStatus } from '../../../shared/unit';
import { UNIT_STATUS_LABEL } from './labels';

/** A police unit on a call: backup already sent, or there from the start. */
export interface PoliceOnCall {
  callsign: string;
  status: UnitStatus;
}

/**
 * The police units on a call, from the live roster. Every screen (the drawer, the coordinator's
 * roster, the board's check-in alert) reads backup from here, so once one screen sends it every
 * screen says so, and none offers it as if nobody were going.
 */
export function policeOnCall(call: Pick<CallSummary, 'assignedUnitIds'>, units: ReadonlyMap<string, Unit>): PoliceOnCall[] {
  return call.assignedUnitIds.flatMap((id) => {
    const unit = units.get(id);
    return unit?.type === 'law' ? [{ callsign: unit.callsign, status: unit.status }] : [];
  });
}

/** "6C11, en route; 6C12, on scene": who is going and where they are. */
export function policeText(police: readonly PoliceOnCall[]): string {
  return police.map((p) => `${p.callsign}, ${UNIT_STATUS_LABEL[p.status].toLowerCase()}`).join('; ');
}

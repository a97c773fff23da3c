import { UNIT_STATUSES, type Unit, type UnitStatus } from '../../../shared/unit';

/**
 * Units grouped by status, in the order a dispatcher reads them (free first, not working last),
 * each group longest-in-status first. Pure and O(n log n): run once per roster change, never per
 * position frame.
 */
export interface UnitGroup {
  status: UnitStatus;
  units: Unit[];
}

export function groupUnitsByStatus(units: Iterable<Unit>): UnitGroup[] {
  const groups = new Map<UnitStatus, Unit[]>(UNIT_STATUSES.map((s) => [s, []]));
  for (const unit of units) groups.get(unit.status)?.push(unit);
  return UNIT_STATUSES.map((status) => ({
    status,
    units: (groups.get(status) ?? []).sort((a, b) => a.statusSince - b.statusSince || a.callsign.localeCompare(b.callsign)),
  }));
}

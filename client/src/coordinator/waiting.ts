import { isOpenCall, type ResponseModel } from '../../../shared/call';
import type { CallSummary } from '../../../shared/changes';
import { isCoResponseType, type Unit, type UnitType } from '../../../shared/unit';
import { compareCalls } from '../lib/board-order';
import { travelMinutes, type Travel } from '../lib/unit-ranking';

/**
 * "MH calls waiting for a team": open mental-health calls that no co-responder or crisis team
 * is assigned to yet, most urgent and then oldest first, each with the server's recommendation
 * (response model and the teams it suggests, with a travel estimate from where they are now).
 */
export interface RecommendedTeam {
  unitId: string;
  /** The unit's callsign, or its id when it has left the roster. */
  callsign: string;
  type: UnitType | null;
  /** Estimated minutes to the call from the unit's current position; null when unknown. */
  minutes: number | null;
  /** Still free now: the recommendation may be older than the unit's last status change. */
  free: boolean;
  /** Already assigned to this very call (e.g. the CIT officer the recommendation named). */
  onThisCall: boolean;
}

export interface WaitingCall {
  call: CallSummary;
  waitingSeconds: number;
  /** Null until the server's recommender has looked at the call (within a second or two). */
  model: ResponseModel | null;
  rationale: string | null;
  recommended: RecommendedTeam[];
  /** Units already on the call that are not co-response (police, EMS). */
  others: string[];
  /** The call has waited while no team was free: it counts in today's unmet demand. */
  unmet: boolean;
}

export function needsTeam(call: CallSummary, units: ReadonlyMap<string, Unit>): boolean {
  if (!isOpenCall(call) || !call.mh.flagged) return false;
  return !call.assignedUnitIds.some((id) => {
    const unit = units.get(id);
    return unit !== undefined && isCoResponseType(unit.type);
  });
}

export function waitingForTeam(calls: Iterable<CallSummary>, units: ReadonlyMap<string, Unit>, travel: Travel | undefined, now: number): WaitingCall[] {
  const waiting: WaitingCall[] = [];
  for (const call of [...calls].sort(compareCalls)) {
    if (!needsTeam(call, units)) continue;
    const rec = call.mh.recommendation;
    waiting.push({
      call,
      waitingSeconds: Math.max(0, Math.floor((now - call.createdAt) / 1000)),
      model: rec?.model ?? null,
      rationale: rec?.rationale ?? null,
      recommended: (rec?.unitIds ?? []).map((unitId) => {
        const unit = units.get(unitId);
        return {
          unitId,
          callsign: unit?.callsign ?? unitId,
          type: unit?.type ?? null,
          minutes: unit?.position && travel ? travelMinutes(unit.position, call.location, travel) : null,
          free: unit?.status === 'available' && unit.currentCallId === null,
          onThisCall: call.assignedUnitIds.includes(unitId),
        };
      }),
      others: call.assignedUnitIds.flatMap((id) => {
        const unit = units.get(id);
        return unit ? [unit.callsign] : [];
      }),
      unmet: call.mh.unmetSince !== null,
    });
  }
  return waiting;
}

import type { Call, Disposition, YesNoUnknown } from '../../shared/call';
import type { UnitType } from '../../shared/unit';

/**
 * What the diversion figures need of one finished call, kept beside it (the `facts` field of its
 * hash, written by the commit that finishes it): a year of reports reads these, about 200 bytes
 * a call, not the calls with their timelines.
 */
export interface ReportFacts {
  createdAt: number;
  finishedAt: number;
  assignedAt: number | null;
  status: 'closed' | 'cancelled';
  disposition: Disposition | null;
  nature: string;
  mh: boolean;
  weapons: YesNoUnknown;
  violence: YesNoUnknown;
  unmetSince: number | null;
  served: { unitId: string; callsign: string; type: UnitType; at: number }[];
}

export function reportFactsOf(call: Call): ReportFacts {
  return {
    createdAt: call.createdAt,
    finishedAt: call.statusSince,
    assignedAt: call.assignedAt,
    status: call.status === 'cancelled' ? 'cancelled' : 'closed',
    disposition: call.disposition,
    nature: call.nature,
    mh: call.mh.flagged,
    weapons: call.mh.weapons,
    violence: call.mh.violence,
    unmetSince: call.mh.unmetSince,
    served: call.servedBy ?? [],
  };
}

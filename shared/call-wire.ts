import type { CallSummary } from './changes';

/**
 * A call summary as a live frame carries a call new to the screen: without the values every call
 * holds until something happens to it (no units, no disposition, nothing in the MH block's
 * lists, not MH-flagged, updated and in its status since it was created). A new call is most of what a busy
 * floor's frames carry, and about a third of its summary is these (issue 8: bytes per
 * dashboard). `expandCall` puts them back; the two are exact inverses.
 */
export type CompactCall = Partial<Omit<CallSummary, 'mh'>> & Pick<CallSummary, 'id' | 'createdAt'> & { mh: Partial<CallSummary['mh']> };

export function compactCall(call: CallSummary): CompactCall {
  const { updatedAt, statusSince, assignedUnitIds, disposition, assignedAt, version, mh, ...rest } = call;
  const { flagged, reasons, keywords, weapons, violence, recommendation, unmetSince, ...mhRest } = mh;
  const out: CompactCall = {
    ...rest,
    mh: {
      ...mhRest,
      ...(flagged ? { flagged } : {}),
      ...(reasons.length ? { reasons } : {}),
      ...(keywords.length ? { keywords } : {}),
      ...(weapons !== 'unknown' ? { weapons } : {}),
      ...(violence !== 'unknown' ? { violence } : {}),
      ...(recommendation !== null ? { recommendation } : {}),
      ...(unmetSince !== null ? { unmetSince } : {}),
    },
  };
  if (version !== 1) out.version = version;
  if (updatedAt !== call.createdAt) out.updatedAt = updatedAt;
  if (statusSince !== call.createdAt) out.statusSince = statusSince;
  if (assignedUnitIds.length) out.assignedUnitIds = assignedUnitIds;
  if (disposition !== null) out.disposition = disposition;
  if (assignedAt !== null) out.assignedAt = assignedAt;
  return out;
}

export function expandCall(c: CompactCall): CallSummary {
  const { mh, ...rest } = c;
  return {
    version: 1,
    updatedAt: c.createdAt,
    statusSince: c.createdAt,
    assignedUnitIds: [],
    disposition: null,
    assignedAt: null,
    ...(rest as Omit<CallSummary, 'mh' | 'version' | 'updatedAt' | 'statusSince' | 'assignedUnitIds' | 'disposition' | 'assignedAt'>),
    mh: { flagged: false, reasons: [], keywords: [], weapons: 'unknown', violence: 'unknown', recommendation: null, unmetSince: null, ...mh },
  };
}

import type { Call } from '../../shared/call';
import type { Unit } from '../../shared/unit';

/**
 * Whole, valid calls and units for unit tests, so a test names only the fields it is about.
 * Defaults: a pending P3 welfare check (MH-flagged by its nature, no weapons or violence) and an
 * available police unit with no position, both at version 1, at `T0`.
 */

export const T0 = 1_760_000_000_000;

export function makeCall(id: string, over: Partial<Call> = {}, mh: Partial<Call['mh']> = {}): Call {
  return {
    id,
    number: `2026-${id}`,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    updatedBy: 'test',
    statusSince: T0,
    priority: 3,
    nature: 'WELFARE',
    location: { lat: 39.74, lon: -104.99 },
    status: 'pending',
    assignedUnitIds: [],
    notes: [],
    timeline: [],
    disposition: null,
    assignedAt: null,
    callerPhone: null,
    externalId: null,
    mh: { flagged: true, reasons: ['nature'], keywords: [], weapons: 'no', violence: 'no', recommendation: null, unmetSince: null, ...mh },
    ...over,
  };
}

export function makeUnit(id: string, over: Partial<Unit> = {}): Unit {
  return {
    id,
    callsign: id.toUpperCase(),
    type: 'law',
    status: 'available',
    statusSince: T0,
    currentCallId: null,
    capabilities: { cit: false, clinician: false, paramedic: false, languages: [] },
    shift: null,
    lastCheckInAt: null,
    version: 1,
    updatedAt: T0,
    updatedBy: 'test',
    position: null,
    ...over,
  };
}

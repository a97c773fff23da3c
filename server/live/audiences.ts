import type { Call } from '../../shared/call';
import type { Change, ChangeBatch, Snapshot } from '../../shared/changes';
import type { Role } from '../../shared/roles';

/**
 * What each kind of screen may receive. A wall display on an open dispatch floor gets the city
 * at a glance and nothing about the people in it: no notes, caller phone, street address,
 * timeline, keywords or recommendation text; an MH flag only; and no user names (who last
 * changed a call or unit). Everyone else gets the full board.
 */
export type Audience = 'full' | 'wall';
export const AUDIENCES: readonly Audience[] = ['full', 'wall'];

export const audienceOf = (role: Role | 'ingest'): Audience => (role === 'wall' ? 'wall' : 'full');
export const roomOf = (audience: Audience): string => `aud:${audience}`;

/** A call with everything private removed; the shape stays a Call so one board code path reads both. */
export function redactCall(call: Call): Call {
  return {
    ...call,
    location: { lat: call.location.lat, lon: call.location.lon },
    notes: [],
    timeline: [],
    callerPhone: null,
    externalId: null,
    updatedBy: '',
    mh: { flagged: call.mh.flagged, reasons: [], keywords: [], weapons: 'unknown', violence: 'unknown', recommendation: null, unmetSince: call.mh.unmetSince },
  };
}

/** A unit without the name of whoever last changed it: who works the board is not the floor's business. */
export function redactUnit<U extends { updatedBy: string }>(unit: U): U {
  return { ...unit, updatedBy: '' };
}

export function redactChanges(changes: readonly Change[]): Change[] {
  const out: Change[] = [];
  for (const c of changes) {
    if (c.kind === 'call') out.push({ kind: 'call', call: redactCall(c.call) });
    else if (c.kind === 'unit') out.push({ kind: 'unit', unit: redactUnit(c.unit) });
    else if (c.kind !== 'recommendation') out.push(c); // advice names units and reasons: not for the wall
  }
  return out;
}

export function forAudience(batch: ChangeBatch, audience: Audience): ChangeBatch {
  return audience === 'full' ? batch : { ...batch, changes: redactChanges(batch.changes) };
}

export function snapshotFor(snapshot: Snapshot, audience: Audience): Snapshot {
  return audience === 'full' ? snapshot : { ...snapshot, calls: snapshot.calls.map(redactCall), units: snapshot.units.map(redactUnit) };
}

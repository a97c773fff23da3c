import { summarize, type CallSummary, type ChangeBatch, type LiveChange, type LiveState, type Snapshot } from '../../shared/changes';
import type { Destination } from '../../shared/destination';
import type { Role } from '../../shared/roles';

/**
 * What each kind of screen may receive. A wall display on an open dispatch floor gets the city
 * at a glance and nothing about the people in it: no notes, caller phone, street address,
 * timeline, keywords or recommendation text; an MH flag only; and no user names (who last
 * changed a call or unit). Admins get the same. Everyone else gets the full board.
 */
export type Audience = 'full' | 'wall';
export const AUDIENCES: readonly Audience[] = ['full', 'wall'];

/**
 * Admins see what the wall sees: their work (accounts, keys, audit) needs no caller data, and
 * the wall preview is all of the live board they may open.
 */
export const audienceOf = (role: Role | 'ingest'): Audience => (role === 'wall' || role === 'admin' ? 'wall' : 'full');
export const roomOf = (audience: Audience): string => `aud:${audience}`;

/**
 * A call summary with everything private removed; the shape stays a summary so one board code
 * path reads both. The caller's language is a fact about the household: not for the floor.
 */
export function redactCall({ language: _language, ...call }: CallSummary): CallSummary {
  return {
    ...call,
    location: { lat: call.location.lat, lon: call.location.lon },
    updatedBy: '',
    mh: {
      flagged: wallMayShowMh(call.mh),
      reasons: [],
      keywords: [],
      weapons: 'unknown',
      violence: 'unknown',
      recommendation: null,
      unmetSince: wallMayShowMh(call.mh) ? call.mh.unmetSince : null,
    },
  };
}

/**
 * Whether the open floor may see a call as mental-health related: not when only a household's
 * safety profile says so (that would show its registered condition at its own location on the
 * wall), only from the nature, the notes, or a dispatcher who flagged it.
 */
function wallMayShowMh(mh: CallSummary['mh']): boolean {
  return mh.flagged && mh.reasons.some((r) => r !== 'profile');
}

/**
 * A unit without the name of whoever last changed it (who works the board is not the floor's
 * business) nor where it is transporting someone (a detox or a psychiatric hospital says
 * something about the person in the back; the floor needs only that the unit is transporting).
 */
export function redactUnit<U extends { updatedBy: string; destinationId?: string | undefined }>({ destinationId: _d, ...unit }: U): U {
  return { ...unit, updatedBy: '' } as U;
}

/** A destination as the wall shows it: the facility and its beds are public, who updated them is not. */
export function redactDestination(destination: Destination): Destination {
  return { ...destination, updatedBy: '' };
}

export function redactChanges(changes: readonly LiveChange[]): LiveChange[] {
  const out: LiveChange[] = [];
  for (const c of changes) {
    if (c.kind === 'call') out.push({ kind: 'call', call: redactCall(c.call) });
    else if (c.kind === 'unit') out.push({ kind: 'unit', unit: redactUnit(c.unit) });
    else if (c.kind === 'destination') out.push({ kind: 'destination', destination: redactDestination(c.destination) });
    // Advice names units and reasons: not for the wall.
  }
  return out;
}

export function forAudience(batch: ChangeBatch, audience: Audience): ChangeBatch {
  return audience === 'full' ? batch : { ...batch, changes: redactChanges(batch.changes) };
}

/** The live state as an audience's screens receive it: calls as summaries, the wall's redacted. */
export function snapshotFor(state: LiveState, audience: Audience): Snapshot {
  const calls = state.calls.map(summarize);
  return audience === 'full'
    ? { ...state, calls }
    : { seq: state.seq, calls: calls.map(redactCall), units: state.units.map(redactUnit), destinations: state.destinations.map(redactDestination) };
}

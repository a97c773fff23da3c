import { isCoResponseType } from '../../shared/unit';
import { SIM_ACTOR, type SimContext } from './context';
import type { RosterEntry } from './fleet';
import type { Rng } from './random';
import { onShift } from '../../shared/clock';

/**
 * Puts the roster on the board: every roster unit that does not exist yet is created through
 * the commit path at a random place in the city. Units that exist (a restart on persisted
 * Redis data, or a roster edited by a supervisor) are reused as they are. Returns how many were created.
 */
export async function seedFleet(ctx: SimContext, roster: readonly RosterEntry[], rng: Rng): Promise<number> {
  let created = 0;
  const minute = ctx.minuteOfDay();
  for (const entry of roster) {
    // Drawn for every entry, so a seed places the same unit at the same spot whatever exists.
    const place = ctx.city.randomPlace(rng);
    if (ctx.feed.projection.units.has(entry.id)) continue;
    const offShift = isCoResponseType(entry.type) && !onShift(entry.shift, minute);
    const done = await ctx.guard.run(`create unit ${entry.callsign}`, () =>
      ctx.commands.putUnit(SIM_ACTOR, entry.id, {
        callsign: entry.callsign,
        type: entry.type,
        status: offShift ? 'off_duty' : 'available',
        position: { lat: place.lat, lon: place.lon },
        capabilities: entry.capabilities,
        shift: entry.shift,
      }),
    );
    if (done?.created) created++;
  }
  return created;
}

/** Waits (up to `timeoutMs`) until the projection shows every unit of the fleet. */
export async function untilProjected(ctx: SimContext, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const all = () => [...ctx.fleetIds].every((id) => ctx.feed.projection.units.has(id));
  while (!all() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

/**
 * Co-responders and crisis teams come on and go off duty with their shift windows. Only units
 * the simulator itself last changed are touched: a supervisor who keeps a team on past its
 * shift, or stands one down, is not overruled. A unit on a call finishes it first.
 */
export async function keepShifts(ctx: SimContext): Promise<void> {
  const minute = ctx.minuteOfDay();
  for (const id of ctx.fleetIds) {
    const u = ctx.feed.projection.units.get(id);
    if (!u || !isCoResponseType(u.type) || u.updatedBy !== SIM_ACTOR || !u.shift) continue;
    const on = onShift(u.shift, minute);
    const to = u.status === 'available' && u.currentCallId === null && !on ? 'off_duty' : u.status === 'off_duty' && on ? 'available' : null;
    if (to) await ctx.guard.run(`${u.callsign} ${to}`, () => ctx.commands.setUnitStatus(SIM_ACTOR, id, { status: to }));
  }
}

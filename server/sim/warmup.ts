import type { CreateCallInput } from '../../shared/call';
import { SIM_ACTOR, type SimContext } from './context';
import type { Dispatcher } from './dispatcher';
import type { Driver } from './driver';
import { offset } from './geometry';
import type { Rng } from './random';

/** Below this many open calls at start, the city gets a few at once. */
const MIN_OPEN_CALLS = 8;
const TARGET_OPEN_CALLS = 12;

/**
 * A new user must see a living city within seconds, not after the first calls trickle in. When
 * few calls are open at start, a handful are created at once: some still waiting in the queue,
 * some with units already rolling, some with units already on scene. Returns how many were created.
 */
export async function warmUp(ctx: SimContext, dispatcher: Dispatcher, driver: Driver, rng: Rng, generate: () => CreateCallInput): Promise<number> {
  const open = ctx.feed.projection.calls.size;
  if (open >= MIN_OPEN_CALLS) return 0;
  let created = 0;
  for (let i = open; i < TARGET_OPEN_CALLS; i++) {
    const result = await ctx.guard.run('create warm-up call', () => ctx.commands.createCall(SIM_ACTOR, generate(), 'cad'));
    if (!result) continue;
    created++;
    const stage = rng.weighted([
      ['queued', 0.3],
      ['rolling', 0.35],
      ['onscene', 0.35],
    ] as const);
    if (stage === 'queued') continue;
    const sent = await dispatcher.dispatch(result.call);
    for (const unitId of sent) {
      if (stage === 'rolling') {
        driver.hurry(unitId);
        continue;
      }
      const near = offset(result.call.location, rng.range(-40, 40), rng.range(-40, 40));
      await ctx.guard.run(`place ${unitId} on scene`, () => ctx.commands.updatePosition(SIM_ACTOR, unitId, { lat: near.lat, lon: near.lon }));
      await ctx.guard.run(`${unitId} onscene`, () => ctx.commands.setUnitStatus(SIM_ACTOR, unitId, { status: 'onscene' }));
    }
  }
  return created;
}

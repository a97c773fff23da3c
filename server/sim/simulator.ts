import type { CreateCallInput } from '../../shared/call';
import { natureOf } from '../../shared/natures';
import type { Commands } from '../commands/commands';
import type { Config } from '../config';
import type { LiveFeed } from '../live/live-feed';
import type { Logger } from '../log';
import { Arrivals } from './arrivals';
import { buildCity, NeighborhoodCity } from './city';
import { SimClock } from './clock';
import { SIM_ACTOR, type SimContext } from './context';
import { Dispatcher } from './dispatcher';
import { Driver } from './driver';
import { buildRoster } from './fleet';
import { keepShifts, seedFleet, untilProjected } from './fleet-keeper';
import { CommandGuard } from './guard';
import { generateCall } from './natures';
import { Rng } from './random';
import { localMinuteOfDay } from './shifts';
import { warmUp } from './warmup';

export interface SimulatorDeps {
  commands: Commands;
  feed: LiveFeed;
  config: Config['sim'];
  log: Logger;
  /** Denver's neighborhoods; default shared/geo/denver-neighborhoods.geojson from the working directory. */
  geojsonPath?: string;
  /** How often a civilian team on scene must check in (minutes, the response rules'); default 20. */
  checkInMinutes?: number;
  /** Real milliseconds per tick; default 1000 (one position per moving unit per real second). */
  tickMs?: number;
}

export interface Simulator {
  stop(): Promise<void>;
}

/** At most this many new calls per tick, however fast the clock runs. */
const MAX_NEW_CALLS_PER_TICK = 20;
/** How often (real ms) the simulator says what the city looks like. */
const SUMMARY_EVERY_MS = 5 * 60_000;

/**
 * Starts the simulated city: seeds the fleet, makes the board busy at once if it is quiet, then
 * runs one tick per real second (new calls, dispatching, driving, shifts), every change through
 * the same Commands as REST and socket input. `stop()` ends the loop and waits for the tick in flight.
 */
export async function startSimulator(deps: SimulatorDeps): Promise<Simulator> {
  const { config, log } = deps;
  const root = new Rng(config.seed);
  const city = buildCity({ center: config.center, radiusKm: config.radiusKm, geojsonPath: deps.geojsonPath }, root.fork('city'), (why) =>
    log.warn(`sim: ${why}`),
  );
  const clock = new SimClock(config.speed);
  const roster = buildRoster(config.fleetScale, root.fork('fleet'));
  const timeZone = city instanceof NeighborhoodCity ? 'America/Denver' : null;
  const ctx: SimContext = {
    checkInEveryMs: (deps.checkInMinutes ?? 20) * 60_000,
    autoDispatch: config.autoDispatch,
    commands: deps.commands,
    feed: deps.feed,
    city,
    clock,
    guard: new CommandGuard(log),
    fleetIds: new Set(roster.map((r) => r.id)),
    minuteOfDay: () => localMinuteOfDay(clock.epochMs, config.center, timeZone),
    log,
  };

  const callRng = root.fork('calls');
  const stats = { calls: 0, mh: 0 };
  const generate = (): CreateCallInput => {
    const call = generateCall(callRng, city);
    stats.calls++;
    if (natureOf(call.nature).mh) stats.mh++;
    return call;
  };

  const created = await seedFleet(ctx, roster, root.fork('fleet-positions'));
  await untilProjected(ctx, 3000);
  const dispatcher = new Dispatcher(ctx, root.fork('dispatch'));
  const driver = new Driver(ctx, root.fork('driving'));
  const warm = await warmUp(ctx, dispatcher, driver, root.fork('warm-up'), generate);
  const arrivals = new Arrivals(root.fork('arrivals'), config.callsPerHour, clock.seconds);

  log.info(
    `sim: ${city.description}; ${roster.length} units (${created} new), ${warm} calls to start with; ` +
      `${config.callsPerHour} calls/h at ${config.speed}x speed; seed ${config.seed}`,
  );

  let stopped = false;
  let lastSummary = Date.now();
  const tick = async () => {
    clock.advance();
    for (let n = arrivals.take(clock.seconds, MAX_NEW_CALLS_PER_TICK); n > 0 && !stopped; n--) {
      await ctx.guard.run('create call', () => deps.commands.createCall(SIM_ACTOR, generate(), 'cad'));
    }
    if (!stopped) await dispatcher.tick();
    if (!stopped) await driver.tick();
    if (!stopped) await keepShifts(ctx);
    if (Date.now() - lastSummary >= SUMMARY_EVERY_MS) {
      lastSummary = Date.now();
      log.info(summary(ctx, stats));
    }
  };

  let inFlight: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (stopped || inFlight) return; // a slow tick is not overlapped: the next one catches up on time
    inFlight = tick()
      .catch((err: unknown) => log.warn('sim: tick failed; the simulator carries on', err))
      .finally(() => (inFlight = null));
  }, deps.tickMs ?? 1000);
  timer.unref?.();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}

function summary(ctx: SimContext, stats: { calls: number; mh: number }): string {
  const calls = [...ctx.feed.projection.calls.values()];
  const pending = calls.filter((c) => c.status === 'pending').length;
  let busy = 0;
  let free = 0;
  for (const id of ctx.fleetIds) {
    const u = ctx.feed.projection.units.get(id);
    if (u?.currentCallId) busy++;
    else if (u?.status === 'available') free++;
  }
  const share = stats.calls > 0 ? Math.round((100 * stats.mh) / stats.calls) : 0;
  return `sim: ${calls.length} open calls (${pending} waiting); units ${busy} on calls, ${free} free; ${stats.calls} calls made, ${share}% mental-health`;
}

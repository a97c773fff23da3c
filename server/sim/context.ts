import type { Commands } from '../commands/commands';
import type { LiveFeed } from '../live/live-feed';
import type { Logger } from '../log';
import type { City } from './city';
import type { SimClock } from './clock';
import type { CommandGuard } from './guard';

/** What every running part of the simulator shares. */
export interface SimContext {
  /** The only way the simulator changes state: the same commit path as the REST API. */
  commands: Commands;
  /** Where it reads the current state (the projection) from. */
  feed: LiveFeed;
  city: City;
  clock: SimClock;
  guard: CommandGuard;
  /** Ids of the units the simulator drives; units created by anyone else are left alone. */
  fleetIds: ReadonlySet<string>;
  /** Which pending calls the simulated dispatcher takes (SIM_AUTODISPATCH). */
  autoDispatch: 'own' | 'all' | 'off';
  /** How often a civilian team on scene must check in, in real ms (the response rules' timers). */
  checkInEveryMs: number;
  /** The city's local minute of the day in simulated time (for shift windows). */
  minuteOfDay(): number;
  log: Logger;
}

/** Every command the simulator makes is attributed to this actor. */
export const SIM_ACTOR = 'sim';

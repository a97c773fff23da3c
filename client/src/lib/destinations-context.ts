import { getContext, setContext } from 'svelte';
import type { Destination } from '../../../shared/destination';

const KEY = Symbol('destinations');
const NONE: ReadonlyMap<string, Destination> = new Map();

/**
 * The live screen's transport destinations, for parts deep inside it (a unit row in the call
 * drawer asks where a transport goes, and says where it is going) without threading them through
 * every component between. Provided by LiveScreen while the screen's component is created.
 */
export function provideDestinations(read: () => ReadonlyMap<string, Destination>): void {
  setContext(KEY, read);
}

/** The destinations of the screen this component is in; none outside a live screen. */
export function destinationsInScreen(): () => ReadonlyMap<string, Destination> {
  return getContext<(() => ReadonlyMap<string, Destination>) | undefined>(KEY) ?? (() => NONE);
}

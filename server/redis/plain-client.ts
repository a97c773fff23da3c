import { createClient } from 'redis';

/** One ordinary node-redis connection to one server, set up as every Tandem connection is. */
export function makeClient(url: string, name: string) {
  return createClient({
    url,
    name,
    disableOfflineQueue: true,
    // node-redis' per-command timeout starts a timer for every command (an AbortSignal.timeout,
    // about 40 us each on a busy 2-core machine) and stops watching a command once it is
    // written, so it never fires for a Redis that accepted the bytes and went quiet. The stall
    // watchdog below covers that case with one PING at a time instead.
    commandOptions: { timeout: undefined },
    socket: {
      connectTimeout: 5000,
      // Keep retrying forever, backing off to 2 s: the board recovers by itself when Redis returns.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
    },
  });
}

/** The Redis client type every store and service uses. */
export type RedisClient = ReturnType<typeof makeClient>;

import { createClient } from 'redis';

function makeClient(url: string, name: string) {
  return createClient({
    url,
    name,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5000,
      // Keep retrying forever, backing off to 2 s: the board recovers by itself when Redis returns.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
    },
  });
}

export type RedisClient = ReturnType<typeof makeClient>;

/**
 * Connects to Redis. Commands fail at once while the connection is down (no offline queue):
 * a dispatcher must learn immediately that a write did not happen, not have it replayed later.
 */
export async function connectRedis(url: string, name: string, onError: (err: Error) => void): Promise<RedisClient> {
  const client = makeClient(url, name);
  client.on('error', onError);
  await client.connect();
  return client;
}

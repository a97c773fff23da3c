import { makeClient, type RedisClient } from './plain-client';
import { PrimaryFollower } from './primary-follower';
import { PrimaryWatch, type HostPort } from './sentinel';

/** One Redis at a URL, or the primary a set of Redis Sentinels names. */
export type RedisTarget = string | SentinelTarget;

/** A Sentinel deployment: where its sentinels listen, the name they monitor, and the passwords. */
export interface SentinelTarget {
  sentinels: HostPort[];
  name: string;
  /** The Redis servers' password (their `requirepass`, and the replica's `masterauth`). */
  password?: string;
  /** The sentinels' own password, if they have one. */
  sentinelPassword?: string;
}

/** How long Redis may leave a command unanswered before the connection counts as stalled. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 3_000;
/** How often the stall watchdog looks. */
const WATCH_EVERY_MS = 500;

export type { RedisClient };

/**
 * Bounded waits at no cost per command. Redis answers in order on a connection, so if a PING
 * sent now is still unanswered after `timeoutMs`, every command sent before it is stuck too
 * (Redis paused, overloaded, a network that swallows packets). Then the connection is dropped
 * and opened again: every waiting command fails at once (its request answers 503), new ones
 * fail fast until Redis answers the reconnect, and nothing piles up in memory meanwhile.
 */
function watchStalls(client: RedisClient, timeoutMs: number, onStall: (err: Error) => void): void {
  let pingSentAt: number | null = null;
  let reopening = false;
  const timer = setInterval(() => {
    if (reopening) return;
    // Closed by its owner (quit, destroy): the watch ends with it.
    if (!client.isOpen) return clearInterval(timer);
    if (!client.isReady) return;
    const now = Date.now();
    if (pingSentAt === null) {
      pingSentAt = now;
      client.ping().then(
        () => (pingSentAt = null),
        () => (pingSentAt = null),
      );
      return;
    }
    if (now - pingSentAt < timeoutMs) return;
    pingSentAt = null;
    reopening = true;
    onStall(new Error(`Redis did not answer for ${timeoutMs} ms; reconnecting`));
    client.destroy();
    client
      .connect()
      .catch((err: unknown) => onStall(err instanceof Error ? err : new Error(String(err))))
      .finally(() => (reopening = false));
  }, WATCH_EVERY_MS);
  timer.unref();
}

const hostText = (at: HostPort): string => `${at.host.includes(':') ? `[${at.host}]` : at.host}:${at.port}`;
const urlOf = (at: HostPort, password?: string): string => `redis://${password ? `:${encodeURIComponent(password)}@` : ''}${hostText(at)}`;

/** One watch per Sentinel deployment, however many connections follow it. */
const watches = new Map<string, PrimaryWatch>();
function watchFor(target: SentinelTarget, onError: (err: Error) => void): PrimaryWatch {
  const id = `${target.name}@${target.sentinels.map(hostText).join(',')}`;
  let watch = watches.get(id);
  if (!watch) {
    watch = new PrimaryWatch(target.sentinels, target.name, target.sentinelPassword);
    watches.set(id, watch);
  }
  if (!watch.listeners('error').includes(onError)) watch.on('error', onError);
  return watch;
}

/**
 * Connects to Redis. Commands fail at once while the connection is down (no offline queue):
 * a dispatcher must learn immediately that a write did not happen, not have it replayed later.
 * While it is up but Redis does not answer (paused, overloaded), waiting commands fail within
 * about `commandTimeoutMs` (see watchStalls), so no request hangs.
 */
export async function connectRedis(
  target: RedisTarget,
  name: string,
  onError: (err: Error) => void,
  opts: { commandTimeoutMs?: number } = {},
): Promise<RedisClient> {
  const timeoutMs = opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  if (typeof target === 'string') {
    const client = makeClient(target, name);
    client.on('error', onError);
    await client.connect();
    watchStalls(client, timeoutMs, onError);
    return client;
  }
  // With Sentinel, each connection to the current primary is an ordinary one, watched the same way.
  const follower = new PrimaryFollower(watchFor(target, onError), (at) => {
    const client = makeClient(urlOf(at, target.password), name);
    client.once('ready', () => watchStalls(client, timeoutMs, onError));
    return client;
  });
  follower.client.on('error', onError);
  return follower.client.connect();
}

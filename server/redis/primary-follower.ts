import { EventEmitter } from 'node:events';
import type { RedisClient } from './plain-client';
import { addressText, type HostPort, type PrimaryWatch } from './sentinel';

/** How a follower makes (and watches) a plain connection to one server: see connectRedis. */
export type OpenConnection = (at: HostPort) => RedisClient;

type Subscribe = 'subscribe' | 'pSubscribe' | 'sSubscribe' | 'SUBSCRIBE' | 'PSUBSCRIBE' | 'SSUBSCRIBE';
const SUBSCRIBES = new Set<string | symbol>(['subscribe', 'pSubscribe', 'sSubscribe', 'SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE']);
const UNSUBSCRIBES = new Set<string | symbol>(['unsubscribe', 'pUnsubscribe', 'sUnsubscribe', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE']);
const LISTENING = new Set<string | symbol>(['on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners']);
const CLOSING = new Set<string | symbol>(['quit', 'close', 'destroy', 'disconnect']);
const FORWARDED_EVENTS = ['error', 'ready', 'connect', 'end', 'reconnecting'];
/** How long opening a connection to a new primary may take, and the pause before trying again. */
const SWITCH_TIMEOUT_MS = 5_000;
const RETRY_SWITCH_MS = 500;

const followers = new WeakMap<object, PrimaryFollower>();

/**
 * The connection commands go to right now: the follower's current one for a Sentinel-followed
 * client, the client itself otherwise. A write and the WAIT that confirms it must share one.
 */
export function currentConnection(client: RedisClient): RedisClient {
  return followers.get(client)?.connection ?? client;
}

/**
 * One Redis client, as the rest of Tandem sees it, that always talks to the primary Sentinel
 * names. node-redis fixes a client's address when it is made, so when the primary changes the
 * follower opens a connection to the new one, re-makes its subscriptions there, switches to it
 * and drops the old one (whose waiting commands fail: their requests answer 503). Everything
 * else (commands, MULTI, scripts) is the current node-redis client's own, reached through a
 * Proxy, so the stores keep one client type whether or not Sentinel is in use.
 */
export class PrimaryFollower {
  readonly client: RedisClient;
  private current: RedisClient | null = null;
  private at: HostPort | null = null;
  private readonly events = new EventEmitter();
  private readonly subscriptions: { method: Subscribe; args: unknown[] }[] = [];
  private release: (() => void) | null = null;
  private switching: Promise<void> | null = null;
  /** The primary Sentinel named last (followed once the current switch, if any, ends). */
  private wanted: HostPort | null = null;
  private closed = false;

  constructor(
    private readonly watch: PrimaryWatch,
    private readonly open: OpenConnection,
  ) {
    this.events.on('error', () => undefined); // node's EventEmitter throws on an unheard 'error'
    // What callers define on the client themselves (app.ts wraps `publish`) is theirs to keep.
    this.client = new Proxy({} as RedisClient, { get: (own, prop) => (Object.hasOwn(own, prop) ? Reflect.get(own, prop) : this.member(prop)) });
    followers.set(this.client, this);
  }

  get connection(): RedisClient {
    if (!this.current) throw new Error('Redis (Sentinel) connection used before connect()');
    return this.current;
  }

  async connect(): Promise<RedisClient> {
    // Listening first: a switch announced while the first connection opens is not missed.
    this.watch.on('primary', this.onPrimary);
    this.release = this.watch.hold();
    const at = await this.watch.primary();
    this.current = await this.opened(at);
    this.at = at;
    this.follow();
    return this.client;
  }

  private readonly onPrimary = (at: HostPort): void => {
    this.wanted = at;
    this.follow();
  };

  /** Moves to the primary Sentinel last named, one switch at a time, until it is there. */
  private follow(): void {
    if (this.closed || this.switching || !this.current) return;
    const at = this.wanted;
    if (!at || (this.at && addressText(at) === addressText(this.at))) return;
    // When the switch ends, look again: the primary may have moved once more meanwhile.
    this.switching = this.switchTo(at).finally(() => {
      this.switching = null;
      this.follow();
    });
  }

  private async switchTo(at: HostPort): Promise<void> {
    let next: RedisClient | null = null;
    try {
      next = await this.opened(at);
      for (const s of this.subscriptions) await (next[s.method] as (...a: unknown[]) => Promise<unknown>)(...s.args);
      if (this.closed) return next.destroy(); // closed while switching: nothing may reopen
      const old = this.current;
      this.current = next;
      this.at = at;
      this.events.emit('ready');
      old?.destroy();
    } catch (err) {
      next?.destroy();
      // Until a switch succeeds, commands go to the old address and fail fast; try again shortly.
      this.events.emit('error', new Error(`could not switch to the new Redis primary ${addressText(at)}: ${(err as Error).message}`));
      await new Promise((r) => setTimeout(r, RETRY_SWITCH_MS).unref());
    }
  }

  /** A connection to `at`, open and ready, or an error within SWITCH_TIMEOUT_MS (the connection then closed). */
  private async opened(at: HostPort): Promise<RedisClient> {
    const c = this.open(at);
    for (const e of FORWARDED_EVENTS) c.on(e, (...args: unknown[]) => c === this.current && this.events.emit(e, ...args));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        c.connect(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no connection within ${SWITCH_TIMEOUT_MS} ms`)), SWITCH_TIMEOUT_MS))),
      ]);
      return c;
    } catch (err) {
      c.destroy();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private stop(): void {
    this.closed = true;
    this.watch.off('primary', this.onPrimary);
    this.release?.();
  }

  /** What `client.<prop>` means for a followed client. */
  private member(prop: string | symbol): unknown {
    if (prop === 'then') return undefined; // not a thenable: `await follower.client` is the client
    if (prop === 'connect') return () => this.connect();
    if (prop === 'duplicate') return () => new PrimaryFollower(this.watch, this.open).client;
    if (LISTENING.has(prop)) {
      return (...args: unknown[]) => {
        (this.events[prop as 'on'] as (...a: unknown[]) => unknown).apply(this.events, args);
        return this.client;
      };
    }
    if (prop === 'isOpen' || prop === 'isReady') return this.current?.[prop] ?? false;
    if (CLOSING.has(prop)) {
      return (...args: unknown[]) => {
        this.stop();
        return this.current ? (this.current[prop as 'destroy'] as (...a: unknown[]) => unknown)(...args) : undefined;
      };
    }
    if (SUBSCRIBES.has(prop)) {
      return (...args: unknown[]) => {
        this.subscriptions.push({ method: prop as Subscribe, args });
        return this.call(prop, args);
      };
    }
    if (UNSUBSCRIBES.has(prop)) {
      return (...args: unknown[]) => {
        // Forgetting all of a kind is what the adapter does on close; that is all we need to mirror.
        const kind = String(prop).toLowerCase().replace('un', '');
        for (let i = this.subscriptions.length - 1; i >= 0; i--) {
          if (this.subscriptions[i]!.method.toLowerCase() === kind && (args[0] === undefined || sameChannels(this.subscriptions[i]!.args[0], args[0])))
            this.subscriptions.splice(i, 1);
        }
        return this.call(prop, args);
      };
    }
    const value = this.current ? (Reflect.get(this.current, prop, this.current) as unknown) : undefined;
    // A method is looked up on the connection current when it is called, not when it was read:
    // code that keeps `client.publish` (the Socket.IO adapter does) must follow a switch too.
    return typeof value === 'function' || !this.current ? (...args: unknown[]) => this.call(prop, args) : value;
  }

  private call(prop: string | symbol, args: unknown[]): unknown {
    const c = this.connection;
    return (Reflect.get(c, prop, c) as (...a: unknown[]) => unknown).apply(c, args);
  }
}

function sameChannels(a: unknown, b: unknown): boolean {
  return JSON.stringify([a].flat()) === JSON.stringify([b].flat());
}

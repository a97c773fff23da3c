import { io, type Socket } from 'socket.io-client';
import type { Snapshot } from '../../shared/changes';
import type { DispatchStats } from '../../shared/stats';
import { PROTOCOL_VERSION, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents } from '../../shared/events';
import { decodeSnapshot } from '../../shared/snapshot-codec';
import { defaultCookie } from './server';
import { applyBatches, fromSnapshot, type LiveData } from '../../client/src/lib/apply-changes';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A board as the tests see it: a real socket.io-client that applies snapshots and batches with
 * the board's own pure state functions and resumes on a gap, like the browser does.
 */
export class TestLiveClient {
  readonly socket: ClientSocket;
  state: LiveData | null = null;
  /** The history the state belongs to (from the last snapshot). */
  history: string | undefined;
  /** What the server last said of its data ('server:status'). */
  serverLive: boolean | null = null;
  stats: DispatchStats | null = null;
  snapshots = 0;
  batches = 0;
  /** How many live changes of each kind arrived (e.g. how many calls came as patches). */
  readonly kinds = new Map<string, number>();
  private waiters = new Set<() => void>();

  /** `initialState`: what the board held before (re)connecting, as a browser keeps it across a drop. */
  /** `cookie`: the session to connect as; default the test server's supervisor. */
  /** `history`: the history a resume claims (default: the one of the last snapshot). */
  constructor(
    url: string,
    opts: {
      resumeFrom?: () => number | undefined;
      history?: string;
      protocol?: number;
      autoConnect?: boolean;
      initialState?: LiveData;
      cookie?: string;
      origin?: string;
    } = {},
  ) {
    this.state = opts.initialState ?? null;
    const cookie = opts.cookie ?? defaultCookie(url);
    this.socket = io(url, {
      extraHeaders: { ...(cookie ? { cookie } : {}), ...(opts.origin ? { origin: opts.origin } : {}) },
      transports: ['websocket'],
      reconnection: false,
      autoConnect: opts.autoConnect ?? true,
      auth: (cb: (auth: HandshakeAuth) => void) => {
        const seq = opts.resumeFrom ? opts.resumeFrom() : this.state?.seq;
        const protocol = opts.protocol ?? PROTOCOL_VERSION;
        cb(seq === undefined ? { protocol } : { protocol, resumeFrom: seq, history: opts.history ?? this.history });
      },
    });
    // Snapshots inflate asynchronously; what arrives after one waits for it, as in the browser.
    let inOrder: Promise<void> = Promise.resolve();
    this.socket.on('state:snapshot', (encoded) => {
      inOrder = inOrder.then(async () => {
        const snapshot: Snapshot = await decodeSnapshot(encoded);
        this.snapshots++;
        this.history = encoded.history;
        this.state = fromSnapshot(snapshot);
        this.notify();
      });
    });
    this.socket.on('server:status', (status) => {
      this.serverLive = status.live;
      this.notify();
    });
    this.socket.on('stats:update', (stats) => {
      this.stats = stats;
      this.notify();
    });
    this.socket.on('state:changes', (batch) => {
      inOrder = inOrder.then(() => {
        this.batches++;
        for (const c of batch.changes) this.kinds.set(c.kind, (this.kinds.get(c.kind) ?? 0) + 1);
        if (!this.state) return;
        const out = applyBatches(this.state, [batch]);
        this.state = out.state;
        if (out.gap) this.socket.emit('state:resume', { seq: this.state.seq, history: this.history });
        this.notify();
      });
    });
  }

  private notify(): void {
    for (const w of this.waiters) w();
  }

  /** Resolves once `predicate` holds for the client's state; fails after `timeoutMs` saying what it waited for. */
  waitFor(what: string, predicate: (s: LiveData) => boolean, timeoutMs = 10_000): Promise<LiveData> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.state && predicate(this.state)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(this.state);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; client at seq ${this.state?.seq ?? 'none'}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Waits until the client holds state at exactly `seq`. */
  waitForSeq(seq: number, timeoutMs?: number): Promise<LiveData> {
    return this.waitFor(`seq ${seq}`, (s) => s.seq >= seq, timeoutMs);
  }

  close(): void {
    this.socket.close();
  }
}

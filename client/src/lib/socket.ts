import { io, type Socket } from 'socket.io-client';
import type { ChangeBatch, Snapshot } from '../../../shared/changes';
import { PROTOCOL_VERSION, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents } from '../../../shared/events';
import { decodeSnapshot, type EncodedSnapshot } from '../../../shared/snapshot-codec';
import { createCommands, type BoardCommands } from './command-sender';
import type { Connection } from './connection.svelte';
import { FrameQueue } from './frame-queue';
import type { LiveState } from './live-state.svelte';
import { ResumeGuard } from './resume-guard';
import type { Session } from './session.svelte';
import type { Stats } from './stats.svelte';

export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What arrived from the server, waiting for the next animation frame (snapshots already inflated). */
type Incoming = { kind: 'snapshot'; snapshot: Snapshot; history: string } | { kind: 'batch'; batch: ChangeBatch };

/** After the server itself disconnects us (restart, kick), Socket.IO does not retry: we do. */
const MANUAL_RECONNECT_MS = 2_000;

/** Where what arrives on the socket goes. */
export interface SocketSinks {
  live: LiveState;
  connection: Connection;
  session: Session;
  stats: Stats;
  /**
   * The server ended this session or no longer accepts it (signed out, idle, key revoked): the
   * socket stops for good and the page should go to sign-in. Never retried: it cannot succeed.
   */
  onEnded: (reason: string) => void;
}

export interface BoardConnection {
  stop: () => void;
  /** Board commands over this connection; the socket itself stays private to this module. */
  commands: BoardCommands;
  /** Tells the server the user is active (idle sign-out); false when offline, so nothing was sent. */
  reportActivity: () => boolean;
}

/** What a refused handshake carries in `err.data.code` (see server/realtime/handshake.ts). */
function refusalCode(error: Error): string | undefined {
  const data = (error as Error & { data?: unknown }).data;
  return typeof data === 'object' && data !== null && 'code' in data && typeof data.code === 'string' ? data.code : undefined;
}

/**
 * The one owner of the Socket.IO connection: feeds snapshots and change batches into the live
 * state (at most once per frame), keeps the sequence numbers continuous by resuming after a
 * gap, and tells the connection indicator what is going on. Hands out typed board commands
 * rather than the socket, so nothing else can emit or listen behind its back.
 */
export function startSocket({ live, connection, session, stats, onEnded }: SocketSinks): BoardConnection {
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once the session is over: no reconnects after that, whatever the socket says. */
  let ended = false;

  const queue = new FrameQueue<Incoming>(applyIncoming);
  // Declared before the socket: its send function only reads `socket` when a gap is seen.
  const resume = new ResumeGuard(
    (seq) => {
      // Offline, an emit would be buffered and sent after the reconnect handshake, which
      // already resumes: a second replay would be wasted work for the server.
      if (!socket.connected) return false;
      socket.emit('state:resume', { seq, history: live.history ?? undefined });
      return true;
    },
    () => live.seq,
  );

  const socket: BoardSocket = io({
    // A function, so every reconnect sends the sequence number applied *then*: the server
    // replays only what we missed instead of sending a whole snapshot.
    auth: (cb) => {
      queue.flushNow();
      resume.settle();
      const auth: HandshakeAuth =
        live.seq === null ? { protocol: PROTOCOL_VERSION } : { protocol: PROTOCOL_VERSION, resumeFrom: live.seq, history: live.history ?? undefined };
      cb(auth);
    },
    reconnectionDelayMax: 5_000,
    // WebSocket first: behind a load balancer without sticky sessions, long-polling's several
    // requests land on different instances and never connect. Polling stays as the fallback
    // for networks that block WebSockets (tryAllTransports: without it engine.io gives up after
    // the first transport fails; those networks need sticky sessions, see the README).
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  });

  function applyIncoming(items: Incoming[]): void {
    // Only the last snapshot matters: it replaces everything queued before it, and decoding
    // an earlier one would be wasted work.
    let start = 0;
    let snapshot: { snapshot: Snapshot; history: string } | null = null;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (item?.kind === 'snapshot') {
        start = i + 1;
        snapshot = item;
        break;
      }
    }
    if (snapshot) {
      live.applySnapshot(snapshot.snapshot, snapshot.history);
      resume.settle();
    }
    const batches: ChangeBatch[] = [];
    for (const item of items.slice(start)) if (item.kind === 'batch') batches.push(item.batch);
    const outcome = live.applyBatches(batches);
    if (outcome && outcome.applied > 0) resume.settle();
    if (outcome?.gap && live.seq !== null) {
      resume.request(live.seq);
      connection.markLost();
    } else if ((snapshot || outcome) && socket.connected && !resume.pending) {
      connection.markLive();
    }
  }

  /**
   * Snapshots are inflated off the socket's handler (decompression is asynchronous); while one
   * is being inflated, what arrives after it waits behind it, so the frame queue always sees
   * the server's order. Otherwise batches go straight to the queue.
   */
  let inflating: Promise<void> | null = null;
  const inOrder = (deliver: () => Promise<void> | void) => {
    const step = inflating ? inflating.then(deliver) : deliver();
    if (!step) return;
    const tail: Promise<void> = step.finally(() => {
      if (inflating === tail) inflating = null;
    });
    inflating = tail;
  };

  socket.on('state:snapshot', (encoded: EncodedSnapshot) =>
    inOrder(() =>
      decodeSnapshot(encoded).then(
        (snapshot) => {
          if (!stopped) queue.push({ kind: 'snapshot', snapshot, history: encoded.history });
        },
        (error: unknown) => {
          // An undecodable snapshot leaves us with nothing trustworthy: reconnect for a fresh one.
          console.error('Undecodable snapshot; reconnecting', error);
          socket.disconnect();
          scheduleReconnect();
        },
      ),
    ),
  );
  socket.on('state:changes', (batch) =>
    inOrder(() => {
      if (!stopped) queue.push({ kind: 'batch', batch });
    }),
  );
  // Small and rare: applied at once, not through the frame queue.
  socket.on('session:info', (info) => session.apply(info));
  // The server disconnects us right after this; reconnecting would only be refused.
  socket.on('session:ended', (info) => end(info.reason));
  socket.on('stats:update', (update) => stats.apply(update));
  // The server's word on its data: the socket can be up while Redis is down or a reload runs.
  socket.on('server:status', (status) => {
    if (!status.live) return connection.serverDown(status.reason ?? 'the server says its data is not live', status.since);
    connection.serverUp();
    if (socket.connected && !resume.pending && live.seq !== null) connection.markLive();
  });

  socket.on('connect', () => {
    connection.clearRefusal();
    // The handshake already carried our resume point; the replay (or a snapshot) follows.
    // Before the first snapshot we stay "connecting" until it arrives.
    if (live.seq !== null) connection.markLive();
  });

  socket.on('disconnect', (reason) => {
    connection.markLost();
    if (reason === 'io server disconnect') scheduleReconnect();
  });

  socket.on('connect_error', (error) => {
    const code = refusalCode(error);
    if (code === 'unauthorized') return end(error.message);
    // The server runs another version of Tandem: this page must load the new build. A wall
    // left open across an upgrade comes back by itself.
    if (code === 'reload') return location.reload();
    connection.markLost();
    // Another origin: retrying will not help until an administrator allows it, so say why
    // instead of "reconnecting" forever (we still retry, in case they do).
    if (code === 'forbidden') connection.refuse(error.message);
    // A refused handshake (middleware error) leaves the socket inactive: a wall display
    // must still come back by itself once the server accepts it again.
    if (!socket.active) scheduleReconnect();
  });

  function end(reason: string): void {
    if (ended) return;
    ended = true;
    stop();
    onEnded(reason);
  }

  function scheduleReconnect(): void {
    // Not after stop(): a snapshot that fails to inflate after the page left must not reopen a
    // socket nobody listens to (and nobody can close).
    if (ended || stopped || reconnectTimer !== undefined) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (!socket.connected) socket.connect();
    }, MANUAL_RECONNECT_MS);
  }

  let stopped = false;
  const stop = () => {
    // Called by the session ending and again by the page that owns the socket: once is enough.
    if (stopped) return;
    stopped = true;
    if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
    resume.dispose();
    queue.dispose();
    socket.removeAllListeners();
    socket.disconnect();
  };
  const reportActivity = (): boolean => {
    if (!socket.connected) return false;
    socket.emit('session:activity');
    return true;
  };
  return { stop, commands: createCommands(socket), reportActivity };
}

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Call, CallStatus } from '../../shared/call';
import { summarize, toPositionTuple, type ChangeBatch, type LiveChange, type ResumeRequest, type Snapshot } from '../../shared/changes';
import type { Position } from '../../shared/geo';
import { PROTOCOL_VERSION, type ClientToServerEvents, type HandshakeAuth, type ServerToClientEvents } from '../../shared/events';
import type { EncodedSnapshot } from '../../shared/snapshot-codec';
import type { DispatchStats } from '../../shared/stats';
import type { UnitDoc } from '../../shared/unit';
import { NOT_CONNECTED } from '../../client/src/lib/command-sender';
import { Connection, type ConnectionStatus } from '../../client/src/lib/connection.svelte';
import { FrameQueue } from '../../client/src/lib/frame-queue';
import { LiveState } from '../../client/src/lib/live-state.svelte';
import { Session } from '../../client/src/lib/session.svelte';
import { startSocket, type BoardConnection } from '../../client/src/lib/socket';
import { Stats } from '../../client/src/lib/stats.svelte';
import { makeCall, makeUnit, T0 } from '../helpers/entities';

/**
 * The board's socket module (client/src/lib/socket.ts) against a real Socket.IO server in this
 * process, with the board's real state classes. What a browser provides and Node does not is
 * stood in for: `location` (where the page came from, and `reload`) and requestAnimationFrame
 * (driven by the test: automatically, like a visible tab, or only when the test says so).
 */

// --- the browser's animation frames ---------------------------------------------------------

class Frames {
  /** When true a requested frame fires on its own (a visible tab); otherwise only on `run()`. */
  auto = true;
  #next = 1;
  readonly #waiting = new Map<number, FrameRequestCallback>();

  readonly request = (cb: FrameRequestCallback): number => {
    const id = this.#next++;
    this.#waiting.set(id, cb);
    if (this.auto) setImmediate(() => this.#fire(id));
    return id;
  };

  readonly cancel = (id: number): void => {
    this.#waiting.delete(id);
  };

  run(): void {
    for (const id of [...this.#waiting.keys()]) this.#fire(id);
  }

  #fire(id: number): void {
    const cb = this.#waiting.get(id);
    this.#waiting.delete(id);
    cb?.(0);
  }
}

// --- the board's state, recording what reached it -------------------------------------------

/** The real LiveState; it also notes each hand-over it gets (one per animation frame). */
class RecordingLive extends LiveState {
  /** The seq of every snapshot applied. */
  readonly snapshotsApplied: number[] = [];
  /** Each non-empty hand-over of batches, as [from, to] pairs. */
  readonly handovers: [number, number][][] = [];

  override applySnapshot(snapshot: Snapshot, history: string | null = null): void {
    this.snapshotsApplied.push(snapshot.seq);
    super.applySnapshot(snapshot, history);
  }

  override applyBatches(batches: readonly ChangeBatch[]) {
    if (batches.length > 0) this.handovers.push(batches.map((b) => [b.from, b.to]));
    return super.applyBatches(batches);
  }
}

/** The real Connection; it also notes every status the indicator showed, in order. */
class RecordingConnection extends Connection {
  readonly shown: ConnectionStatus[] = [];

  #note(): void {
    if (this.shown.at(-1) !== this.status) this.shown.push(this.status);
  }
  override markLive(at?: number): void {
    super.markLive(at);
    this.#note();
  }
  override markLost(at?: number): void {
    super.markLost(at);
    this.#note();
  }
  override serverDown(reason: string, since: number): void {
    super.serverDown(reason, since);
    this.#note();
  }
}

// --- a real Socket.IO server ------------------------------------------------------------------

type Refusal = { code: 'unauthorized' | 'forbidden' | 'reload'; message: string };
type BoardServerSocket = ServerSocket<ClientToServerEvents, ServerToClientEvents>;

interface TestIo {
  port: number;
  /** Every handshake, in order: what the client sent and the transport it came in on. */
  handshakes: { auth: HandshakeAuth; transport: string }[];
  /** Every `state:resume` received. */
  resumes: ResumeRequest[];
  /** How many `session:activity` were received. */
  activity: number;
  /** Connections admitted so far (the last one is the live one). */
  sockets: BoardServerSocket[];
  disconnects: number;
  /** Decides per handshake (1-based) whether to refuse it, as server/realtime/handshake.ts does. */
  refuse: (handshake: number) => Refusal | null;
  /** What the server sends a newly admitted connection. */
  onConnection: (socket: BoardServerSocket, connection: number) => void;
  /** Answers a `state:resume` (a replay, usually). */
  onResume: (socket: BoardServerSocket, request: ResumeRequest) => void;
  close(): Promise<void>;
}

async function startIo(): Promise<TestIo> {
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  const t: TestIo = {
    port: 0,
    handshakes: [],
    resumes: [],
    activity: 0,
    sockets: [],
    disconnects: 0,
    refuse: () => null,
    onConnection: () => undefined,
    onResume: () => undefined,
    close: () =>
      new Promise<void>((resolve) => {
        void io.close(() => resolve());
      }),
  };
  io.use((socket, next) => {
    const n = t.handshakes.push({ auth: socket.handshake.auth as HandshakeAuth, transport: socket.conn.transport.name });
    const refusal = t.refuse(n);
    // The wire shape of a refusal: `err.data.code` (see refusal() in server/realtime/handshake.ts).
    if (refusal) next(Object.assign(new Error(refusal.message), { data: { code: refusal.code } }));
    else next();
  });
  io.on('connection', (socket) => {
    const n = t.sockets.push(socket);
    socket.on('state:resume', (request) => {
      t.resumes.push(request);
      t.onResume(socket, request);
    });
    socket.on('session:activity', () => t.activity++);
    socket.on('call:note', (input, ack) => ack({ ok: true, data: makeCall(input.callId, { version: 2 }) }));
    socket.on('disconnect', () => t.disconnects++);
    t.onConnection(socket, n);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  t.port = (http.address() as AddressInfo).port;
  return t;
}

// --- what the server sends --------------------------------------------------------------------

const at = (lat: number, lon: number, when = T0): Position => ({ lat, lon, heading: null, at: when });

function unitDoc(id: string, status: UnitDoc['status'] = 'available', version = 1): UnitDoc {
  const { position: _none, ...doc } = makeUnit(id, { status, version });
  return doc;
}

const callSummary = (id: string, status: CallStatus = 'pending', version = 1) => summarize(makeCall(id, { status, version }) as Call);

function snapshot(seq: number, units: Record<string, Position | null>, callIds: string[] = []): Snapshot {
  return {
    seq,
    calls: callIds.map((id) => callSummary(id)),
    units: Object.entries(units).map(([id, position]) => makeUnit(id, { position })),
    destinations: [],
  };
}

/** As server/live/snapshot-cache.ts sends it: JSON, gzip, seq and history outside. */
const encode = (s: Snapshot, history: string): EncodedSnapshot => ({ seq: s.seq, history, encoding: 'gzip', data: gzipSync(JSON.stringify(s)) });

const batch = (from: number, to: number, changes: LiveChange[] = []): ChangeBatch => ({ from, to, changes });
const moves = (from: number, to: number, ...ps: [string, Position][]): ChangeBatch => ({
  from,
  to,
  changes: [],
  positions: ps.map(([id, p]) => toPositionTuple(id, p)),
});

const stats = (unmetToday: number): DispatchStats => ({ dayStart: T0, unmetToday, assignedToday: 0, medianSecondsToAssignToday: null });

// --- the board ----------------------------------------------------------------------------------

interface Board {
  live: RecordingLive;
  connection: RecordingConnection;
  session: Session;
  stats: Stats;
  /** Reasons handed to onEnded. */
  ended: string[];
  reload: ReturnType<typeof vi.fn>;
  socket: BoardConnection;
}

/** The real setTimeout, kept for waiting while a test holds the module's own timers still. */
const realSetTimeout = globalThis.setTimeout;

/** Polls `check` until it holds (never a fixed sleep); fails saying what it waited for. */
async function wait(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, 5));
  }
}

/**
 * Holds the board's own timers still (the frame queue's hidden-tab fallback, the resume retry,
 * the stale grace) so that "no frame has been drawn yet" lasts as long as the test needs.
 * Socket.IO's client and server keep the real timers they took when they were created.
 */
const holdTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

describe('the board socket (client/src/lib/socket.ts) with a real Socket.IO server', () => {
  let server: TestIo;
  let frames: Frames;
  let pushes: ReturnType<typeof vi.spyOn>;
  const boards: Board[] = [];

  /** Items the socket handed to the frame queue so far (snapshots once inflated, and batches). */
  const queued = () => pushes.mock.calls.length;

  function startBoard(): Board {
    const reload = vi.fn();
    // The page's origin: the socket connects back to where the page came from.
    vi.stubGlobal('location', { protocol: 'http:', host: `127.0.0.1:${server.port}`, hostname: '127.0.0.1', port: String(server.port), reload });
    const live = new RecordingLive();
    const connection = new RecordingConnection();
    const session = new Session();
    const boardStats = new Stats();
    const ended: string[] = [];
    const socket = startSocket({ live, connection, session, stats: boardStats, onEnded: (reason) => ended.push(reason) });
    const board = { live, connection, session, stats: boardStats, ended, reload, socket };
    boards.push(board);
    return board;
  }

  beforeEach(async () => {
    frames = new Frames();
    vi.stubGlobal('requestAnimationFrame', frames.request);
    vi.stubGlobal('cancelAnimationFrame', frames.cancel);
    pushes = vi.spyOn(FrameQueue.prototype, 'push');
    server = await startIo();
  });

  afterEach(async () => {
    for (const b of boards.splice(0)) {
      b.socket.stop();
      b.connection.dispose();
    }
    vi.useRealTimers();
    await server.close();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('connects over WebSocket first, saying only its protocol version before it holds any state', async () => {
    server.onConnection = (s) => {
      s.emit('session:info', { actor: 'disp1', role: 'dispatcher' });
      s.emit('stats:update', stats(3));
    };
    const board = startBoard();
    await wait('session info', () => board.session.role === 'dispatcher');

    expect(server.handshakes).toEqual([{ auth: { protocol: PROTOCOL_VERSION }, transport: 'websocket' }]);
    expect(board.session.actor).toBe('disp1');
    expect(board.stats.current).toEqual(stats(3));
    // Connected, but with no snapshot yet the board does not claim to be live.
    expect(board.connection.status).toBe('connecting');
    expect(board.live.seq).toBeNull();

    server.sockets[0]?.emit('state:snapshot', encode(snapshot(7, { u1: null }), 'h1'));
    await wait('the snapshot', () => board.live.seq === 7);
    expect(board.live.history).toBe('h1');
    expect(board.connection.status).toBe('live');
  });

  it('hands the UI a snapshot and the batches behind it in one go: order kept, latest position wins, nothing lost', async () => {
    frames.auto = false;
    const board = startBoard();
    await wait('connected', () => server.sockets.length === 1);
    holdTimers();
    {
      const s = server.sockets[0]!;
      s.emit('state:snapshot', encode(snapshot(10, { u1: at(39.7, -105), u2: null }, ['c1']), 'h1'));
      s.emit('state:changes', batch(10, 11, [{ kind: 'call', call: callSummary('c2') }]));
      s.emit('state:changes', batch(11, 12, [{ kind: 'unit', unit: unitDoc('u2', 'dispatched', 2) }]));
      s.emit('state:changes', moves(12, 13, ['u1', at(39.71, -105.01, T0 + 1)], ['u2', at(39.8, -104.9, T0 + 1)]));
      s.emit('state:changes', moves(13, 14, ['u1', at(39.72, -105.02, T0 + 2)]));
      s.emit('state:changes', batch(14, 15, [{ kind: 'call', call: callSummary('c1', 'closed', 2) }]));
    }
    await wait('the snapshot and 5 batches queued', () => queued() === 6);
    // Nothing reaches the UI between frames.
    expect(board.live.seq).toBeNull();
    expect(board.connection.status).toBe('connecting');
    frames.run();

    const { live } = board;
    expect(live.snapshotsApplied).toEqual([10]);
    // One hand-over with every batch, in the server's order.
    expect(live.handovers).toEqual([
      [
        [10, 11],
        [11, 12],
        [12, 13],
        [13, 14],
        [14, 15],
      ],
    ]);
    expect(live.seq).toBe(15);
    expect(live.history).toBe('h1');
    expect(live.units.get('u1')?.position).toEqual(at(39.72, -105.02, T0 + 2));
    expect(live.units.get('u2')?.position).toEqual(at(39.8, -104.9, T0 + 1));
    expect(live.units.get('u2')?.status).toBe('dispatched');
    expect(live.roster.get('u2')?.status).toBe('dispatched');
    expect([...live.calls.keys()]).toEqual(['c2']);
    expect(live.finished.map((c) => c.id)).toEqual(['c1']);
    expect(board.connection.status).toBe('live');
    expect(server.resumes).toEqual([]);
  });

  it('when several snapshots are queued, only the latest one and what follows it count', async () => {
    frames.auto = false;
    const board = startBoard();
    await wait('connected', () => server.sockets.length === 1);
    holdTimers();
    {
      const s = server.sockets[0]!;
      s.emit('state:snapshot', encode(snapshot(5, { old: null }), 'h1'));
      s.emit('state:changes', batch(5, 6, [{ kind: 'call', call: callSummary('c-old') }]));
      s.emit('state:snapshot', encode(snapshot(20, { u9: at(39.7, -105) }), 'h2'));
      s.emit('state:changes', batch(20, 21, [{ kind: 'call', call: callSummary('c-new') }]));
    }
    await wait('two snapshots and two batches queued', () => queued() === 4);
    expect(board.live.seq).toBeNull();
    frames.run();

    const { live } = board;
    expect(live.snapshotsApplied).toEqual([20]);
    expect(live.handovers).toEqual([[[20, 21]]]);
    expect(live.seq).toBe(21);
    expect(live.history).toBe('h2');
    expect([...live.units.keys()]).toEqual(['u9']);
    expect([...live.calls.keys()]).toEqual(['c-new']);
    expect(server.resumes).toEqual([]);
    expect(board.connection.status).toBe('live');
  });

  it('ignores a batch it already has; after a gap asks to resume once, and the replay brings it back', async () => {
    server.onConnection = (s) => s.emit('state:snapshot', encode(snapshot(10, { u1: at(39.7, -105) }), 'h1'));
    const board = startBoard();
    await wait('live at 10', () => board.live.seq === 10 && board.connection.status === 'live');
    const s = server.sockets[0]!;

    // A repeat of what it has: nothing changes, nothing is asked.
    s.emit('state:changes', moves(8, 10, ['u1', at(1, 1)]));
    // Then commits 11 and 12 never arrive: 12→13 and 13→14 cannot be applied.
    s.emit('state:changes', batch(12, 13, [{ kind: 'call', call: callSummary('c13') }]));
    s.emit('state:changes', batch(13, 14, [{ kind: 'call', call: callSummary('c14') }]));
    await wait('a resume request', () => server.resumes.length > 0);
    expect(server.resumes[0]).toEqual({ seq: 10, history: 'h1' });
    expect(board.live.seq).toBe(10);
    expect(board.live.units.get('u1')?.position).toEqual(at(39.7, -105));
    expect(board.live.calls.size).toBe(0);
    // The board says it is behind while it waits.
    expect(board.connection.status).toBe('reconnecting');

    // More of the live stream arrives before the replay: still one request.
    s.emit('state:changes', batch(14, 15, [{ kind: 'call', call: callSummary('c15') }]));
    await wait('the 14→15 batch queued', () => queued() === 5);
    s.emit(
      'state:changes',
      batch(
        10,
        15,
        [11, 12, 13, 14, 15].map((n) => ({ kind: 'call' as const, call: callSummary(`c${n}`) })),
      ),
    );
    await wait('caught up at 15', () => board.live.seq === 15);
    expect([...board.live.calls.keys()].sort()).toEqual(['c11', 'c12', 'c13', 'c14', 'c15']);
    expect(board.connection.status).toBe('live');
    expect(board.connection.shown).toEqual(['live', 'reconnecting', 'live']);

    // Everything the client emitted before this has reached the server by the time this does.
    expect(board.socket.reportActivity()).toBe(true);
    await wait('the activity report', () => server.activity === 1);
    expect(server.resumes).toEqual([{ seq: 10, history: 'h1' }]);

    // The live stream goes on from the replay without another request.
    s.emit('state:changes', batch(15, 16, [{ kind: 'call', call: callSummary('c16') }]));
    await wait('at 16', () => board.live.seq === 16);
    expect(server.resumes).toHaveLength(1);
  });

  it('once a replay has caught it up, a later gap asks again', async () => {
    server.onConnection = (s) => s.emit('state:snapshot', encode(snapshot(10, {}), 'h1'));
    server.onResume = (s, request) => s.emit('state:changes', batch(request.seq, 12, [{ kind: 'call', call: callSummary('c12') }]));
    const board = startBoard();
    await wait('live at 10', () => board.live.seq === 10);
    const s = server.sockets[0]!;

    s.emit('state:changes', batch(11, 12));
    await wait('replayed to 12', () => board.live.seq === 12);
    s.emit('state:changes', batch(13, 14));
    await wait('a second resume', () => server.resumes.length === 2);
    expect(server.resumes).toEqual([
      { seq: 10, history: 'h1' },
      { seq: 12, history: 'h1' },
    ]);
  });

  it('a new history (the server data was reset) replaces the board even at a lower seq, and resumes carry it', async () => {
    server.onConnection = (s, n) => {
      if (n === 1) s.emit('state:snapshot', encode(snapshot(40, { u1: null }, ['c1']), 'h1'));
    };
    const board = startBoard();
    await wait('live at 40', () => board.live.seq === 40);
    const s = server.sockets[0]!;

    s.emit('state:snapshot', encode(snapshot(3, { u2: null }), 'h2'));
    await wait('the new history', () => board.live.history === 'h2');
    expect(board.live.seq).toBe(3);
    expect([...board.live.units.keys()]).toEqual(['u2']);
    expect(board.live.calls.size).toBe(0);

    s.emit('state:changes', batch(5, 6));
    await wait('a resume request', () => server.resumes.length === 1);
    expect(server.resumes[0]).toEqual({ seq: 3, history: 'h2' });

    // And so does the handshake after a drop.
    s.conn.close();
    await wait('a second handshake', () => server.sockets.length === 2);
    expect(server.handshakes[1]?.auth).toEqual({ protocol: PROTOCOL_VERSION, resumeFrom: 3, history: 'h2' });
  });

  it('after the network drops, reconnects by itself and resumes from the last change it received, even one not drawn yet', async () => {
    server.onConnection = (s, n) => {
      if (n === 1) s.emit('state:snapshot', encode(snapshot(10, { u1: at(39.7, -105) }), 'h1'));
    };
    const board = startBoard();
    await wait('live at 10', () => board.live.seq === 10 && board.connection.status === 'live');

    // Two batches arrive; the tab has not drawn a frame since.
    frames.auto = false;
    holdTimers();
    const s = server.sockets[0]!;
    s.emit('state:changes', moves(10, 11, ['u1', at(39.71, -105)]));
    s.emit('state:changes', batch(11, 12, [{ kind: 'call', call: callSummary('c12') }]));
    await wait('both batches queued', () => queued() === 3);
    expect(board.live.seq).toBe(10);
    s.conn.close();

    await wait('a second handshake', () => server.sockets.length === 2);
    expect(server.handshakes).toHaveLength(2);
    expect(server.handshakes[1]).toEqual({ auth: { protocol: PROTOCOL_VERSION, resumeFrom: 12, history: 'h1' }, transport: 'websocket' });
    expect(board.live.seq).toBe(12);
    expect(board.live.calls.has('c12')).toBe(true);
    expect(board.live.units.get('u1')?.position).toEqual(at(39.71, -105));
    await wait('live again', () => board.connection.status === 'live');
    expect(board.connection.shown).toEqual(['live', 'reconnecting', 'live']);
    expect(server.resumes).toEqual([]);

    // The new connection carries the stream on.
    vi.useRealTimers();
    frames.auto = true;
    server.sockets[1]!.emit('state:changes', batch(12, 13, [{ kind: 'call', call: callSummary('c13') }]));
    await wait('at 13', () => board.live.seq === 13);
  });

  it('a gap noticed while reconnecting is left to the handshake: the server is not asked to replay twice', async () => {
    server.onConnection = (s, n) => {
      if (n === 1) s.emit('state:snapshot', encode(snapshot(10, {}), 'h1'));
    };
    const board = startBoard();
    await wait('live at 10', () => board.live.seq === 10 && board.connection.status === 'live');

    frames.auto = false;
    holdTimers();
    const s = server.sockets[0]!;
    // Commits 11 and 12 are lost on the way; 12→13 waits for a frame when the network drops.
    s.emit('state:changes', batch(12, 13));
    await wait('the batch queued', () => queued() === 2);
    s.conn.close();

    await wait('a second handshake', () => server.sockets.length === 2);
    // The handshake itself asks for everything after 10.
    expect(server.handshakes[1]?.auth).toEqual({ protocol: PROTOCOL_VERSION, resumeFrom: 10, history: 'h1' });
    vi.useRealTimers();
    frames.auto = true;
    await wait('live again', () => board.connection.status === 'live');
    expect(board.socket.reportActivity()).toBe(true);
    await wait('the activity report', () => server.activity === 1);
    expect(server.resumes).toEqual([]);
    expect(board.live.seq).toBe(10);
  });

  it('when the server itself disconnects it (restart, kick), comes back on its own', async () => {
    server.onConnection = (s, n) => {
      if (n === 1) s.emit('state:snapshot', encode(snapshot(10, {}), 'h1'));
    };
    const board = startBoard();
    await wait('live at 10', () => board.live.seq === 10 && board.connection.status === 'live');

    server.sockets[0]!.disconnect(true);
    await wait('lost', () => board.connection.status !== 'live');
    await wait('a second handshake', () => server.sockets.length === 2);
    expect(server.handshakes[1]?.auth).toEqual({ protocol: PROTOCOL_VERSION, resumeFrom: 10, history: 'h1' });
    await wait('live again', () => board.connection.status === 'live');
  });

  it('a connection refused for its origin says why, keeps retrying, and clears once accepted', async () => {
    const message = 'connections from http://elsewhere are not allowed';
    server.refuse = (n) => (n === 1 ? { code: 'forbidden', message } : null);
    server.onConnection = (s) => s.emit('state:snapshot', encode(snapshot(1, {}), 'h1'));
    const board = startBoard();
    await wait('the refusal shown', () => board.connection.refusal === message);
    expect(board.connection.status).toBe('connecting');

    await wait('admitted on a retry', () => server.sockets.length === 1);
    await wait('live', () => board.connection.status === 'live');
    expect(board.connection.refusal).toBeNull();
    expect(server.handshakes).toHaveLength(2);
    expect(board.ended).toEqual([]);
  });

  it('a page from another version of Tandem reloads itself instead of retrying', async () => {
    server.refuse = () => ({ code: 'reload', message: 'this page is from an older (or newer) version of Tandem; it reloads itself' });
    const board = startBoard();
    await wait('a reload', () => board.reload.mock.calls.length > 0);
    expect(board.reload).toHaveBeenCalledTimes(1);
    expect(board.ended).toEqual([]);
    expect(board.connection.refusal).toBeNull();
  });

  it('a refused session ends the board: sign-in, not a retry', async () => {
    server.refuse = () => ({ code: 'unauthorized', message: 'sign in first' });
    const board = startBoard();
    await wait('the end', () => board.ended.length > 0);
    expect(board.ended).toEqual(['sign in first']);
    expect(board.reload).not.toHaveBeenCalled();
    expect(board.socket.reportActivity()).toBe(false);
    expect(await board.socket.commands.send('call:note', { callId: 'c1', text: 'x' })).toEqual({
      ok: false,
      error: { code: 'unavailable', message: NOT_CONNECTED },
    });
  });

  it('a session ended by the server stops the socket and hands the reason on once', async () => {
    server.onConnection = (s) => s.emit('state:snapshot', encode(snapshot(1, {}), 'h1'));
    const board = startBoard();
    await wait('live', () => board.connection.status === 'live');

    server.sockets[0]!.emit('session:ended', { reason: 'signed out on another workstation' });
    await wait('the end', () => board.ended.length > 0);
    // The client closes the connection itself.
    await wait('the server sees the disconnect', () => server.disconnects === 1);
    expect(board.ended).toEqual(['signed out on another workstation']);
    expect(board.socket.reportActivity()).toBe(false);
    // The page stopping it again changes nothing.
    board.socket.stop();
    expect(board.ended).toHaveLength(1);
  });

  it('shows what the server says about its own data, even while the socket is up', async () => {
    server.onConnection = (s) => s.emit('state:snapshot', encode(snapshot(1, {}), 'h1'));
    const board = startBoard();
    await wait('live', () => board.connection.status === 'live');
    const s = server.sockets[0]!;

    s.emit('server:status', { live: false, reason: 'Redis is unreachable', since: T0 });
    await wait('the server problem', () => board.connection.serverProblem !== null);
    expect(board.connection.serverProblem).toBe('Redis is unreachable');
    expect(board.connection.status).toBe('stale');
    expect(board.connection.since).toBe(T0);
    // A batch arriving meanwhile does not make it look live.
    s.emit('state:changes', batch(1, 2));
    await wait('at 2', () => board.live.seq === 2);
    expect(board.connection.status).toBe('stale');

    s.emit('server:status', { live: true, reason: null, since: T0 + 60_000 });
    await wait('live again', () => board.connection.status === 'live');
    expect(board.connection.serverProblem).toBeNull();
  });

  it('an undecodable snapshot makes it reconnect for a fresh one', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    server.onConnection = (s, n) => {
      if (n === 1) s.emit('state:snapshot', { seq: 9, history: 'h1', encoding: 'gzip', data: new Uint8Array([1, 2, 3, 4, 5]) });
      else s.emit('state:snapshot', encode(snapshot(9, { u1: null }), 'h1'));
    };
    const board = startBoard();
    await wait('the first connection closed by the client', () => server.disconnects === 1);
    expect(board.live.seq).toBeNull();
    expect(errors).toHaveBeenCalled();

    await wait('a second handshake', () => server.sockets.length === 2);
    // It still holds nothing, so it asks for a snapshot rather than a replay.
    expect(server.handshakes[1]?.auth).toEqual({ protocol: PROTOCOL_VERSION });
    await wait('the fresh snapshot', () => board.live.seq === 9);
    expect(board.connection.status).toBe('live');
  });

  it('sends activity and board commands over its connection', async () => {
    server.onConnection = (s) => s.emit('state:snapshot', encode(snapshot(1, {}), 'h1'));
    const board = startBoard();
    await wait('live', () => board.connection.status === 'live');

    expect(board.socket.reportActivity()).toBe(true);
    const answer = await board.socket.commands.send('call:note', { callId: 'c1', text: 'caller calmer now' });
    expect(answer.ok).toBe(true);
    expect(answer.ok && answer.data.id).toBe('c1');
    await wait('the activity report', () => server.activity === 1);
  });

  it('once stopped, closes the connection, applies nothing more and sends nothing', async () => {
    server.onConnection = (s) => s.emit('state:snapshot', encode(snapshot(1, {}), 'h1'));
    const board = startBoard();
    await wait('live', () => board.connection.status === 'live');

    board.socket.stop();
    await wait('the server sees the disconnect', () => server.disconnects === 1);
    expect(board.socket.reportActivity()).toBe(false);
    expect((await board.socket.commands.send('call:note', { callId: 'c1', text: 'x' })).ok).toBe(false);
    expect(board.live.seq).toBe(1);
    expect(board.ended).toEqual([]);
  });
  it('once stopped, a snapshot that then fails to inflate does not bring the connection back', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let board!: Board;
    // The screen goes away right after a corrupt snapshot arrived, while it is still inflating.
    class LeaveOnStats extends Stats {
      override apply(update: DispatchStats): void {
        super.apply(update);
        board.socket.stop();
      }
    }
    vi.stubGlobal('location', { protocol: 'http:', host: `127.0.0.1:${server.port}`, hostname: '127.0.0.1', port: String(server.port), reload: vi.fn() });
    const live = new RecordingLive();
    const connection = new RecordingConnection();
    const session = new Session();
    const leaving = new LeaveOnStats();
    const socket = startSocket({ live, connection, session, stats: leaving, onEnded: () => undefined });
    board = { live, connection, session, stats: leaving, ended: [], reload: vi.fn(), socket };
    boards.push(board);
    await wait('connected', () => server.sockets.length === 1);
    holdTimers();
    const s = server.sockets[0]!;
    s.emit('state:snapshot', { seq: 9, history: 'h1', encoding: 'gzip', data: new Uint8Array([1, 2, 3, 4, 5]) });
    s.emit('stats:update', stats(1));
    await wait('the inflate failure', () => errors.mock.calls.length > 0);
    await wait('the server sees the disconnect', () => server.disconnects === 1);
    vi.advanceTimersByTime(60_000); // any reconnect timer would have fired by now
    // Something that must not happen can only be waited for a bounded time.
    await expect(wait('a connection from the stopped board', () => server.handshakes.length > 1, 3_000)).rejects.toThrow(/timed out/);
  });
});

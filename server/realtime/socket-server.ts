import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import type { AuthService } from '../auth/auth-service';
import type { Commands } from '../commands/commands';
import type { CallerLimits } from '../edge/caller-limits';
import { AUDIENCES, forAudience, roomOf } from '../live/audiences';
import { CallPatchEncoder } from '../live/call-patches';
import type { DispatchStatsService } from '../live/dispatch-stats';
import type { LiveFeed } from '../live/live-feed';
import type { Logger } from '../log';
import type { RedisClient } from '../redis/client';
import type { OperationHandlers } from '../operations/handlers';
import { registerOperationHandlers, type HandlerDeps } from './handlers/operation-handlers';
import { registerStateHandlers } from './handlers/state-handlers';
import { admitSocket, sessionRoom } from './handshake';
import type { TandemServer } from './types';

export interface SocketServerDeps {
  /**
   * Connections for Socket.IO's Redis adapter: what one instance does to a room (ending a
   * session's sockets) reaches the sockets of every instance.
   */
  adapterRedis: { pub: RedisClient; sub: RedisClient };
  feed: LiveFeed;
  commands: Commands;
  /** What each board command does (server/operations/handlers.ts). */
  handlers: OperationHandlers;
  stats: DispatchStatsService;
  auth: AuthService;
  allowedOrigins: readonly string[];
  /** Per-session limits on commands and replays, shared with REST (a reconnect gets no new allowance). */
  limits: CallerLimits;
  /** How often every connected session is checked again (revoked or expired ones are dropped). */
  sessionCheckMs?: number;
}

export interface SocketServer {
  io: TandemServer;
  /** Disconnects the sockets of sessions that just ended, on this instance. */
  endSessions(sessionRefs: readonly string[], reason: string): void;
  stop(): void;
}

/** Socket.IO on the HTTP server: admits signed-in screens, serves live state per audience, runs board commands. */
export function createSocketServer(httpServer: HttpServer, deps: SocketServerDeps, log: Logger): SocketServer {
  const { feed, commands, stats, auth } = deps;
  const io: TandemServer = new Server(httpServer, {
    // Clients send only small commands; anything large is an attack or a bug.
    maxHttpBufferSize: 16 * 1024,
    serveClient: false,
    // A screen must notice a dead server quickly (the stale banner), not after the default ~45 s.
    pingInterval: 10_000,
    pingTimeout: 5_000,
  });
  io.adapter(createAdapter(deps.adapterRedis.pub, deps.adapterRedis.sub));
  io.use(admitSocket(auth, deps.allowedOrigins));

  const handlerDeps: HandlerDeps = { commands, handlers: deps.handlers, log, audit: auth.audit, auth, limits: deps.limits };

  io.on('connection', (socket) => {
    socket.emit('session:info', { actor: socket.data.actor, role: socket.data.role });
    socket.emit('server:status', feed.liveness.current);
    socket.emit('stats:update', stats.current);
    registerStateHandlers(socket, feed, deps.limits, log);
    registerOperationHandlers(socket, handlerDeps);
    socket.on('session:activity', () => void auth.sessions.get(socket.data.sessionId, true).catch(() => undefined));
  });

  // Live state goes to this instance's own sockets only (io.local): every instance follows the
  // same stream and sends it to its own screens; through the adapter each would arrive N times.
  // Calls a room's screens already hold go as the fields that changed (live/call-patches.ts).
  const patches = new Map(AUDIENCES.map((a) => [a, new CallPatchEncoder()]));
  feed.subscribe({
    // One emit per audience room: Socket.IO encodes each packet once for all its sockets.
    batch: (batch) => {
      for (const audience of AUDIENCES) {
        const encoder = patches.get(audience)!;
        // An emit encodes the packet even for an empty room (often the wall's): skip those.
        // Nobody in it holds anything then: the next change of each call goes whole.
        if (!io.sockets.adapter.rooms.get(roomOf(audience))?.size) {
          encoder.forget();
          continue;
        }
        io.local.to(roomOf(audience)).emit('state:changes', encoder.encode(forAudience(batch, audience)));
      }
    },
    reset: () => {
      for (const encoder of patches.values()) encoder.forget();
      // After a reload there is nothing to catch up from: the exact present, once per audience.
      for (const audience of AUDIENCES) io.local.to(roomOf(audience)).emit('state:snapshot', feed.snapshots.exact(audience));
    },
  });
  stats.onChange((current) => io.local.emit('stats:update', current));
  feed.liveness.onChange((status) => io.local.emit('server:status', status));

  // Through the adapter: a session ended on any instance loses its sockets on every instance.
  const endSessions = (refs: readonly string[], reason: string) => {
    for (const ref of refs) {
      io.to(sessionRoom(ref)).emit('session:ended', { reason });
      io.in(sessionRoom(ref)).disconnectSockets(true);
    }
  };

  // Sessions end elsewhere too (idle expiry, another instance's sign-out-everywhere, a revoked
  // display key): look again at every connected session, so none outlives its session by long.
  const check = setInterval(() => {
    const refs = new Set<string>();
    for (const s of io.sockets.sockets.values()) refs.add(s.data.sessionRef);
    for (const ref of refs) {
      auth.sessions.isLive(ref).then(
        (live) => {
          if (!live) endSessions([ref], 'your session has ended; sign in again');
        },
        () => undefined, // Redis unreachable: keep screens up (stale) rather than drop everyone
      );
    }
  }, deps.sessionCheckMs ?? 30_000);

  return { io, endSessions, stop: () => clearInterval(check) };
}

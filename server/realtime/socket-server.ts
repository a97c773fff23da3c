import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { DispatchStatsService } from '../live/dispatch-stats';
import type { LiveFeed } from '../live/live-feed';
import type { Logger } from '../log';
import { admitSocket } from './handshake';
import type { Commands } from '../commands/commands';
import { registerCallHandlers } from './handlers/call-handlers';
import { registerStateHandlers } from './handlers/state-handlers';
import { registerUnitHandlers } from './handlers/unit-handlers';
import { LIVE_ROOM, type TandemServer } from './types';

/** Socket.IO on the HTTP server: admits connections, serves live state, relays the feed. */
export interface SocketServerDeps {
  feed: LiveFeed;
  commands: Commands;
  stats: DispatchStatsService;
}

export function createSocketServer(httpServer: HttpServer, { feed, commands, stats }: SocketServerDeps, log: Logger): TandemServer {
  const io: TandemServer = new Server(httpServer, {
    // Clients send only small commands; anything large is an attack or a bug.
    maxHttpBufferSize: 64 * 1024,
    serveClient: false,
  });
  io.use(admitSocket);
  io.on('connection', (socket) => {
    socket.emit('session:info', { actor: socket.data.actor, role: socket.data.role });
    socket.emit('stats:update', stats.current);
    registerStateHandlers(socket, feed, log);
    registerCallHandlers(socket, commands, feed, log);
    registerUnitHandlers(socket, commands, log);
  });

  feed.subscribe({
    // One emit to the room: Socket.IO encodes the packet once for all its sockets.
    batch: (batch) => io.to(LIVE_ROOM).emit('state:changes', batch),
    reset: () => feed.snapshotNow((bytes) => io.to(LIVE_ROOM).emit('state:snapshot', bytes)),
  });
  stats.onChange((current) => io.to(LIVE_ROOM).emit('stats:update', current));
  return io;
}

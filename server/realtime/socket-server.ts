import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { LiveFeed } from '../live/live-feed';
import type { Logger } from '../log';
import { admitSocket } from './handshake';
import { registerStateHandlers } from './state-handlers';
import { LIVE_ROOM, type TandemServer } from './types';

/** Socket.IO on the HTTP server: admits connections, serves live state, relays the feed. */
export function createSocketServer(httpServer: HttpServer, feed: LiveFeed, log: Logger): TandemServer {
  const io: TandemServer = new Server(httpServer, {
    // Clients send only small commands; anything large is an attack or a bug.
    maxHttpBufferSize: 64 * 1024,
    serveClient: false,
  });
  io.use(admitSocket);
  io.on('connection', (socket) => registerStateHandlers(socket, feed, log));

  feed.subscribe({
    // One emit to the room: Socket.IO encodes the packet once for all its sockets.
    batch: (batch) => io.to(LIVE_ROOM).emit('state:changes', batch),
    reset: () => feed.snapshotNow((bytes) => io.to(LIVE_ROOM).emit('state:snapshot', bytes)),
  });
  return io;
}

import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import type { Role } from '../../shared/roles';
import type { Audience } from '../live/audiences';

/** What the handshake established about a connection; the access-control issue fills in the user. */
export interface SocketData {
  actor: string;
  role: Role;
  /** The cookie's secret, to look the session up and keep it alive. */
  sessionId: string;
  /** Its hash: the socket's session room, and what 'sessions ended' lists name. */
  sessionRef: string;
  audience: Audience;
}

export type TandemServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type TandemSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

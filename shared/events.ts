import type { ChangeBatch, ResumeRequest } from './changes';
import type { SocketOperationEvents } from './operations';
import type { Role } from './roles';
import type { EncodedSnapshot } from './snapshot-codec';
import type { DispatchStats } from './stats';

export interface ServerToClientEvents {
  /**
   * The whole live state, compressed once and sent to every client that asks (see
   * EncodedSnapshot); a `state:changes` batch from its `seq` may follow at once to bring it to
   * the present.
   */
  'state:snapshot': (snapshot: EncodedSnapshot) => void;
  'state:changes': (batch: ChangeBatch) => void;
  /** Who this connection acts as, sent once on connect: the board offers only what the role may do. */
  'session:info': (info: SessionInfo) => void;
  /** Counters the screens show (unmet demand today...), sent on connect and when they change. */
  'stats:update': (stats: DispatchStats) => void;
  /**
   * Whether the server's data is live (sent on connect and when it changes): the socket can be
   * up while Redis is down, the change stream stalled, or the server reloading. Screens show
   * not-live from this as well as from a dropped socket.
   */
  'server:status': (status: ServerStatus) => void;
  /** The session ended (signed out elsewhere, expired, key revoked): the socket closes next. */
  'session:ended': (info: { reason: string }) => void;
}

export interface ServerStatus {
  live: boolean;
  /** Why not, in words for the screen; null while live. */
  reason: string | null;
  /** Since when (epoch ms) it has been as it is. */
  since: number;
}

export interface SessionInfo {
  actor: string;
  role: Role;
}

export interface ClientToServerEvents extends SocketOperationEvents {
  /** Sent after a gap in sequence numbers: the server replays what was missed or sends a snapshot. */
  'state:resume': (request: ResumeRequest) => void;
  /** The user is active at the workstation: pushes back the idle sign-out. Sent at most once a minute. */
  'session:activity': () => void;
}

/**
 * The version of this event contract. A page built for another version (a wall left open across
 * an upgrade, for days) is refused with code 'reload' and reloads itself to get the new build.
 */
// 3: live frames carry `callPatch` changes (a page of version 2 would ignore them and go stale)
// and `destination` changes.
export const PROTOCOL_VERSION = 3;

/**
 * Sent in the Socket.IO handshake (`auth`). A reconnecting client gives the last sequence
 * number it applied so the server can replay what it missed instead of sending a snapshot.
 */
export interface HandshakeAuth {
  /** PROTOCOL_VERSION of the page's build (absent: a non-browser client, taken as current). */
  protocol?: number;
  resumeFrom?: number;
  /** The history the client's state belongs to (from its snapshot): another history gets a snapshot. */
  history?: string;
}

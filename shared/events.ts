import type { ChangeBatch, ResumeRequest, Snapshot } from './changes';
import type { BoardCommandEvents } from './commands';
import type { Role } from './roles';
import type { DispatchStats } from './stats';

/**
 * A snapshot arrives as UTF-8 JSON bytes: the server encodes it once per sequence number and
 * sends the same bytes to every client that asks, instead of serializing it per socket.
 * The brand records what the bytes decode to.
 */
export type EncodedJson<T> = (ArrayBuffer | Uint8Array) & { readonly __decodesTo?: T };

export function decodeJson<T>(bytes: EncodedJson<T>): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}

export interface ServerToClientEvents {
  'state:snapshot': (snapshot: EncodedJson<Snapshot>) => void;
  'state:changes': (batch: ChangeBatch) => void;
  /** Who this connection acts as, sent once on connect: the board offers only what the role may do. */
  'session:info': (info: SessionInfo) => void;
  /** Counters the screens show (unmet demand today...), sent on connect and when they change. */
  'stats:update': (stats: DispatchStats) => void;
  /** The session ended (signed out elsewhere, expired, key revoked): the socket closes next. */
  'session:ended': (info: { reason: string }) => void;
}

export interface SessionInfo {
  actor: string;
  role: Role;
}

export interface ClientToServerEvents extends BoardCommandEvents {
  /** Sent after a gap in sequence numbers: the server replays what was missed or sends a snapshot. */
  'state:resume': (request: ResumeRequest) => void;
  /** The user is active at the workstation: pushes back the idle sign-out. Sent at most once a minute. */
  'session:activity': () => void;
}

/**
 * Sent in the Socket.IO handshake (`auth`). A reconnecting client gives the last sequence
 * number it applied so the server can replay what it missed instead of sending a snapshot.
 */
export interface HandshakeAuth {
  resumeFrom?: number;
}

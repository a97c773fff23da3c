import type { Socket } from 'socket.io-client';
import type { Ack } from '../../../shared/board-commands';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events';
import type { PayloadOf, ResultOf, SocketOperationName } from '../../../shared/operations';

/** A command a board sends over its socket (shared/operations.ts declares them). */
export type CommandName = SocketOperationName;
/** The payload a board command takes, from the shared contract. */
export type CommandPayload<K extends CommandName> = PayloadOf<K>;
/** What a successful acknowledgement carries, from the shared contract. */
export type CommandData<K extends CommandName> = ResultOf<K>;
export type CommandResult<K extends CommandName> = Ack<CommandData<K>>;

/** Long enough for a busy server and a slow Wi-Fi; short enough that a dispatcher is not left guessing. */
export const COMMAND_TIMEOUT_MS = 8_000;

export const NO_ANSWER = 'No answer from the server; nothing may have changed — check the call before retrying';
export const NOT_CONNECTED = 'Not connected to the server, so nothing was sent; wait until the board is live again';

export interface BoardCommands {
  send<K extends CommandName>(name: K, payload: CommandPayload<K>): Promise<CommandResult<K>>;
}

/** The part of a Socket.IO socket the commands need (a fake in tests). */
export type CommandSocket = Pick<Socket<ServerToClientEvents, ClientToServerEvents>, 'connected' | 'timeout'>;

/**
 * A thin typed layer over `emitWithAck` for board commands. Every answer is the server's tagged
 * acknowledgement, or one made here when there was none, so views handle a single shape.
 *
 * Two rules protect against doing something twice or not knowing whether it happened:
 * - offline, nothing is emitted: Socket.IO would buffer the command and send it after the
 *   reconnect, minutes later and on a view the user no longer sees;
 * - no answer in time says so plainly: the command may or may not have been committed, and the
 *   live board (not a retry) is the way to find out.
 */
export function createCommands(socket: CommandSocket, timeoutMs = COMMAND_TIMEOUT_MS): BoardCommands {
  return {
    async send(name, payload) {
      if (!socket.connected) return { ok: false, error: { code: 'unavailable', message: NOT_CONNECTED } };
      // Socket.IO's typed emitWithAck cannot relate a generic event name to its payload; the
      // public signature above keeps callers typed per command.
      const timed = socket.timeout(timeoutMs);
      const emit = timed.emitWithAck.bind(timed) as unknown as (event: string, payload: unknown) => Promise<unknown>;
      try {
        const answer = await emit(name, payload);
        if (isAck(answer)) return answer as CommandResult<typeof name>;
        return { ok: false, error: { code: 'internal', message: `The server answered ${name} with something unexpected` } };
      } catch {
        // Socket.IO rejects when the timeout passes (also when the connection dropped meanwhile).
        return { ok: false, error: { code: 'unavailable', message: NO_ANSWER } };
      }
    },
  };
}

function isAck(value: unknown): value is Ack<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'data' in value;
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null;
}

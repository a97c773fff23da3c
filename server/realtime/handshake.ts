import type { TandemSocket } from './types';

/**
 * The one place where a connection is admitted. Today every connection is admitted as an
 * anonymous viewer; the access-control issue checks the session cookie or display key here.
 */
export function admitSocket(socket: TandemSocket, next: (err?: Error) => void): void {
  socket.data.actor = 'viewer';
  next();
}

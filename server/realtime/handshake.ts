import type { TandemSocket } from './types';

/**
 * The one place where a connection is admitted and given its actor and role. Until sign-in
 * lands (access-control issue), every board connects as the local supervisor, which is what a
 * single-workstation demo needs; that issue replaces this with the session cookie or display key.
 */
export function admitSocket(socket: TandemSocket, next: (err?: Error) => void): void {
  socket.data.actor = 'supervisor';
  socket.data.role = 'supervisor';
  next();
}

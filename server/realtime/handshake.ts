import { PROTOCOL_VERSION } from '../../shared/events';
import type { AuthService } from '../auth/auth-service';
import { originAllowed } from '../edge/origin';
import { sessionIdFromCookieHeader } from '../edge/session-cookie';
import { audienceOf } from '../live/audiences';
import type { TandemSocket } from './types';

/** An error the client can tell apart: `data.code` says whether to sign in or give up. */
function refusal(code: 'unauthorized' | 'forbidden' | 'reload', message: string): Error {
  return Object.assign(new Error(message), { data: { code } });
}

/** A session's room, by its ref: room names travel through the Redis adapter, the secret must not. */
export const sessionRoom = (sessionRef: string): string => `session:${sessionRef}`;

/**
 * The one place where a connection is admitted: from an allowed origin, with the session cookie
 * of a signed-in workstation or a wall display. The socket keeps its actor, role and audience;
 * every command is checked again against them and the session.
 */
export function admitSocket(auth: AuthService, allowedOrigins: readonly string[]) {
  return (socket: TandemSocket, next: (err?: Error) => void): void => {
    const headers = socket.handshake.headers;
    const protocol = (socket.handshake.auth as { protocol?: unknown }).protocol;
    if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
      next(refusal('reload', 'this page is from an older (or newer) version of Tandem; it reloads itself'));
      return;
    }
    if (!originAllowed(headers.origin, headers.host, allowedOrigins)) {
      next(refusal('forbidden', `connections from ${headers.origin} are not allowed`));
      return;
    }
    const sessionId = sessionIdFromCookieHeader(headers.cookie);
    if (!sessionId) {
      next(refusal('unauthorized', 'sign in first'));
      return;
    }
    auth.fromSession(sessionId, false).then(
      (found) => {
        if (!found || found.role === 'ingest') return next(refusal('unauthorized', 'your session has ended; sign in again'));
        socket.data.actor = found.actor;
        socket.data.role = found.session.role;
        socket.data.sessionId = found.session.id;
        socket.data.sessionRef = found.session.ref;
        socket.data.audience = audienceOf(found.session.role);
        void socket.join(sessionRoom(found.session.ref));
        next();
      },
      () => next(new Error('the server cannot check your session right now; retrying')),
    );
  };
}

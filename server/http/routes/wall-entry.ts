import { Router, type Request } from 'express';
import type { AuthService } from '../../auth/auth-service';
import { DomainError } from '../../domain/errors';
import { sessionIdFromCookieHeader, setSessionCookie } from '../../edge/session-cookie';

/**
 * A wall display is set up once by opening /wall?key=<display key>: the key becomes a long-lived
 * session cookie and the browser is sent on to /wall, so the key does not stay in the address
 * bar or the history of a screen on an open floor.
 *
 * The link signs a browser in without a password, so it must not be usable against someone
 * (login CSRF): it is refused when another site sent the browser here, and it never replaces
 * a workstation's session (a dispatcher's board would silently become the sender's wall).
 */
export function wallEntryRoutes(auth: AuthService): Router {
  const r = Router();
  r.get('/wall', async (req, res, next) => {
    const key = req.query.key;
    if (typeof key !== 'string') return next();
    const from = req.ip ?? 'unknown';
    const refusal = (await workstationSignedIn(auth, req))
      ? 'this browser is signed in to a workstation'
      : req.get('sec-fetch-site') === 'cross-site'
        ? 'opened from another site'
        : null;
    if (refusal) {
      await auth.refusedWallSignIn(from, refusal);
      res.redirect(303, '/login?error=wall-link-refused');
      return;
    }
    try {
      const session = await auth.wallSignIn(key, from);
      setSessionCookie(req, res, session.id, true);
      res.redirect(303, '/wall');
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      res.redirect(303, '/login?error=display-key');
    }
  });
  return r;
}

async function workstationSignedIn(auth: AuthService, req: Request): Promise<boolean> {
  const id = sessionIdFromCookieHeader(req.get('cookie'));
  if (!id) return false;
  const found = await auth.fromSession(id, false);
  return found !== null && found.session.kind === 'user';
}

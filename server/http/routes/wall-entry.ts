import { Router } from 'express';
import type { AuthService } from '../../auth/auth-service';
import { DomainError } from '../../domain/errors';
import { setSessionCookie } from '../../edge/session-cookie';

/**
 * A wall display is set up once by opening /wall?key=<display key>: the key becomes a long-lived
 * session cookie and the browser is sent on to /wall, so the key does not stay in the address
 * bar or the history of a screen on an open floor.
 */
export function wallEntryRoutes(auth: AuthService): Router {
  const r = Router();
  r.get('/wall', async (req, res, next) => {
    const key = req.query.key;
    if (typeof key !== 'string') return next();
    try {
      const session = await auth.wallSignIn(key, req.ip ?? 'unknown');
      setSessionCookie(req, res, session.id, true);
      res.redirect(303, '/wall');
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      res.redirect(303, '/login?error=display-key');
    }
  });
  return r;
}

import { Router } from 'express';
import { SignInInput, type SignedIn } from '../../../shared/auth';
import type { AuthService } from '../../auth/auth-service';
import type { Session } from '../../auth/session-store';
import { DomainError } from '../../domain/errors';
import { RateLimiter } from '../rate-limit';
import { principalOf, requireRole } from '../request-auth';
import { clearSessionCookie, setSessionCookie } from '../session-cookie';
import { parseInput } from '../validate';

/** Sign-in, who-am-I, sign-out and sign-out-everywhere for workstations. */
export function sessionRoutes(auth: AuthService, idleMinutes: number, endSockets: (sessionIds: string[]) => void): Router {
  const r = Router();
  // Failed attempts per client address: slows guessing across many accounts (the lockout guards
  // each account). Successes are not counted: a whole dispatch floor may sign in from one address.
  const failures = new RateLimiter(20, 10 * 60_000);

  r.post('/session', async (req, res) => {
    const from = req.ip ?? 'unknown';
    if (failures.isBlocked(from)) throw new DomainError('rate_limited', 'too many failed sign-ins from this address; wait a few minutes');
    const input = parseInput(SignInInput, req.body);
    const session = await auth.signIn(input.username, input.password, from).catch((err: unknown) => {
      failures.hit(from);
      throw err;
    });
    setSessionCookie(req, res, session.id, false);
    const body: SignedIn = { username: session.actor, role: session.role, idleMinutes };
    res.status(201).json(body);
  });

  r.get('/session', requireRole('wall', 'dispatcher', 'supervisor', 'coordinator', 'admin'), (_req, res) => {
    const p = principalOf(res)!;
    const session = res.locals.session as Session | undefined;
    res.json({ username: p.actor, role: p.role, idleMinutes: session && session.idleMs > 0 ? idleMinutes : null });
  });

  r.delete('/session', requireRole('wall', 'dispatcher', 'supervisor', 'coordinator', 'admin'), async (req, res) => {
    const session = res.locals.session as Session | undefined;
    if (session) {
      await auth.signOut(session);
      endSockets([session.id]);
    }
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  r.delete('/session/all', requireRole('dispatcher', 'supervisor', 'coordinator', 'admin'), async (req, res) => {
    const ended = await auth.signOutEverywhere(principalOf(res)!.actor, principalOf(res)!.actor);
    endSockets(ended);
    clearSessionCookie(req, res);
    res.json({ ended: ended.length });
  });

  return r;
}

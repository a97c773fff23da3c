import { createHash } from 'node:crypto';
import { Router } from 'express';
import { SignInInput, type SignedIn } from '../../../shared/auth';
import type { AuthService } from '../../auth/auth-service';
import type { Session } from '../../auth/session-store';
import type { WindowCounter } from '../../redis/window-counter';
import { DomainError } from '../../domain/errors';
import { principalOf, requireRole } from '../request-auth';
import { clearSessionCookie, setSessionCookie } from '../../edge/session-cookie';
import { parseInput } from '../../edge/validate';

/** Failed sign-ins counted per account and client address, and per address alone (a higher ceiling). */
export interface SignInLimits {
  perAccountAndAddress: WindowCounter;
  perAddress: WindowCounter;
}

/** The counter key of a (name, address) pair; the name is hashed, since people type passwords into it. */
function pairOf(username: string, from: string): string {
  return `${createHash('sha256').update(username.trim().toLowerCase()).digest('base64url').slice(0, 16)}@${from}`;
}

/** Sign-in, who-am-I, sign-out and sign-out-everywhere for workstations. */
export function sessionRoutes(auth: AuthService, idleMinutes: number, endSockets: (sessionRefs: string[]) => void, limits: SignInLimits): Router {
  const r = Router();

  r.post('/session', async (req, res) => {
    const from = req.ip ?? 'unknown';
    const username = SignInInput.safeParse(req.body).data?.username ?? '';
    const pair = pairOf(username, from);
    if ((await limits.perAddress.isBlocked(from)) || (await limits.perAccountAndAddress.isBlocked(pair))) {
      // Audited like every attempt, so guessing that goes on past the limit shows in the trail.
      await auth.refusedSignIn(username, from, 'too many failed sign-ins');
      throw new DomainError('rate_limited', 'too many failed sign-ins from this address; wait 15 minutes or ask an admin');
    }
    const input = parseInput(SignInInput, req.body);
    const session = await auth.signIn(input.username, input.password, from).catch(async (err: unknown) => {
      if (err instanceof DomainError) await Promise.all([limits.perAddress.hit(from), limits.perAccountAndAddress.hit(pair)]);
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
      endSockets([session.ref]);
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

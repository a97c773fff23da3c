import type { RequestHandler, Response } from 'express';
import { BACKGROUND_REQUEST_HEADER, type Principal } from '../../shared/auth';
import type { Role } from '../../shared/roles';
import type { AuditLog } from '../auth/audit-log';
import type { AuthService } from '../auth/auth-service';
import { DomainError } from '../domain/errors';
import type { CallerLimits } from '../edge/caller-limits';
import { originAllowed } from '../edge/origin';
import { sessionIdFromCookieHeader } from '../edge/session-cookie';

export type CallerRole = Role | 'ingest';

/**
 * The one place in front of the REST API where a caller is identified: the session cookie of a
 * board or wall, or an integration's `Authorization: Bearer <key>`. A browser request from a
 * foreign origin is refused before anything else.
 */
export function identifyCaller(auth: AuthService, allowedOrigins: readonly string[]): RequestHandler {
  return async (req, res, next) => {
    if (!originAllowed(req.get('origin'), req.get('host'), allowedOrigins)) {
      throw new DomainError('forbidden', `requests from ${req.get('origin')} are not allowed; add it to ALLOWED_ORIGINS if it is yours`);
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (bearer) {
      const principal = await auth.fromBearer(bearer);
      if (!principal) throw new DomainError('unauthorized', 'this API key is not valid (revoked or mistyped)');
      res.locals.principal = principal;
      return next();
    }
    const sessionId = sessionIdFromCookieHeader(req.get('cookie'));
    if (sessionId && changes(req.method) && !req.get('origin') && req.get('sec-fetch-site') !== 'same-origin') {
      // Browsers send Origin with every request that can change something; one without it that
      // carries a session cookie comes from somewhere a cookie should not be used from.
      throw new DomainError(
        'forbidden',
        'a request that changes something with a session cookie must come from the board (it carries an Origin header); integrations use an API key',
      );
    }
    if (sessionId) {
      const found = await auth.fromSession(sessionId, req.get(BACKGROUND_REQUEST_HEADER) !== '1');
      if (found) {
        res.locals.principal = { actor: found.actor, role: found.role, via: found.via, sessionId: found.sessionId } satisfies Principal;
        res.locals.session = found.session;
      }
    }
    next();
  };
}

const changes = (method: string): boolean => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/** Refuses a caller's change past its limit (CallerLimits), before anything is read or written. */
export function limitChanges(limits: CallerLimits): RequestHandler {
  return (req, res, next) => {
    const p = principalOf(res);
    if (p && changes(req.method) && !limits.allowChange(p)) {
      throw new DomainError('rate_limited', 'too many changes at once from this session or key; wait a moment and try again');
    }
    next();
  };
}

export function principalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | undefined) ?? null;
}

export function actorOf(res: Response): string {
  return principalOf(res)?.actor ?? 'anonymous';
}

/** Lets any identified caller through (401 otherwise); what they may do is decided further in. */
export const requireSignedIn: RequestHandler = (_req, res, next) => {
  if (!principalOf(res)) throw new DomainError('unauthorized', 'sign in first (POST /api/v1/session), or send an API key as Authorization: Bearer <key>');
  next();
};

/** Lets the request through only for the given roles: 401 without credentials, 403 with the wrong ones. */
export function requireRole(...roles: CallerRole[]): RequestHandler {
  return (_req, res, next) => {
    const p = principalOf(res);
    if (!p) throw new DomainError('unauthorized', 'sign in first (POST /api/v1/session), or send an API key as Authorization: Bearer <key>');
    if (!roles.includes(p.role)) throw new DomainError('forbidden', `your role (${p.role}) may not do this; it needs ${roles.join(' or ')}`);
    next();
  };
}

/**
 * What a request acts on, as the audit names it: the call or unit id for `/calls/:id…` and
 * `/units/:id…` (so "everything about call X" finds REST and board commands alike), else the path.
 */
export function auditSubjectOf(path: string): string {
  const entity = /^\/(?:calls|units)\/([^/]+)/.exec(path)?.[1];
  if (!entity) return path;
  try {
    return decodeURIComponent(entity).slice(0, 64);
  } catch {
    return entity.slice(0, 64);
  }
}

/** A unit position report (single or batch) from an AVL feed. */
export function isPositionReport(method: string, path: string): boolean {
  return method === 'POST' && (path === '/units/positions' || /^\/units\/[^/]+\/position$/.test(path));
}

/**
 * Audits every request that changes something, and every refusal for lack of rights, with its
 * outcome, once the response is sent.
 */
export function auditRequests(audit: AuditLog): RequestHandler {
  return (req, res, next) => {
    // Read now: by the time 'finish' fires, the error handler may have run with other paths.
    const path = req.path;
    const where = `${req.baseUrl}${req.path}`;
    res.on('finish', () => {
      const mutating = changes(req.method);
      const refused = res.statusCode === 401 || res.statusCode === 403;
      if (!mutating && !refused) return;
      // Sign-in and sign-out audit themselves; "am I signed in?" answered no is not an event.
      if (path === '/session') return;
      // Positions are telemetry, counted on /metrics: auditing each would fill Redis (about
      // 300 MB a day for 150 units) with records nobody reads. Refusals are still audited.
      if (!refused && isPositionReport(req.method, path)) return;
      void audit.record({
        component: 'rest',
        type: 'command',
        actor: actorOf(res),
        outcome: refused ? 'denied' : res.statusCode < 400 ? 'success' : 'failure',
        // An operation names its subject itself (shared/operations.ts); other routes by their path.
        subject: (res.locals.auditSubject as string | undefined) || auditSubjectOf(path),
        detail: `${req.method} ${where} -> ${res.statusCode}`,
      });
    });
    next();
  };
}

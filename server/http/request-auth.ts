import type { RequestHandler } from 'express';

/**
 * The one place in front of the REST API where a caller is identified. Until access control
 * lands, every caller is the anonymous integration "api"; later this checks the session cookie
 * or the `Authorization: Bearer` ingest key and sets the real actor and role.
 */
export const identifyCaller: RequestHandler = (_req, res, next) => {
  res.locals.actor = 'api';
  next();
};

export function actorOf(res: { locals: Record<string, unknown> }): string {
  return typeof res.locals.actor === 'string' ? res.locals.actor : 'api';
}

import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'tandem_session';
const YEAR_S = 365 * 86_400;

export function sessionIdFromCookieHeader(header: string | undefined): string | null {
  if (!header) return null;
  return parse(header)[SESSION_COOKIE] ?? null;
}

/**
 * Sets the session cookie: httpOnly (no script can read it), SameSite=Strict (no other site can
 * send it), Secure when the request came over TLS. Workstation cookies end with the browser;
 * wall displays keep theirs for a year (the server still ends it when the key is revoked).
 */
export function setSessionCookie(req: Request, res: Response, sessionId: string, persistent: boolean): void {
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', ...(persistent ? { maxAge: YEAR_S } : {}) }),
  );
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: 0 }));
}

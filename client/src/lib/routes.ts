import type { Role } from '../../../shared/roles';

/**
 * The app's pages, from the address bar. Pure (no DOM, no runes) so the rules about who lands
 * where are unit-tested; lib/route.svelte.ts tracks the address, App.svelte renders the page.
 */
export type RouteName = 'home' | 'login' | 'board' | 'coordinator' | 'history' | 'replay' | 'reports' | 'wall' | 'admin' | 'unknown';

const PATHS: Readonly<Record<string, RouteName>> = {
  '/': 'home',
  '/login': 'login',
  '/board': 'board',
  '/coordinator': 'coordinator',
  '/history': 'history',
  '/replay': 'replay',
  '/reports': 'reports',
  '/wall': 'wall',
  '/admin': 'admin',
};

/** The page for a pathname; a trailing slash is forgiven ("/board/" is the board). */
export function parseRoute(pathname: string): RouteName {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return PATHS[trimmed || '/'] ?? 'unknown';
}

/** Where a role starts: the wall on its screen, admins on accounts and keys, coordinators on their roster, dispatchers and supervisors on the board. */
export function homeFor(role: Role): string {
  if (role === 'wall') return '/wall';
  if (role === 'admin') return '/admin';
  if (role === 'coordinator') return '/coordinator';
  return '/board';
}

/**
 * Where a signed-in `role` asking for `route` is sent instead, or null when it may stay.
 * - A wall session only ever shows the wall: it must never end up on a page with details.
 * - /admin is for admins; the server refuses the API anyway, the page would only show errors.
 * - Workstation roles (and admins) may open /wall as a preview of what the floor sees; admins
 *   see no more of the live board than that (their socket gets the wall's redacted view).
 */
export function redirectFor(route: RouteName, role: Role): string | null {
  switch (route) {
    case 'home':
    case 'unknown':
    case 'login':
      return homeFor(role);
    // Past calls hold the same caller data as live ones: the wall never sees them, and admins
    // (who read no calls) are sent to their own pages.
    case 'board':
    case 'coordinator':
    case 'history':
    case 'replay':
      return role === 'wall' ? '/wall' : role === 'admin' ? '/admin' : null;
    case 'admin':
      return role === 'admin' ? null : homeFor(role);
    // Program figures (counts, no caller data): supervisors, coordinators and admins.
    case 'reports':
      return role === 'supervisor' || role === 'coordinator' || role === 'admin' ? null : homeFor(role);
    case 'wall':
      return null;
  }
}

const SAFE_BASE = 'http://same-origin.invalid';

/**
 * A `?next=` value made safe to navigate to: a path on this site, or null. Refuses anything that
 * could leave the site ("//evil.example", "https://...", "/\\evil.example", "javascript:..."),
 * control characters, and /login itself (a sign-in must not lead back to the sign-in page).
 */
export function safeNextPath(raw: string | null | undefined): string | null {
  if (!raw || raw.length > 500) return null;
  // Browsers read "\" as "/" in URLs, so "/\evil.example" would be another host.
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw, SAFE_BASE);
  } catch {
    return null;
  }
  if (url.origin !== SAFE_BASE) return null;
  if (parseRoute(url.pathname) === 'login') return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Why the sign-in page was opened, shown above the form. */
export type LoginReason = 'display-key' | 'wall-link-refused' | 'display-ended' | 'session-ended' | 'signed-out';

export const LOGIN_REASONS: Readonly<Record<LoginReason, { text: string; kind: 'error' | 'notice' }>> = {
  'display-key': { text: 'That display key is not valid (revoked or mistyped). Ask an administrator for a new one.', kind: 'error' },
  'wall-link-refused': {
    text: 'The wall display link was not used: it works only when pasted into the address bar of a screen that is not signed in. If you are signed in here, your session goes on.',
    kind: 'notice',
  },
  'display-ended': {
    text: 'This wall display was signed out: its display key was revoked or its session ended. Ask an administrator for a new wall link.',
    kind: 'notice',
  },
  'session-ended': { text: 'Your session ended; sign in again.', kind: 'notice' },
  'signed-out': { text: 'You are signed out.', kind: 'notice' },
};

export function loginReason(raw: string | null): LoginReason | null {
  return raw !== null && Object.hasOwn(LOGIN_REASONS, raw) ? (raw as LoginReason) : null;
}

/**
 * The sign-in address that brings the user back to `from` afterwards. The start page is not
 * kept: after sign-in each role goes to its own home (an admin to /admin, not the board).
 */
export function loginUrl(from: string | null, reason?: LoginReason): string {
  const params = new URLSearchParams();
  if (reason) params.set('error', reason);
  const next = safeNextPath(from);
  if (next && parseRoute(next.split(/[?#]/)[0] ?? '') !== 'home') params.set('next', next);
  const query = params.toString();
  return query ? `/login?${query}` : '/login';
}

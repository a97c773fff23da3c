/**
 * Is a browser request from an origin we serve? Same-origin requests (the Origin's host is the
 * Host we were reached at) always are; others only when listed in ALLOWED_ORIGINS. A request
 * with no Origin header comes from a non-browser client (curl, a CAD system) and is judged by
 * its credentials alone.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

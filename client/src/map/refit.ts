/** When the wall's map refits: pure, so it is tested without Leaflet or a browser. */

/** At most one refit a minute: a wall that keeps zooming is harder to read than one a little off. */
export const REFIT_MIN_INTERVAL_MS = 60_000;

export interface RefitInput {
  now: number;
  /** When the view was last fitted; null before the first fit. */
  lastFitAt: number | null;
  minIntervalMs: number;
  /** Whether everything that should show (service area and open calls) is inside the view. */
  contained: boolean;
  /** The zoom that fits everything, and the current zoom. */
  idealZoom: number;
  zoom: number;
}

/**
 * Whether to refit now. The first fit happens at once; after that, only when something that
 * should show is out of view, or the view is zoomed out further than needed (a far call has
 * closed), and not more than once per `minIntervalMs`.
 */
export function needsRefit({ now, lastFitAt, minIntervalMs, contained, idealZoom, zoom }: RefitInput): boolean {
  if (lastFitAt === null) return true;
  if (now - lastFitAt < minIntervalMs) return false;
  return !contained || Math.abs(idealZoom - zoom) >= 0.5;
}

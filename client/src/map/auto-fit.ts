import * as L from 'leaflet';
import { needsRefit, REFIT_MIN_INTERVAL_MS } from './refit';

/** A point in [lat, lon] order. */
export type LatLonPoint = readonly [number, number];

/** The bounds that cover `area` (when known) and every point; null when there is nothing. */
export function coverBounds(area: L.LatLngBounds | null, points: Iterable<LatLonPoint>): L.LatLngBounds | null {
  let bounds = area ? L.latLngBounds(area.getSouthWest(), area.getNorthEast()) : null;
  for (const [lat, lon] of points) {
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    if (bounds) bounds.extend([lat, lon]);
    else bounds = L.latLngBounds([lat, lon], [lat, lon]);
  }
  return bounds;
}

export interface AutoFitOptions {
  minIntervalMs?: number;
  /** Pixels kept free around the fitted bounds: top-left and bottom-right (the legend, attribution). */
  paddingTopLeft?: L.PointTuple;
  paddingBottomRight?: L.PointTuple;
  /** A fit is animated unless the user asked for reduced motion. */
  animate?: boolean;
  now?: () => number;
}

/**
 * Keeps a map fitted to the service area plus the open calls, for a screen nobody touches.
 * Holds only the area's bounds and the last call positions it was given (replaced, not
 * accumulated); checks whenever calls change or the map's size changes, refits gently.
 */
export class AutoFit {
  readonly #map: L.Map;
  readonly #minIntervalMs: number;
  readonly #topLeft: L.PointTuple;
  readonly #bottomRight: L.PointTuple;
  readonly #animate: boolean;
  readonly #now: () => number;
  #area: L.LatLngBounds | null = null;
  #points: LatLonPoint[] = [];
  #lastFitAt: number | null = null;
  #sizeTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(map: L.Map, opts: AutoFitOptions = {}) {
    this.#map = map;
    this.#minIntervalMs = opts.minIntervalMs ?? REFIT_MIN_INTERVAL_MS;
    this.#topLeft = opts.paddingTopLeft ?? [40, 40];
    this.#bottomRight = opts.paddingBottomRight ?? [40, 40];
    this.#animate = opts.animate ?? true;
    this.#now = opts.now ?? Date.now;
  }

  /** The service area (district outlines): the first time it is known, the map fits it at once. */
  setArea(bounds: L.LatLngBounds): void {
    if (!bounds.isValid()) return;
    this.#area = bounds;
    this.#fit(false);
  }

  /** The open calls' positions; refits when they call for it (rate limited). */
  setPoints(points: LatLonPoint[]): void {
    this.#points = points;
    this.check();
  }

  /** The map's size changed (window, layout): fit again soon, without waiting a minute. */
  resized(): void {
    if (this.#sizeTimer !== undefined) clearTimeout(this.#sizeTimer);
    this.#sizeTimer = setTimeout(() => {
      this.#sizeTimer = undefined;
      if (this.#lastFitAt !== null) this.#fit(false);
    }, 300);
  }

  check(): void {
    if (this.#disposed) return;
    const target = coverBounds(this.#area, this.#points);
    if (!target) return;
    const map = this.#map;
    const size = map.getSize();
    if (size.x === 0 || size.y === 0) return;
    const refit = needsRefit({
      now: this.#now(),
      lastFitAt: this.#lastFitAt,
      minIntervalMs: this.#minIntervalMs,
      contained: map.getBounds().contains(target),
      idealZoom: map.getBoundsZoom(target, false, L.point(this.#topLeft).add(this.#bottomRight)),
      zoom: map.getZoom(),
    });
    if (refit) this.#fit(this.#animate && this.#lastFitAt !== null);
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#sizeTimer !== undefined) clearTimeout(this.#sizeTimer);
    this.#points = [];
  }

  #fit(animate: boolean): void {
    if (this.#disposed) return;
    const target = coverBounds(this.#area, this.#points);
    if (!target) return;
    const size = this.#map.getSize();
    if (size.x === 0 || size.y === 0) return;
    this.#map.fitBounds(target, { paddingTopLeft: this.#topLeft, paddingBottomRight: this.#bottomRight, animate, duration: 1.5 });
    this.#lastFitAt = this.#now();
  }
}

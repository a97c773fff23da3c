import * as L from 'leaflet';
import type { UnitShape } from '../lib/palette';

/**
 * A canvas circle marker that can also be drawn as a diamond or a square, so co-response
 * units differ from police/EMS/fire by shape and not only by colour, while all units stay on
 * one canvas (thousands of DOM markers would not move smoothly).
 *
 * Leaflet's CircleMarker asks its renderer to `_updateCircle(this)`; we ask for
 * `_updateShape(this)` instead, added to L.Canvas with `include` (the usual plugin pattern).
 * Shapes stay inside the circle's radius: the canvas uses that box to clear and hit-test.
 */
export interface ShapeMarkerOptions extends L.CircleMarkerOptions {
  shape: UnitShape;
}

/** The Leaflet internals the drawing code touches (private API, stable across 1.x). */
interface ShapeMarkerInternals {
  _renderer: CanvasInternals;
  _point: L.Point;
  _radius: number;
  _empty(): boolean;
  options: ShapeMarkerOptions;
}

interface CanvasInternals {
  _drawing: boolean;
  _ctx: CanvasRenderingContext2D;
  _fillStroke(ctx: CanvasRenderingContext2D, layer: ShapeMarkerInternals): void;
  _updateCircle(layer: ShapeMarkerInternals): void;
  _updateShape?(layer: ShapeMarkerInternals): void;
}

const shapeDrawing: Pick<CanvasInternals, '_updateShape'> & ThisType<CanvasInternals> = {
  _updateShape(layer) {
    if (!this._drawing || layer._empty()) return;
    const { x, y } = layer._point;
    const r = Math.max(Math.round(layer._radius), 1);
    const ctx = this._ctx;
    ctx.beginPath();
    if (layer.options.shape === 'diamond') {
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
    } else {
      // A square a little smaller than the circle's box reads as the same size as the others.
      const h = Math.round(r * 0.85);
      ctx.rect(x - h, y - h, 2 * h, 2 * h);
    }
    this._fillStroke(ctx, layer);
  },
};

L.Canvas.include(shapeDrawing);

export class ShapeMarker extends L.CircleMarker {
  declare options: ShapeMarkerOptions;

  constructor(latlng: L.LatLngExpression, options: ShapeMarkerOptions) {
    super(latlng, options);
  }

  /** Called by Leaflet on every redraw of this marker. */
  _updatePath(): void {
    const self = this as unknown as ShapeMarkerInternals;
    const renderer = self._renderer;
    if (this.options.shape !== 'circle' && renderer._updateShape) renderer._updateShape(self);
    else renderer._updateCircle(self);
  }
}

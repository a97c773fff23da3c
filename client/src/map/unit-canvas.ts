import type * as L from 'leaflet';
import type { Unit } from '../../../shared/unit';
import { UNIT_STYLE } from '../lib/palette';
import { makeSprite, SpriteCache, stamp, type Sprite } from './sprites';
import { dotAlpha, hits, sizeAt, squareHalf, STYLES, styleIndex, typeOfStyle, unitSpriteHalf, unitSpriteKey, type DrawSize, type DrawStyle } from './unit-draw';
import { ViewCanvas, type PaintFrame } from './view-canvas';

/** One unit as the canvas knows it. */
export interface Dot {
  unit: Unit;
  lat: number;
  lon: number;
  /** Projected (world pixel) position at the zoom of the last projection. */
  px: number;
  py: number;
  /** Index in STYLES: the paint order. */
  style: number;
}

/**
 * Every unit on one canvas, painted in one pass: each style (colour, shape, free/busy/off, size
 * at this zoom) is rendered once into a sprite and stamped at every unit of that style, style by
 * style in paint order (co-response last, on top). Units off screen are skipped. Changes only
 * mark the canvas dirty; it is repainted at most once per animation frame, however many batches
 * arrived.
 *
 * Leaflet's own L.Canvas keeps a layer object per path and repaints dirty rectangles path by
 * path, which with moves all over the city means a full repaint of 5,000 paths per batch.
 */
export class UnitCanvas extends ViewCanvas {
  readonly #dots = new Map<string, Dot>();
  readonly #radiusScale: number;
  /** Extra pixels around a unit that still count as a click on it. */
  readonly #tolerance: number;
  readonly #onclick: (unit: Unit) => void;
  /** Something drawn above the units (the calls) holds this point: clicks and cursor are its. */
  readonly #covered: (containerPoint: L.Point) => boolean;
  readonly #sprites = new SpriteCache();
  /** Per style, the canvas positions of its units in this repaint (reused between repaints). */
  readonly #buckets: number[][] = STYLES.map(() => []);
  #hoverFrame: number | undefined;
  #hoverPoint: L.Point | undefined;

  constructor(opts: { radiusScale: number; tolerance: number; onclick: (unit: Unit) => void; covered?: (containerPoint: L.Point) => boolean }) {
    super({ pane: 'overlayPane', className: 'units-canvas' });
    this.#radiusScale = opts.radiusScale;
    this.#tolerance = opts.tolerance;
    this.#onclick = opts.onclick;
    this.#covered = opts.covered ?? (() => false);
  }

  /** Adds, moves or restyles a unit; the next frame paints it. */
  set(unit: Unit, lat: number, lon: number): void {
    const style = styleIndex(unit.type, unit.status);
    const dot = this.#dots.get(unit.id);
    if (dot) {
      dot.unit = unit;
      dot.style = style;
      if (dot.lat === lat && dot.lon === lon) return this.redraw();
      dot.lat = lat;
      dot.lon = lon;
      this.#project(dot);
    } else {
      const fresh: Dot = { unit, lat, lon, px: 0, py: 0, style };
      this.#project(fresh);
      this.#dots.set(unit.id, fresh);
    }
    this.redraw();
  }

  delete(id: string): void {
    if (this.#dots.delete(id)) this.redraw();
  }

  get(id: string): Dot | undefined {
    return this.#dots.get(id);
  }

  ids(): IterableIterator<string> {
    return this.#dots.keys();
  }

  override onAdd(map: L.Map): this {
    super.onAdd(map);
    map.on('click', this.#click);
    map.on('mousemove', this.#hover);
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('click', this.#click);
    map.off('mousemove', this.#hover);
    if (this.#hoverFrame !== undefined) cancelAnimationFrame(this.#hoverFrame);
    this.#hoverFrame = undefined;
    return super.onRemove(map);
  }

  /** The unit drawn topmost under a container point, if any. */
  unitAt(containerPoint: L.Point): Unit | undefined {
    const at = this.worldPoint(containerPoint);
    if (!at) return undefined;
    const zoom = this.projectedZoom;
    let best: Dot | undefined;
    // The rule of topmostHit (unit-draw.ts), inline to avoid building a list per mouse move.
    for (const dot of this.#dots.values()) {
      // Later styles are painted on top; within a style, later dots are (Map order).
      if (best && dot.style < best.style) continue;
      const style = STYLES[dot.style]!;
      const { radius } = this.#sizeOf(dot.style, zoom);
      if (hits(style.shape, dot.px, dot.py, radius, at.x, at.y, this.#tolerance)) best = dot;
    }
    return best?.unit;
  }

  readonly #click = (e: L.LeafletMouseEvent): void => {
    if (this.#covered(e.containerPoint)) return;
    const unit = this.unitAt(e.containerPoint);
    if (unit) this.#onclick(unit);
  };

  /** Pointer cursor over a unit (or whatever covers it), checked at most once a frame. */
  readonly #hover = (e: L.LeafletMouseEvent): void => {
    this.#hoverPoint = e.containerPoint;
    if (this.#hoverFrame !== undefined) return;
    this.#hoverFrame = requestAnimationFrame(() => {
      this.#hoverFrame = undefined;
      const point = this.#hoverPoint;
      const over = point !== undefined && (this.#covered(point) || this.unitAt(point) !== undefined);
      const container = this._map?.getContainer();
      const cursor = over ? 'pointer' : '';
      if (container && container.style.cursor !== cursor) container.style.cursor = cursor;
    });
  };

  #sizeOf(style: number, zoom: number): DrawSize {
    const s = STYLES[style]!;
    const base = UNIT_STYLE[typeOfStyle(style)].radius * this.#radiusScale;
    return sizeAt(s, base, zoom);
  }

  #project(dot: Dot): void {
    const p = this.project(dot.lat, dot.lon);
    if (!p) return;
    dot.px = p.x;
    dot.py = p.y;
  }

  protected override reproject(): void {
    for (const dot of this.#dots.values()) this.#project(dot);
  }

  #sprite(style: number, size: DrawSize, ratio: number): Sprite {
    return this.#sprites.get(unitSpriteKey(style, size, ratio), () => {
      const s = STYLES[style]!;
      return makeSprite(unitSpriteHalf(s, size), ratio, (ctx) => drawUnit(ctx, s, size));
    });
  }

  protected override paint({ ctx, ox, oy, width: w, height: h, ratio, zoom }: PaintFrame): void {
    const buckets = this.#buckets;
    for (const b of buckets) b.length = 0;
    const sizes = STYLES.map((_, i) => this.#sizeOf(i, zoom));
    // Sort into styles (the paint order), skipping what is off the canvas.
    for (const dot of this.#dots.values()) {
      const r = sizes[dot.style]!.radius + 2;
      const x = Math.round(dot.px - ox);
      const y = Math.round(dot.py - oy);
      if (x < -r || y < -r || x > w + r || y > h + r) continue;
      buckets[dot.style]!.push(x, y);
    }
    for (let i = 0; i < STYLES.length; i++) {
      const b = buckets[i]!;
      if (b.length === 0) continue;
      const sprite = this.#sprite(i, sizes[i]!, ratio);
      for (let k = 0; k < b.length; k += 2) stamp(ctx, sprite, b[k]!, b[k + 1]!, ratio);
    }
  }
}

/** One unit's shape around (0, 0) in CSS pixels: the looks the board has always had. */
function drawUnit(ctx: CanvasRenderingContext2D, style: DrawStyle, size: DrawSize): void {
  const path = new Path2D();
  const { radius, outlined } = size;
  if (style.shape === 'circle') {
    path.arc(0, 0, radius, 0, Math.PI * 2);
  } else if (style.shape === 'diamond') {
    const r = Math.max(Math.round(radius), 1);
    path.moveTo(0, -r);
    path.lineTo(r, 0);
    path.lineTo(0, r);
    path.lineTo(-r, 0);
    path.closePath();
  } else {
    const half = squareHalf(Math.max(Math.round(radius), 1));
    path.rect(-half, -half, 2 * half, 2 * half);
  }
  ctx.fillStyle = style.fill;
  ctx.globalAlpha = outlined ? style.fillAlpha : dotAlpha(style);
  ctx.fill(path);
  if (!outlined) return;
  ctx.strokeStyle = style.stroke;
  ctx.globalAlpha = style.strokeAlpha;
  ctx.lineWidth = style.lineWidth;
  ctx.setLineDash(style.dash);
  ctx.stroke(path);
}

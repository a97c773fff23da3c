import * as L from 'leaflet';
import type { Unit } from '../../../shared/unit';
import { UNIT_STYLE } from '../lib/palette';
import { dotAlpha, hits, sizeAt, squareHalf, STYLES, styleIndex, typeOfStyle, type DrawSize } from './unit-draw';

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
 * Every unit on one canvas, painted in one pass: one path per style (colour, shape,
 * free/busy/off) holding every unit of that style, so 5,000 units cost about fifteen fills and
 * strokes rather than 5,000 of each. Units off screen are skipped. Changes only mark the canvas
 * dirty; it is repainted at most once per animation frame, however many batches arrived.
 *
 * Leaflet's own L.Canvas keeps a layer object per path and repaints dirty rectangles path by
 * path, which with moves all over the city means a full repaint of 5,000 paths per batch. The
 * container handling below follows L.Renderer/L.Canvas (padding, zoom animation transform).
 */
export class UnitCanvas extends L.Layer {
  readonly #dots = new Map<string, Dot>();
  readonly #radiusScale: number;
  /** Extra pixels around a unit that still count as a click on it. */
  readonly #tolerance: number;
  /**
   * A share of the map size drawn beyond each edge, so a short pan shows no blank strip. Kept
   * small: every repaint clears and rasterises the whole canvas (in software on many floors).
   */
  readonly #padding = 0.1;
  readonly #onclick: (unit: Unit) => void;

  #canvas: HTMLCanvasElement | undefined;
  #ctx: CanvasRenderingContext2D | null = null;
  /** The canvas's top-left corner in layer pixels, and its size in CSS pixels. */
  #min = L.point(0, 0);
  #size = L.point(0, 0);
  /** Zoom and centre the canvas was last laid out for (for the zoom animation). */
  #zoom = 0;
  #center = L.latLng(0, 0);
  /** Zoom the dots' px/py are projected at. */
  #projectedZoom = Number.NaN;
  #frame: number | undefined;
  #hoverFrame: number | undefined;
  #hoverPoint: L.Point | undefined;

  constructor(opts: { radiusScale: number; tolerance: number; onclick: (unit: Unit) => void }) {
    super({ pane: 'overlayPane' });
    this.#radiusScale = opts.radiusScale;
    this.#tolerance = opts.tolerance;
    this.#onclick = opts.onclick;
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

  /** Asks for a repaint on the next animation frame (several asks make one repaint). */
  redraw(): void {
    if (this.#frame !== undefined || !this.#ctx) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = undefined;
      this.#draw();
    });
  }

  override onAdd(map: L.Map): this {
    const canvas = document.createElement('canvas');
    // Animated with the map's zoom like Leaflet's own renderers.
    canvas.className = 'leaflet-zoom-animated units-canvas';
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d');
    this.getPane()!.appendChild(canvas);
    this.#projectedZoom = Number.NaN;
    this.#layout(map);
    map.on('click', this.#click);
    map.on('mousemove', this.#hover);
    return this;
  }

  override onRemove(map: L.Map): this {
    map.off('click', this.#click);
    map.off('mousemove', this.#hover);
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    if (this.#hoverFrame !== undefined) cancelAnimationFrame(this.#hoverFrame);
    this.#frame = this.#hoverFrame = undefined;
    this.#canvas?.remove();
    this.#canvas = undefined;
    this.#ctx = null;
    return this;
  }

  override getEvents(): { [name: string]: L.LeafletEventHandlerFn } {
    return {
      viewreset: () => this.#layout(this._map),
      moveend: () => this.#layout(this._map),
      zoom: () => this.#transform(this._map.getCenter(), this._map.getZoom()),
      zoomanim: (e) => {
        const z = e as L.ZoomAnimEvent;
        this.#transform(z.center, z.zoom);
      },
    };
  }

  /** The unit drawn topmost under a container point, if any. */
  unitAt(containerPoint: L.Point): Unit | undefined {
    const map = this._map;
    if (!map || !this.#ctx || Number.isNaN(this.#projectedZoom)) return undefined;
    // In the same world pixels the dots are projected in (also right mid zoom animation).
    const zoom = this.#projectedZoom;
    const { x, y } = map.project(map.containerPointToLatLng(containerPoint), zoom);
    let best: Dot | undefined;
    // The rule of topmostHit (unit-draw.ts), inline to avoid building a list per mouse move.
    for (const dot of this.#dots.values()) {
      // Later styles are painted on top; within a style, later dots are (Map order).
      if (best && dot.style < best.style) continue;
      const style = STYLES[dot.style]!;
      const { radius } = this.#sizeOf(dot.style, zoom);
      if (hits(style.shape, dot.px, dot.py, radius, x, y, this.#tolerance)) best = dot;
    }
    return best?.unit;
  }

  readonly #click = (e: L.LeafletMouseEvent): void => {
    const unit = this.unitAt(e.containerPoint);
    if (unit) this.#onclick(unit);
  };

  /** Pointer cursor over a unit, checked at most once a frame. */
  readonly #hover = (e: L.LeafletMouseEvent): void => {
    this.#hoverPoint = e.containerPoint;
    if (this.#hoverFrame !== undefined) return;
    this.#hoverFrame = requestAnimationFrame(() => {
      this.#hoverFrame = undefined;
      const over = this.#hoverPoint !== undefined && this.unitAt(this.#hoverPoint) !== undefined;
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
    const map = this._map;
    if (!map || Number.isNaN(this.#projectedZoom)) return;
    const p = map.project([dot.lat, dot.lon], this.#projectedZoom);
    dot.px = p.x;
    dot.py = p.y;
  }

  /** Sizes and places the canvas over the view (plus padding) and paints at once. */
  #layout(map: L.Map): void {
    const canvas = this.#canvas;
    // Mid zoom animation the transform is doing the work; moveend comes after.
    if (!canvas || (map as unknown as { _animatingZoom?: boolean })._animatingZoom) return;
    const p = this.#padding;
    const size = map.getSize();
    const min = map.containerPointToLayerPoint(size.multiplyBy(-p)).round();
    const full = size.multiplyBy(1 + 2 * p).round();
    this.#min = min;
    this.#zoom = map.getZoom();
    this.#center = map.getCenter();
    L.DomUtil.setPosition(canvas, min);
    const ratio = window.devicePixelRatio || 1;
    if (!full.equals(this.#size) || canvas.width !== Math.round(full.x * ratio)) {
      canvas.width = Math.round(full.x * ratio);
      canvas.height = Math.round(full.y * ratio);
      canvas.style.width = `${full.x}px`;
      canvas.style.height = `${full.y}px`;
      this.#size = full;
    }
    if (this.#zoom !== this.#projectedZoom) {
      this.#projectedZoom = this.#zoom;
      for (const dot of this.#dots.values()) this.#project(dot);
    }
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
    // At once, not next frame: the canvas has just moved and would show old units for a frame.
    this.#draw();
  }

  /** As L.Renderer#_updateTransform: scales and offsets the canvas during a zoom animation. */
  #transform(center: L.LatLng, zoom: number): void {
    const map = this._map;
    const canvas = this.#canvas;
    if (!map || !canvas) return;
    const scale = map.getZoomScale(zoom, this.#zoom);
    const viewHalf = map.getSize().multiplyBy(0.5 + this.#padding);
    const currentCenterPoint = map.project(this.#center, zoom);
    const internals = map as unknown as { _getNewPixelOrigin(center: L.LatLng, zoom: number): L.Point };
    const topLeft = viewHalf.multiplyBy(-scale).add(currentCenterPoint).subtract(internals._getNewPixelOrigin(center, zoom));
    L.DomUtil.setTransform(canvas, topLeft, scale);
  }

  #draw(): void {
    const ctx = this.#ctx;
    const map = this._map;
    if (!ctx || !map || Number.isNaN(this.#projectedZoom)) return;
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.#size.x, this.#size.y);
    const origin = map.getPixelOrigin();
    // World pixel -> canvas pixel.
    const ox = origin.x + this.#min.x;
    const oy = origin.y + this.#min.y;
    const w = this.#size.x;
    const h = this.#size.y;
    const zoom = this.#projectedZoom;

    // One path per style, filled in a single pass over the units.
    const paths: (Path2D | undefined)[] = new Array(STYLES.length);
    const sizes = STYLES.map((_, i) => this.#sizeOf(i, zoom));
    for (const dot of this.#dots.values()) {
      const { radius } = sizes[dot.style]!;
      const x = Math.round(dot.px - ox);
      const y = Math.round(dot.py - oy);
      // Off the canvas (with room for the outline): not drawn.
      if (x < -radius - 2 || y < -radius - 2 || x > w + radius + 2 || y > h + radius + 2) continue;
      const path = (paths[dot.style] ??= new Path2D());
      trace(path, STYLES[dot.style]!.shape, x, y, radius);
    }
    for (let i = 0; i < STYLES.length; i++) {
      const path = paths[i];
      if (!path) continue;
      const style = STYLES[i]!;
      const { outlined } = sizes[i]!;
      ctx.fillStyle = style.fill;
      ctx.globalAlpha = outlined ? style.fillAlpha : dotAlpha(style);
      ctx.fill(path);
      if (!outlined) continue;
      ctx.strokeStyle = style.stroke;
      ctx.globalAlpha = style.strokeAlpha;
      ctx.lineWidth = style.lineWidth;
      ctx.setLineDash(style.dash);
      ctx.stroke(path);
    }
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
  }
}

/** Adds one unit's outline to a style's path (a closed sub-path: one fill covers them all). */
function trace(path: Path2D, shape: string, x: number, y: number, radius: number): void {
  if (shape === 'circle') {
    path.moveTo(x + radius, y);
    path.arc(x, y, radius, 0, Math.PI * 2);
  } else if (shape === 'diamond') {
    const r = Math.max(Math.round(radius), 1);
    path.moveTo(x, y - r);
    path.lineTo(x + r, y);
    path.lineTo(x, y + r);
    path.lineTo(x - r, y);
    path.closePath();
  } else {
    const half = squareHalf(Math.max(Math.round(radius), 1));
    path.rect(x - half, y - half, 2 * half, 2 * half);
  }
}

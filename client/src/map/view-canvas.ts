import * as L from 'leaflet';

/** Where a repaint draws: the canvas's origin in world pixels and its size, at a zoom. */
export interface PaintFrame {
  ctx: CanvasRenderingContext2D;
  /** World pixel (at `zoom`) of the canvas's top-left corner: canvas x = world x - ox. */
  ox: number;
  oy: number;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /** Device pixels per CSS pixel of the backing store. */
  ratio: number;
  /** The zoom positions are projected at. */
  zoom: number;
}

/**
 * One canvas over the map view (plus a little padding), for layers that paint many things in
 * one pass (units, calls). Changes only mark it dirty; it is repainted at most once per
 * animation frame. The container handling follows L.Renderer/L.Canvas (padding, zoom animation
 * transform). Subclasses keep their items projected at `projectedZoom` (world pixels) and
 * paint them in `paint`.
 */
export abstract class ViewCanvas extends L.Layer {
  /**
   * A share of the map size drawn beyond each edge, so a short pan shows no blank strip. Kept
   * small: every repaint clears and rasterises the whole canvas (in software on many floors).
   */
  readonly #padding: number;
  readonly #className: string;

  #canvas: HTMLCanvasElement | undefined;
  #ctx: CanvasRenderingContext2D | null = null;
  /** The canvas's top-left corner in layer pixels, and its size in CSS pixels. */
  #min = L.point(0, 0);
  #size = L.point(0, 0);
  /** Zoom and centre the canvas was last laid out for (for the zoom animation). */
  #zoom = 0;
  #center = L.latLng(0, 0);
  #frame: number | undefined;
  /** Zoom the items are projected at; NaN until laid out. */
  protected projectedZoom = Number.NaN;

  constructor(opts: { pane: string; className: string; padding?: number }) {
    super();
    // L.Layer takes no options in its constructor: set them as Leaflet's own layers do.
    L.setOptions(this, { pane: opts.pane });
    this.#className = opts.className;
    this.#padding = opts.padding ?? 0.1;
  }

  /** The canvas element, while on a map. */
  protected get canvas(): HTMLCanvasElement | undefined {
    return this.#canvas;
  }

  /** Paints every item; the canvas is already cleared and in device pixels (identity transform). */
  protected abstract paint(frame: PaintFrame): void;

  /** Projects every item at `zoom` (world pixels); called when the zoom changed. */
  protected abstract reproject(zoom: number): void;

  /** Asks for a repaint on the next animation frame (several asks make one repaint). */
  redraw(): void {
    if (this.#frame !== undefined || !this.#ctx) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = undefined;
      this.#draw();
    });
  }

  /** The world pixel (at the projected zoom) under a container point; undefined when not laid out. */
  protected worldPoint(containerPoint: L.Point): L.Point | undefined {
    const map = this._map;
    if (!map || !this.#ctx || Number.isNaN(this.projectedZoom)) return undefined;
    // In the same world pixels the items are projected in (also right mid zoom animation).
    return map.project(map.containerPointToLatLng(containerPoint), this.projectedZoom);
  }

  protected project(lat: number, lon: number): L.Point | undefined {
    const map = this._map;
    if (!map || Number.isNaN(this.projectedZoom)) return undefined;
    return map.project([lat, lon], this.projectedZoom);
  }

  override onAdd(map: L.Map): this {
    const canvas = document.createElement('canvas');
    // Animated with the map's zoom like Leaflet's own renderers.
    canvas.className = `leaflet-zoom-animated ${this.#className}`;
    // What it shows is in the lists beside the map, which screen readers get.
    canvas.setAttribute('aria-hidden', 'true');
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d');
    this.getPane()!.appendChild(canvas);
    this.projectedZoom = Number.NaN;
    this.#layout(map);
    return this;
  }

  override onRemove(_map: L.Map): this {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
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
    if (this.#zoom !== this.projectedZoom) {
      this.projectedZoom = this.#zoom;
      this.reproject(this.#zoom);
    }
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
    // At once, not next frame: the canvas has just moved and would show old items for a frame.
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
    const canvas = this.#canvas;
    if (!ctx || !map || !canvas || Number.isNaN(this.projectedZoom)) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const origin = map.getPixelOrigin();
    this.paint({
      ctx,
      ox: origin.x + this.#min.x,
      oy: origin.y + this.#min.y,
      width: this.#size.x,
      height: this.#size.y,
      ratio: window.devicePixelRatio || 1,
      zoom: this.projectedZoom,
    });
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = 1;
  }
}

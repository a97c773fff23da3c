import type * as L from 'leaflet';
import type { CallSummary } from '../../../shared/changes';
import {
  callHits,
  callScaleAt,
  callSpriteKey,
  DIAMOND_HALF,
  FOCUS_COLOUR,
  lookOf,
  MH_COLOUR,
  paintRank,
  PRIORITY_COLOUR,
  ROUND_RADIUS,
  type CallLook,
} from './call-draw';
import { makeSprite, SpriteCache, stamp } from './sprites';
import { ViewCanvas, type PaintFrame } from './view-canvas';

/** One call as the canvas knows it. */
interface Item {
  call: CallSummary;
  look: CallLook;
  rank: number;
  /** Projected (world pixel) position at the projected zoom. */
  px: number;
  py: number;
}

/** Half the sprite box at scale 1, in CSS pixels: the Ψ badge and the selection ring fit. */
const SPRITE_HALF = 24;
/** Extra pixels around a marker that still count as a click on it. */
const TOLERANCE = 2;

/**
 * Open calls on one canvas (when there are too many for DOM markers, see calls-layer.ts): each
 * look (priority, MH, pending, selected) is pre-rendered once as a sprite and stamped, in paint
 * order (more urgent on top, MH on top within a priority, the selected call above all). Calls
 * change a few times a second at most, so the order is kept sorted between changes and a
 * repaint (a pan, a zoom, a change) is one pass of drawImage calls.
 */
export class CallCanvas extends ViewCanvas {
  readonly #items = new Map<string, Item>();
  /** Items in paint order; rebuilt after a change, not per repaint. */
  #order: Item[] = [];
  #orderStale = false;
  readonly #baseScale: number;
  readonly #sprites = new SpriteCache();
  #selectedId: string | null = null;
  /** Told whenever this canvas repaints (the wall's MH pulse overlay follows it). */
  #follower: ViewCanvas | undefined;

  constructor(opts: { scale: number }) {
    super({ pane: 'markerPane', className: 'calls-canvas' });
    this.#baseScale = opts.scale;
  }

  /** Adds or changes a call; the next frame paints it. */
  set(call: CallSummary): void {
    const look = lookOf(call, call.id === this.#selectedId);
    const item = this.#items.get(call.id);
    if (item) {
      const moved = item.call.location.lat !== call.location.lat || item.call.location.lon !== call.location.lon;
      item.call = call;
      if (moved) this.#project(item);
      this.#restyle(item, look);
    } else {
      const fresh: Item = { call, look, rank: paintRank(look), px: 0, py: 0 };
      this.#project(fresh);
      this.#items.set(call.id, fresh);
      this.#orderStale = true;
      this.#counted();
    }
    this.redraw();
  }

  delete(id: string): void {
    if (!this.#items.delete(id)) return;
    this.#orderStale = true;
    this.#counted();
    this.redraw();
  }

  /**
   * How many calls the canvas holds, on the element at once (not at the next paint), for tests
   * and tools that cannot see into a canvas.
   */
  #counted(): void {
    this.canvas?.setAttribute('data-call-count', String(this.#items.size));
  }

  select(callId: string | null): void {
    if (callId === this.#selectedId) return;
    const before = this.#selectedId;
    this.#selectedId = callId;
    for (const id of [before, callId]) {
      const item = id ? this.#items.get(id) : undefined;
      if (item) this.#restyle(item, lookOf(item.call, item.call.id === callId));
    }
    this.redraw();
  }

  /** Repaints `follower` with every repaint of this canvas. */
  follow(follower: ViewCanvas | undefined): void {
    this.#follower = follower;
  }

  /** The marker scale at the projected zoom. */
  scale(): number {
    return callScaleAt(this.#baseScale, this.projectedZoom);
  }

  /** Calls in paint order (later on top), for overlays drawn from the same data. */
  ordered(): readonly Item[] {
    if (this.#orderStale) {
      this.#order = [...this.#items.values()].sort((a, b) => a.rank - b.rank);
      this.#orderStale = false;
    }
    return this.#order;
  }

  /** The call drawn topmost under a container point, if any. */
  callAt(containerPoint: L.Point): CallSummary | undefined {
    const at = this.worldPoint(containerPoint);
    if (!at) return undefined;
    const scale = this.scale();
    const order = this.ordered();
    // Topmost first: the first hit is the one on top (the rule of topmostCall in call-draw.ts).
    for (let i = order.length - 1; i >= 0; i--) {
      const item = order[i]!;
      if (callHits(item.look.mh, item.px, item.py, scale, at.x, at.y, TOLERANCE)) return item.call;
    }
    return undefined;
  }

  #restyle(item: Item, look: CallLook): void {
    const was = item.look;
    if (was.priority === look.priority && was.mh === look.mh && was.pending === look.pending && was.selected === look.selected) return;
    item.look = look;
    const rank = paintRank(look);
    if (rank !== item.rank) {
      item.rank = rank;
      this.#orderStale = true;
    }
  }

  #project(item: Item): void {
    const p = this.project(item.call.location.lat, item.call.location.lon);
    if (!p) return;
    item.px = p.x;
    item.py = p.y;
  }

  protected override reproject(): void {
    for (const item of this.#items.values()) this.#project(item);
  }

  protected override paint({ ctx, ox, oy, width: w, height: h, ratio }: PaintFrame): void {
    const scale = this.scale();
    const margin = SPRITE_HALF * scale;
    for (const item of this.ordered()) {
      const x = Math.round(item.px - ox);
      const y = Math.round(item.py - oy);
      if (x < -margin || y < -margin || x > w + margin || y > h + margin) continue;
      const look = item.look;
      const sprite = this.#sprites.get(callSpriteKey(look, scale, ratio), () =>
        makeSprite(SPRITE_HALF * scale + 1, ratio, (c) => {
          c.scale(scale, scale);
          drawCall(c, look);
        }),
      );
      stamp(ctx, sprite, x, y, ratio);
    }
    // After this canvas's own projection and layout (a zoom reprojects here first).
    this.#follower?.redraw();
  }
}

/**
 * The wall's MH pulse when calls are on the canvas: one overlay canvas holding a ring around
 * every MH call in view, under the markers. The ring fades out and back in by a CSS animation of
 * the whole canvas's opacity (call-pulse.css): one composited animation however many MH calls,
 * and none at all under prefers-reduced-motion (the rings then stay, still).
 */
export class McPulseCanvas extends ViewCanvas {
  readonly #calls: CallCanvas;

  constructor(calls: CallCanvas) {
    super({ pane: 'markerPane', className: 'calls-pulse-canvas' });
    this.#calls = calls;
  }

  protected override reproject(): void {
    // Positions are the call canvas's; it reprojects on the same events.
  }

  protected override paint({ ctx, ox, oy, width: w, height: h, ratio }: PaintFrame): void {
    const scale = this.#calls.scale();
    const r = DIAMOND_HALF * 1.7 * scale;
    const margin = r + 4;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.beginPath();
    let any = false;
    for (const item of this.#calls.ordered()) {
      if (!item.look.mh) continue;
      const x = Math.round(item.px - ox);
      const y = Math.round(item.py - oy);
      if (x < -margin || y < -margin || x > w + margin || y > h + margin) continue;
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      any = true;
    }
    if (!any) return;
    ctx.strokeStyle = MH_COLOUR;
    ctx.lineWidth = 3 * scale;
    ctx.stroke();
  }
}

/**
 * One call marker around (0, 0) in CSS pixels at scale 1, as the DOM marker (app.css
 * .call-marker): a round badge in the priority's colour with a white rim (dashed while no unit
 * is assigned) and the priority number; an MH call is a diamond in the MH colour with a dark
 * ring, a halo and a Ψ badge; the selected call has a yellow ring.
 */
function drawCall(ctx: CanvasRenderingContext2D, look: CallLook): void {
  const fill = look.mh ? MH_COLOUR : (PRIORITY_COLOUR[look.priority] ?? PRIORITY_COLOUR[5]!);
  const diamond = (half: number): Path2D => {
    const p = new Path2D();
    p.moveTo(0, -half);
    p.lineTo(half, 0);
    p.lineTo(0, half);
    p.lineTo(-half, 0);
    p.closePath();
    return p;
  };
  // A square of half side s turned 45 degrees has half diagonal s * sqrt 2.
  const turned = (side: number) => diamond(side * Math.SQRT2);

  if (look.mh) {
    // Halo (6 px) and dark ring (3 px) around the diamond, as its box-shadows.
    ctx.fillStyle = 'rgba(204, 121, 167, 0.55)';
    ctx.fill(turned(16));
    ctx.fillStyle = 'rgba(0, 0, 0, 0.6)';
    ctx.fill(turned(13));
  }
  const shape = look.mh ? turned(9) : circle(ROUND_RADIUS - 1);
  ctx.save();
  if (!look.mh) {
    ctx.shadowColor = 'rgba(0, 0, 0, 0.7)';
    ctx.shadowBlur = 4;
    ctx.shadowOffsetY = 1;
  }
  ctx.fillStyle = fill;
  ctx.fill(shape);
  ctx.restore();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 2;
  if (look.pending) ctx.setLineDash([3, 2]);
  ctx.stroke(shape);
  ctx.setLineDash([]);

  ctx.fillStyle = '#000000';
  ctx.font = '800 14px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(String(look.priority), 0, 1);

  if (look.mh) {
    // The Ψ badge at the top right of the 30 px box.
    const badge = circle(7.25, 14, -14);
    ctx.fillStyle = '#000000';
    ctx.fill(badge);
    ctx.strokeStyle = MH_COLOUR;
    ctx.lineWidth = 1.5;
    ctx.stroke(badge);
    ctx.fillStyle = MH_COLOUR;
    ctx.font = '800 11px system-ui, sans-serif';
    ctx.fillText('Ψ', 14, -13.5);
  }

  if (look.selected) {
    ctx.strokeStyle = FOCUS_COLOUR;
    ctx.lineWidth = 3;
    ctx.stroke(look.mh ? turned(14.5) : circle(ROUND_RADIUS + 4.5));
  }
}

function circle(r: number, cx = 0, cy = 0): Path2D {
  const p = new Path2D();
  p.arc(cx, cy, r, 0, Math.PI * 2);
  return p;
}

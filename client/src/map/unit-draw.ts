import type { UnitStatus, UnitType } from '../../../shared/unit';
import { availabilityOf, type Availability } from '../lib/board-order';
import { OFF_COLOUR, UNIT_STYLE, type UnitShape } from '../lib/palette';

/**
 * The pure part of the units canvas (no Leaflet, no DOM): which style a unit is drawn in, in
 * what order, how large at a zoom, and which unit a click lands on. Kept apart so it can be
 * unit-tested; unit-canvas.ts does the drawing.
 */

/** How a group of units is painted: one fill and one stroke per style for the whole group. */
export interface DrawStyle {
  shape: UnitShape;
  fill: string;
  fillAlpha: number;
  stroke: string;
  strokeAlpha: number;
  lineWidth: number;
  /** Canvas line dash; empty for a solid line. */
  dash: number[];
}

const AVAILABILITIES: readonly Availability[] = ['off', 'busy', 'free'];
/** Police/EMS/fire first, co-response last: later styles are painted on top. */
const TYPES: readonly UnitType[] = ['law', 'ems', 'fire', 'co_responder', 'crisis_team'];

/**
 * Available units are solid; busy ones hollow (dimmed fill, coloured ring); off ones grey and
 * dashed. The same looks the board has always had (and its legend shows).
 */
export function styleOf(type: UnitType, availability: Availability): DrawStyle {
  const { colour, shape } = UNIT_STYLE[type];
  switch (availability) {
    case 'free':
      return { shape, fill: colour, fillAlpha: 0.95, stroke: '#ffffff', strokeAlpha: 0.9, lineWidth: 1.5, dash: [] };
    case 'busy':
      return { shape, fill: colour, fillAlpha: 0.25, stroke: colour, strokeAlpha: 0.9, lineWidth: 2, dash: [] };
    case 'off':
      return { shape, fill: OFF_COLOUR, fillAlpha: 0.15, stroke: OFF_COLOUR, strokeAlpha: 0.6, lineWidth: 1, dash: [2, 2] };
  }
}

/**
 * Every style in paint order: its index is the draw order. Within a type, off units go under
 * busy ones and busy under free ones; every co-response style comes after every police, EMS
 * and fire style, so crowds never hide a co-responder.
 */
export const STYLES: readonly DrawStyle[] = TYPES.flatMap((type) => AVAILABILITIES.map((a) => styleOf(type, a)));

/** The unit type a STYLES index draws (STYLES is laid out type by type). */
export function typeOfStyle(index: number): UnitType {
  return TYPES[Math.floor(index / AVAILABILITIES.length)]!;
}

/** The index in STYLES (the paint order) of a unit's style. */
export function styleIndex(type: UnitType, status: UnitStatus): number {
  return TYPES.indexOf(type) * AVAILABILITIES.length + AVAILABILITIES.indexOf(availabilityOf(status));
}

/**
 * Below this zoom the whole city is on screen and thousands of police/EMS/fire circles would
 * be a carpet of outlines: they are drawn as small plain dots (colour and free/busy/off fill
 * still tell them apart), which is also far cheaper to paint. Co-response shapes are always
 * drawn in full: there are few of them and their shape is the point.
 */
export const DETAIL_ZOOM = 14;

export interface DrawSize {
  /** Radius in CSS pixels. */
  radius: number;
  /** False: a plain dot with no outline (its fill carries free/busy/off). */
  outlined: boolean;
}

/** How large a style is drawn at a zoom; `baseRadius` already includes the screen's scale. */
export function sizeAt(style: DrawStyle, baseRadius: number, zoom: number): DrawSize {
  if (style.shape !== 'circle' || zoom >= DETAIL_ZOOM) return { radius: baseRadius, outlined: true };
  // A dot of 3.5 px (5 at the base radius) stays visible on a wall across a room (x1.5).
  return { radius: Math.max(2.5, baseRadius * 0.7), outlined: false };
}

/** Dots have no outline, so busy and off need a stronger fill than the outlined shapes to read. */
export function dotAlpha(style: DrawStyle): number {
  return style.fillAlpha >= 0.9 ? style.fillAlpha : style.stroke === OFF_COLOUR ? 0.55 : 0.6;
}

/**
 * Whether (x, y) is on a shape of radius r centred at (cx, cy), widened by `tolerance` pixels
 * (units are small and often moving). The same geometry as the drawing: a circle, a diamond
 * (|dx| + |dy| <= r) or a square of half-side 0.85 r.
 */
export function hits(shape: UnitShape, cx: number, cy: number, r: number, x: number, y: number, tolerance: number): boolean {
  const dx = Math.abs(x - cx);
  const dy = Math.abs(y - cy);
  const t = tolerance;
  switch (shape) {
    case 'circle':
      return dx * dx + dy * dy <= (r + t) * (r + t);
    case 'diamond':
      return dx + dy <= r + t * Math.SQRT2;
    case 'square': {
      const h = squareHalf(r) + t;
      return dx <= h && dy <= h;
    }
  }
}

/** A square a little smaller than the circle's box reads as the same size as the others. */
export function squareHalf(r: number): number {
  return Math.round(r * 0.85);
}

/** What hit-testing needs of a drawn unit: where it was drawn, at what size, in what style. */
export interface HitCandidate {
  x: number;
  y: number;
  radius: number;
  style: number;
}

/**
 * The unit a click at (x, y) is on: the one painted last (topmost) among those it hits, so a
 * co-responder wins over the police car under it. `candidates` are in any order; paint order
 * is the style index, then the order within the list (later is on top). -1 when none.
 */
export function topmostHit(candidates: readonly HitCandidate[], x: number, y: number, tolerance: number): number {
  let best = -1;
  let bestStyle = -1;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (c.style < bestStyle) continue;
    if (!hits(STYLES[c.style]!.shape, c.x, c.y, c.radius, x, y, tolerance)) continue;
    best = i;
    bestStyle = c.style;
  }
  return best;
}

/**
 * The key of a unit's pre-rendered sprite: everything that changes its pixels (style, size,
 * outline, the screen's device pixel ratio), nothing else, so a handful of sprites serve
 * thousands of units.
 */
export function unitSpriteKey(style: number, size: DrawSize, ratio: number): string {
  return `${style}/${size.radius}/${size.outlined ? 1 : 0}/${ratio}`;
}

/** Half the box a unit sprite needs, in CSS pixels: the shape, its outline and a pixel of edge. */
export function unitSpriteHalf(style: DrawStyle, size: DrawSize): number {
  return Math.ceil(size.radius + (size.outlined ? style.lineWidth : 0) + 1);
}

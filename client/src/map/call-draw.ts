/**
 * The pure part of drawing calls on a canvas (no Leaflet, no DOM): when the map switches from
 * DOM markers to the canvas, what a call looks like (its sprite key), in what order calls are
 * painted, how large at a zoom, and which call a click lands on. call-canvas.ts does the
 * drawing; the looks match the DOM markers (app.css .call-marker).
 */

/** The colours of app.css's --prio-1..5, --mh and --focus (the DOM markers' colours). */
export const PRIORITY_COLOUR: Readonly<Record<number, string>> = {
  1: '#d55e00',
  2: '#e69f00',
  3: '#f0e442',
  4: '#56b4e9',
  5: '#bbbbbb',
};
export const MH_COLOUR = '#cc79a7';
export const FOCUS_COLOUR = '#f0e442';

/**
 * Up to this many open calls the map shows DOM markers (each with its own accessible name,
 * and the wall's CSS pulse); above it, one canvas. Back to markers only below CALL_DOM_BACK,
 * so a count hovering around the limit does not rebuild the map every few seconds.
 */
export const CALL_DOM_MAX = 150;
export const CALL_DOM_BACK = 120;

/** Whether `count` open calls are drawn on the canvas, given the current mode. */
export function wantsCanvas(count: number, onCanvas: boolean): boolean {
  return onCanvas ? count > CALL_DOM_BACK : count > CALL_DOM_MAX;
}

/** What a call marker shows, all of it: the sprite is chosen by this alone. */
export interface CallLook {
  priority: number;
  mh: boolean;
  /** No unit yet: a dashed rim (a cue that does not rely on colour). */
  pending: boolean;
  selected: boolean;
}

export function lookOf(call: { priority: number; status: string; mh: { flagged: boolean } }, selected: boolean): CallLook {
  return { priority: call.priority, mh: call.mh.flagged, pending: call.status === 'pending', selected };
}

/** The sprite key of a look at a scale and device pixel ratio. */
export function callSpriteKey(look: CallLook, scale: number, ratio: number): string {
  return `p${look.priority}${look.mh ? 'm' : 'r'}${look.pending ? 'd' : 's'}${look.selected ? '*' : ''}@${scale}x${ratio}`;
}

/**
 * Paint rank: higher is painted later (on top). As the DOM markers' z-index: more urgent on
 * top; within a priority, MH calls on top; the selected call above everything.
 */
export function paintRank(look: CallLook): number {
  return (look.selected ? 100 : 0) + (6 - look.priority) * 2 + (look.mh ? 1 : 0);
}

/** Marker size in CSS pixels at scale 1: the DOM marker's 30 px box. */
export const CALL_BOX = 30;
/** Round badge radius (the 22 px disc) and the MH diamond's half diagonal (a 20 px square turned). */
export const ROUND_RADIUS = 11;
export const DIAMOND_HALF = 10 * Math.SQRT2;

/** Below this zoom (the whole city on screen) markers are drawn at three quarters of their size. */
export const CITY_ZOOM = 13;

/** Marker scale at a zoom; `base` is the screen's scale (the wall draws larger). */
export function callScaleAt(base: number, zoom: number): number {
  return zoom < CITY_ZOOM ? Math.round(base * 0.75 * 100) / 100 : base;
}

/**
 * Whether (x, y) is on a call marker centred at (cx, cy) at `scale`, widened by `tolerance`
 * pixels: the round badge is a circle, the MH marker a diamond (|dx| + |dy| <= its half diagonal).
 */
export function callHits(mh: boolean, cx: number, cy: number, scale: number, x: number, y: number, tolerance: number): boolean {
  const dx = Math.abs(x - cx);
  const dy = Math.abs(y - cy);
  if (mh) return dx + dy <= DIAMOND_HALF * scale + tolerance * Math.SQRT2;
  const r = ROUND_RADIUS * scale + tolerance;
  return dx * dx + dy * dy <= r * r;
}

export interface CallCandidate {
  x: number;
  y: number;
  mh: boolean;
  rank: number;
}

/**
 * The call a click at (x, y) is on: the one painted last (topmost) among those it hits.
 * `candidates` are in paint order within a rank (later on top). -1 when none.
 */
export function topmostCall(candidates: readonly CallCandidate[], scale: number, x: number, y: number, tolerance: number): number {
  let best = -1;
  let bestRank = -1;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (c.rank < bestRank) continue;
    if (!callHits(c.mh, c.x, c.y, scale, x, y, tolerance)) continue;
    best = i;
    bestRank = c.rank;
  }
  return best;
}

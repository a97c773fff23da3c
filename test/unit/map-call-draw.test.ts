import { describe, expect, it } from 'vitest';
import {
  CALL_DOM_BACK,
  CALL_DOM_MAX,
  callHits,
  callScaleAt,
  callSpriteKey,
  CITY_ZOOM,
  DIAMOND_HALF,
  lookOf,
  paintRank,
  ROUND_RADIUS,
  topmostCall,
  wantsCanvas,
  type CallLook,
} from '../../client/src/map/call-draw';

const call = (priority: number, mh: boolean, status = 'dispatched') => ({ priority, status, mh: { flagged: mh } });

describe('DOM markers or canvas', () => {
  it('switches to the canvas above the limit and back only well below it', () => {
    expect(wantsCanvas(CALL_DOM_MAX, false)).toBe(false);
    expect(wantsCanvas(CALL_DOM_MAX + 1, false)).toBe(true);
    // Hovering around the limit does not flip back and forth.
    expect(wantsCanvas(CALL_DOM_MAX - 1, true)).toBe(true);
    expect(wantsCanvas(CALL_DOM_BACK + 1, true)).toBe(true);
    expect(wantsCanvas(CALL_DOM_BACK, true)).toBe(false);
  });
});

describe('call looks and sprite keys', () => {
  it('reads priority, MH, pending and selection from the call', () => {
    expect(lookOf(call(2, true, 'pending'), false)).toEqual({ priority: 2, mh: true, pending: true, selected: false });
    expect(lookOf(call(5, false), true)).toEqual({ priority: 5, mh: false, pending: false, selected: true });
  });

  it('gives every distinct look, scale and pixel ratio its own sprite, and equal looks the same', () => {
    const keys = new Set<string>();
    for (const priority of [1, 2, 3, 4, 5]) {
      for (const mh of [false, true]) {
        for (const pending of [false, true]) {
          for (const selected of [false, true]) keys.add(callSpriteKey({ priority, mh, pending, selected }, 1, 1));
        }
      }
    }
    expect(keys.size).toBe(40);
    const look: CallLook = { priority: 1, mh: true, pending: false, selected: false };
    expect(callSpriteKey(look, 1, 1)).toBe(callSpriteKey({ ...look }, 1, 1));
    expect(callSpriteKey(look, 1, 1)).not.toBe(callSpriteKey(look, 1.35, 1));
    expect(callSpriteKey(look, 1, 1)).not.toBe(callSpriteKey(look, 1, 2));
  });

  it('paints more urgent calls on top, MH on top within a priority, the selected call above all', () => {
    const rank = (priority: number, mh: boolean, selected = false) => paintRank({ priority, mh, pending: false, selected });
    expect(rank(1, false)).toBeGreaterThan(rank(2, true));
    expect(rank(3, true)).toBeGreaterThan(rank(3, false));
    expect(rank(5, false, true)).toBeGreaterThan(rank(1, true));
  });

  it('draws markers smaller at city zoom', () => {
    expect(callScaleAt(1, CITY_ZOOM - 1)).toBeLessThan(1);
    expect(callScaleAt(1, CITY_ZOOM)).toBe(1);
    expect(callScaleAt(1.35, 16)).toBe(1.35);
  });
});

describe('call hit-testing', () => {
  it('hits a round badge within its radius and an MH diamond within its outline', () => {
    expect(callHits(false, 0, 0, 1, ROUND_RADIUS - 1, 0, 0)).toBe(true);
    expect(callHits(false, 0, 0, 1, ROUND_RADIUS, ROUND_RADIUS, 0)).toBe(false);
    expect(callHits(true, 0, 0, 1, DIAMOND_HALF - 1, 0, 0)).toBe(true);
    // The corner of the diamond's box is outside the diamond.
    expect(callHits(true, 0, 0, 1, DIAMOND_HALF * 0.6, DIAMOND_HALF * 0.6, 0)).toBe(false);
    // Tolerance and scale widen it.
    expect(callHits(false, 0, 0, 1, ROUND_RADIUS + 1, 0, 2)).toBe(true);
    expect(callHits(false, 0, 0, 2, ROUND_RADIUS * 1.5, 0, 0)).toBe(true);
  });

  it('picks the topmost call under the point: highest rank, then the later one', () => {
    const candidates = [
      { x: 0, y: 0, mh: false, rank: 5 },
      { x: 3, y: 0, mh: true, rank: 9 },
      { x: 2, y: 0, mh: false, rank: 9 },
      { x: 100, y: 0, mh: true, rank: 50 },
    ];
    expect(topmostCall(candidates, 1, 1, 0, 0)).toBe(2);
    expect(topmostCall(candidates, 1, 100, 0, 0)).toBe(3);
    expect(topmostCall(candidates, 1, 50, 50, 0)).toBe(-1);
  });
});

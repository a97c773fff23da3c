import { describe, expect, it } from 'vitest';
import { UNIT_STATUSES, UNIT_TYPES } from '../../shared/unit';
import { OFF_COLOUR, UNIT_STYLE } from '../../client/src/lib/palette';
import { DETAIL_ZOOM, hits, sizeAt, STYLES, styleIndex, topmostHit, typeOfStyle, unitSpriteHalf, unitSpriteKey } from '../../client/src/map/unit-draw';

describe('unit styles and paint order', () => {
  it('gives every type and status a style of its type, shape and colour', () => {
    for (const type of UNIT_TYPES) {
      for (const status of UNIT_STATUSES) {
        const i = styleIndex(type, status);
        expect(typeOfStyle(i)).toBe(type);
        expect(STYLES[i]!.shape).toBe(UNIT_STYLE[type].shape);
      }
    }
    expect(STYLES[styleIndex('law', 'available')]!.fill).toBe(UNIT_STYLE.law.colour);
    expect(STYLES[styleIndex('law', 'available')]!.fillAlpha).toBeGreaterThan(0.9);
    expect(STYLES[styleIndex('law', 'onscene')]!.fillAlpha).toBeLessThan(0.5);
    expect(STYLES[styleIndex('law', 'off_duty')]!.fill).toBe(OFF_COLOUR);
    expect(STYLES[styleIndex('law', 'off_duty')]!.dash.length).toBeGreaterThan(0);
  });

  it('paints every co-response style after every police, EMS and fire style', () => {
    const coResponse = UNIT_STATUSES.flatMap((s) => [styleIndex('co_responder', s), styleIndex('crisis_team', s)]);
    const others = UNIT_STATUSES.flatMap((s) => [styleIndex('law', s), styleIndex('ems', s), styleIndex('fire', s)]);
    expect(Math.min(...coResponse)).toBeGreaterThan(Math.max(...others));
  });

  it('paints free units over busy ones and busy over off within a type', () => {
    expect(styleIndex('law', 'available')).toBeGreaterThan(styleIndex('law', 'enroute'));
    expect(styleIndex('law', 'enroute')).toBeGreaterThan(styleIndex('law', 'off_duty'));
  });
});

describe('level of detail', () => {
  const circle = STYLES[styleIndex('law', 'available')]!;
  const diamond = STYLES[styleIndex('co_responder', 'available')]!;

  it('draws police/EMS/fire as small plain dots below the detail zoom, full circles at it', () => {
    const out = sizeAt(circle, 5, DETAIL_ZOOM - 1);
    expect(out.outlined).toBe(false);
    expect(out.radius).toBeLessThan(5);
    expect(out.radius).toBeGreaterThanOrEqual(2.5);
    expect(sizeAt(circle, 5, DETAIL_ZOOM)).toEqual({ radius: 5, outlined: true });
  });

  it('always draws co-response shapes in full', () => {
    expect(sizeAt(diamond, 8, 10)).toEqual({ radius: 8, outlined: true });
  });

  it('keeps the wall scale in the dots', () => {
    expect(sizeAt(circle, 7.5, 12).radius).toBeGreaterThan(sizeAt(circle, 5, 12).radius);
  });
});

describe('hit testing', () => {
  it('follows each shape, widened by the tolerance', () => {
    expect(hits('circle', 0, 0, 5, 3, 4, 0)).toBe(true);
    expect(hits('circle', 0, 0, 5, 6, 6, 0)).toBe(false);
    expect(hits('circle', 0, 0, 5, 6, 6, 4)).toBe(true);
    // A diamond's corner region is outside it, though inside its box.
    expect(hits('diamond', 0, 0, 8, 6, 6, 0)).toBe(false);
    expect(hits('diamond', 0, 0, 8, 0, 8, 0)).toBe(true);
    // The square's half side is 0.85 r, rounded.
    expect(hits('square', 0, 0, 7, 6, -6, 0)).toBe(true);
    expect(hits('square', 0, 0, 7, 7, 0, 0)).toBe(false);
  });

  it('picks the unit painted on top: a co-responder over the police car under it', () => {
    const law = styleIndex('law', 'available');
    const co = styleIndex('co_responder', 'available');
    const candidates = [
      { x: 100, y: 100, radius: 5, style: co },
      { x: 101, y: 100, radius: 5, style: law },
      { x: 300, y: 300, radius: 5, style: law },
    ];
    expect(topmostHit(candidates, 100, 100, 4)).toBe(0);
    expect(topmostHit(candidates, 302, 301, 4)).toBe(2);
    expect(topmostHit(candidates, 200, 200, 4)).toBe(-1);
  });

  it('within one style, the later unit is on top', () => {
    const law = styleIndex('law', 'available');
    expect(
      topmostHit(
        [
          { x: 0, y: 0, radius: 5, style: law },
          { x: 1, y: 0, radius: 5, style: law },
        ],
        0,
        0,
        0,
      ),
    ).toBe(1);
  });
});

describe('unit sprites', () => {
  it('keys a sprite by style, size, outline and pixel ratio only', () => {
    const law = styleIndex('law', 'available');
    const co = styleIndex('co_responder', 'available');
    const big = { radius: 5, outlined: true };
    const dot = { radius: 3.5, outlined: false };
    expect(unitSpriteKey(law, big, 1)).toBe(unitSpriteKey(law, { ...big }, 1));
    expect(
      new Set([
        unitSpriteKey(law, big, 1),
        unitSpriteKey(co, big, 1),
        unitSpriteKey(law, dot, 1),
        unitSpriteKey(law, big, 2),
        unitSpriteKey(law, { radius: 5, outlined: false }, 1),
      ]).size,
    ).toBe(5);
  });

  it('makes room for the shape and its outline', () => {
    for (let i = 0; i < STYLES.length; i++) {
      const style = STYLES[i]!;
      const size = { radius: 7.5, outlined: true };
      expect(unitSpriteHalf(style, size)).toBeGreaterThanOrEqual(size.radius + style.lineWidth / 2 + 1);
    }
    expect(unitSpriteHalf(STYLES[0]!, { radius: 3.5, outlined: false })).toBeGreaterThanOrEqual(4.5);
  });
});

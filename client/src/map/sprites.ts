/**
 * Pre-rendered shapes ("sprites") stamped with drawImage: rasterising an anti-aliased arc, a
 * dashed outline or a glyph thousands of times per repaint is what costs in a software-rendered
 * canvas; copying a small finished bitmap is cheap. Each look is drawn once per device pixel
 * ratio and kept.
 */
export interface Sprite {
  /** An ImageBitmap where the browser has OffscreenCanvas (a static image: the cheapest to copy). */
  image: ImageBitmap | HTMLCanvasElement;
  /** Device pixels from the image's top-left corner to the shape's centre (both axes). */
  half: number;
}

/**
 * A sprite `2 * halfCss` CSS pixels square at `ratio` device pixels per CSS pixel. `draw`
 * paints in CSS pixels around (0, 0), which lands on a device pixel corner, as shapes drawn
 * straight onto the canvas at rounded positions do.
 */
export function makeSprite(halfCss: number, ratio: number, draw: (ctx: CanvasRenderingContext2D) => void): Sprite {
  const half = Math.ceil(halfCss * ratio);
  if (typeof OffscreenCanvas !== 'undefined') {
    const offscreen = new OffscreenCanvas(2 * half, 2 * half);
    const ctx = offscreen.getContext('2d');
    if (ctx) {
      ctx.setTransform(ratio, 0, 0, ratio, half, half);
      // The same drawing calls; OffscreenCanvasRenderingContext2D lacks only DOM-bound members.
      draw(ctx as unknown as CanvasRenderingContext2D);
      return { image: offscreen.transferToImageBitmap(), half };
    }
  }
  const image = document.createElement('canvas');
  image.width = image.height = 2 * half;
  const ctx = image.getContext('2d');
  if (ctx) {
    ctx.setTransform(ratio, 0, 0, ratio, half, half);
    draw(ctx);
  }
  return { image, half };
}

/** Sprites by key, built on first use (the set of looks is small and fixed). */
export class SpriteCache {
  readonly #sprites = new Map<string, Sprite>();

  get(key: string, build: () => Sprite): Sprite {
    let sprite = this.#sprites.get(key);
    if (!sprite) {
      sprite = build();
      this.#sprites.set(key, sprite);
    }
    return sprite;
  }

  get size(): number {
    return this.#sprites.size;
  }

  clear(): void {
    for (const sprite of this.#sprites.values()) if ('close' in sprite.image) sprite.image.close();
    this.#sprites.clear();
  }
}

/** Stamps a sprite centred at a canvas position given in CSS pixels (snapped to a device pixel). */
export function stamp(ctx: CanvasRenderingContext2D, sprite: Sprite, x: number, y: number, ratio: number): void {
  ctx.drawImage(sprite.image, Math.round(x * ratio) - sprite.half, Math.round(y * ratio) - sprite.half);
}

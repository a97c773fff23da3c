/**
 * Collects items and hands them over in one go at most once per animation frame, so a burst
 * of socket messages costs one state replacement and one redraw.
 *
 * requestAnimationFrame does not fire in a hidden tab; a fallback timer still flushes then,
 * so the queue cannot grow without bound on a wall screen that is switched to another tab.
 */
export class FrameQueue<T> {
  #items: T[] = [];
  #frame: number | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #flush: (items: T[]) => void;
  readonly #fallbackMs: number;

  constructor(flush: (items: T[]) => void, fallbackMs = 500) {
    this.#flush = flush;
    this.#fallbackMs = fallbackMs;
  }

  push(item: T): void {
    this.#items.push(item);
    if (this.#frame !== undefined || this.#timer !== undefined) return;
    this.#frame = requestAnimationFrame(() => this.flushNow());
    this.#timer = setTimeout(() => this.flushNow(), this.#fallbackMs);
  }

  /** Hand over everything queued now (also used before a reconnect so the resume point is fresh). */
  flushNow(): void {
    this.#cancel();
    if (this.#items.length === 0) return;
    const items = this.#items;
    this.#items = [];
    this.#flush(items);
  }

  dispose(): void {
    this.#cancel();
    this.#items = [];
  }

  #cancel(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#frame = undefined;
    this.#timer = undefined;
  }
}

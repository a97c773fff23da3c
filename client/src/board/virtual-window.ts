/**
 * Which rows of a long list of equal-height rows to render: those in the scrolled viewport plus
 * `overscan` rows either side (so keyboard moves one row at a time always find the next row in
 * the DOM, and a fast scroll shows no blank strip), with the space of the others kept as padding
 * so the scrollbar and scroll position stay those of the whole list.
 *
 * Pure: the list components measure and scroll; this only does the arithmetic.
 */
export interface VirtualWindow {
  /** First rendered row (index into the whole list). */
  start: number;
  /** One past the last rendered row. */
  end: number;
  /** Pixels of padding standing in for the rows above `start` and below `end`. */
  before: number;
  after: number;
}

/**
 * `count` rows, `pitch` pixels apart (row height plus gap), a viewport `viewport` pixels high
 * scrolled to `scrollTop`. Lists of at most `renderAllBelow` rows are rendered whole.
 */
export function virtualWindow(count: number, scrollTop: number, viewport: number, pitch: number, overscan: number, renderAllBelow = 0): VirtualWindow {
  if (count <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  if (count <= renderAllBelow || pitch <= 0) return { start: 0, end: count, before: 0, after: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / pitch);
  const visible = Math.ceil(Math.max(viewport, pitch) / pitch) + 1;
  const end = Math.min(count, first + visible + overscan);
  // Near the bottom, keep the window full: a short last window would shrink the list's height.
  const start = Math.max(0, Math.min(first - overscan, end - visible - 2 * overscan));
  return { start, end, before: start * pitch, after: (count - end) * pitch };
}

/**
 * Snaps a window's bounds to multiples of `step` rows, so scrolling a few pixels does not
 * re-render the list: the window only changes when the scroll has moved `step` rows.
 */
export function snapWindow(w: VirtualWindow, count: number, pitch: number, step: number): VirtualWindow {
  if (step <= 1 || w.end - w.start >= count) return w;
  const start = Math.floor(w.start / step) * step;
  const end = Math.min(count, Math.ceil(w.end / step) * step);
  return { start, end, before: start * pitch, after: (count - end) * pitch };
}

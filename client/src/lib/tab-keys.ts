/**
 * The WAI-ARIA tabs pattern's keys: arrows move to the next or previous tab (wrapping), Home
 * and End to the first and last. Returns the tab to select, or null for any other key.
 */
export function tabIndexForKey(key: string, current: number, count: number): number | null {
  const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: count - 1 }[key];
  return next === undefined ? null : (next + count) % count;
}

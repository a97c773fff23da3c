/**
 * Hides the mouse pointer over `target` after `idleMs` without movement, and shows it again on
 * the next move: a wall screen has nobody at it, and a pointer left in the middle of the map
 * hides what is under it. One listener and at most one timer; the returned function removes both.
 */
export function hideIdleCursor(target: HTMLElement, idleMs = 3_000): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hide = () => {
    timer = undefined;
    target.dataset['cursor'] = 'hidden';
  };
  const moved = () => {
    delete target.dataset['cursor'];
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(hide, idleMs);
  };
  target.addEventListener('pointermove', moved, { passive: true });
  timer = setTimeout(hide, idleMs);
  return () => {
    target.removeEventListener('pointermove', moved);
    if (timer !== undefined) clearTimeout(timer);
    delete target.dataset['cursor'];
  };
}

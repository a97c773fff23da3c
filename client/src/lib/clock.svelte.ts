/**
 * One shared ticking "now" for every age and timer on the board, so a hundred rows do not
 * each run their own interval and all ages advance together.
 */
export class Clock {
  now = $state(Date.now());

  /** Starts ticking; returns the function that stops it. */
  start(intervalMs = 1_000): () => void {
    const id = setInterval(() => {
      this.now = Date.now();
    }, intervalMs);
    return () => clearInterval(id);
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeBatch } from '../../shared/changes';
import { FrameQueue } from '../../client/src/lib/frame-queue';

/**
 * A requestAnimationFrame the test drives: frames fire only when `run()` says so, as a
 * browser's do at its own pace (and never, in a hidden tab).
 */
class Frames {
  #next = 1;
  readonly #waiting = new Map<number, FrameRequestCallback>();

  readonly request = (cb: FrameRequestCallback): number => {
    const id = this.#next++;
    this.#waiting.set(id, cb);
    return id;
  };

  readonly cancel = (id: number): void => {
    this.#waiting.delete(id);
  };

  /** Frames requested and neither fired nor cancelled. */
  get pending(): number {
    return this.#waiting.size;
  }

  /** Fires every frame requested so far (one animation frame). */
  run(): void {
    const due = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const cb of due) cb(0);
  }
}

const batch = (from: number, to: number): ChangeBatch => ({ from, to, changes: [] });

/** A queue whose hand-overs are recorded: each entry is what one flush gave the UI. */
function recordingQueue<T>(fallbackMs?: number) {
  const handed: T[][] = [];
  const queue = new FrameQueue<T>((items) => handed.push(items), fallbackMs);
  return { queue, handed };
}

describe('FrameQueue', () => {
  let frames: Frames;

  beforeEach(() => {
    // Only the queue's own fallback timer is faked; the frame is the test's.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    frames = new Frames();
    vi.stubGlobal('requestAnimationFrame', frames.request);
    vi.stubGlobal('cancelAnimationFrame', frames.cancel);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('hands a burst over in one go on the next frame, in arrival order', () => {
    const { queue, handed } = recordingQueue<ChangeBatch>();
    const burst = [batch(10, 11), batch(11, 12), batch(12, 13), batch(13, 14)];
    for (const b of burst) queue.push(b);

    // Nothing reaches the UI between frames, and the whole burst costs one frame.
    expect(handed).toEqual([]);
    expect(frames.pending).toBe(1);

    frames.run();
    expect(handed).toHaveLength(1);
    expect(handed[0]).toEqual(burst);
    // The very objects that arrived, not copies.
    expect(handed[0]?.[2]).toBe(burst[2]);
  });

  it('keeps the order of mixed items (a snapshot then the batches after it)', () => {
    type Item = { kind: 'snapshot'; seq: number } | { kind: 'batch'; batch: ChangeBatch };
    const { queue, handed } = recordingQueue<Item>();
    const items: Item[] = [
      { kind: 'batch', batch: batch(3, 4) },
      { kind: 'snapshot', seq: 10 },
      { kind: 'batch', batch: batch(10, 11) },
      { kind: 'batch', batch: batch(11, 12) },
    ];
    for (const item of items) queue.push(item);
    frames.run();
    expect(handed).toEqual([items]);
  });

  it('loses and repeats nothing across frames', () => {
    const { queue, handed } = recordingQueue<number>();
    queue.push(1);
    queue.push(2);
    frames.run();
    queue.push(3);
    expect(handed).toEqual([[1, 2]]);
    expect(frames.pending).toBe(1);
    queue.push(4);
    queue.push(5);
    frames.run();
    queue.push(6);
    frames.run();
    expect(handed).toEqual([[1, 2], [3, 4, 5], [6]]);
    expect(handed.flat()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('does nothing on a frame when nothing is queued', () => {
    const { queue, handed } = recordingQueue<number>();
    frames.run();
    queue.flushNow();
    expect(handed).toEqual([]);
    expect(frames.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('still hands over in a hidden tab (no frames) once the fallback time has passed', () => {
    const { queue, handed } = recordingQueue<number>(500);
    queue.push(1);
    queue.push(2);
    vi.advanceTimersByTime(499);
    expect(handed).toEqual([]);
    queue.push(3);
    vi.advanceTimersByTime(1);
    expect(handed).toEqual([[1, 2, 3]]);

    // The frame the tab never ran was given up: when the tab shows again it hands over nothing twice.
    expect(frames.pending).toBe(0);
    frames.run();
    expect(handed).toEqual([[1, 2, 3]]);

    // The next item starts a new round rather than waiting on the old one.
    queue.push(4);
    vi.advanceTimersByTime(500);
    expect(handed).toEqual([[1, 2, 3], [4]]);
  });

  it('drops the fallback timer once the frame has handed the items over', () => {
    const { queue, handed } = recordingQueue<number>(500);
    queue.push(1);
    expect(vi.getTimerCount()).toBe(1);
    frames.run();
    expect(handed).toEqual([[1]]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(handed).toEqual([[1]]);
  });

  it('flushNow hands everything over at once (before a reconnect) and cancels the pending frame', () => {
    const { queue, handed } = recordingQueue<number>();
    queue.push(1);
    queue.push(2);
    queue.flushNow();
    expect(handed).toEqual([[1, 2]]);
    expect(frames.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);

    frames.run();
    vi.advanceTimersByTime(10_000);
    expect(handed).toEqual([[1, 2]]);

    // After an early hand-over the queue schedules normally again.
    queue.push(3);
    expect(frames.pending).toBe(1);
    frames.run();
    expect(handed).toEqual([[1, 2], [3]]);
  });

  it('keeps what arrives while the UI is handling a hand-over for the next frame', () => {
    const handed: number[][] = [];
    const queue: FrameQueue<number> = new FrameQueue<number>((items) => {
      handed.push(items);
      // e.g. a socket message delivered while the state is being replaced
      if (items.includes(1)) queue.push(99);
    });
    queue.push(1);
    queue.push(2);
    frames.run();
    expect(handed).toEqual([[1, 2]]);
    expect(frames.pending).toBe(1);
    frames.run();
    expect(handed).toEqual([[1, 2], [99]]);
  });

  it('dispose drops what is queued and nothing fires afterwards', () => {
    const { queue, handed } = recordingQueue<number>(500);
    queue.push(1);
    queue.push(2);
    queue.dispose();
    expect(frames.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    frames.run();
    vi.advanceTimersByTime(10_000);
    queue.flushNow();
    expect(handed).toEqual([]);
  });
});

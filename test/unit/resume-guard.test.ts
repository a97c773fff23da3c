import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResumeGuard } from '../../client/src/lib/resume-guard';

const RETRY_MS = 5_000;

/**
 * A guard wired to a recording "server": `sent` is every resume request that went out,
 * `online` decides whether the emit could be sent, `seq` is what the board has applied.
 */
function guard(retryMs = RETRY_MS) {
  const sent: number[] = [];
  const board = { seq: 10 as number | null, online: true };
  const g = new ResumeGuard(
    (seq) => {
      if (!board.online) return false;
      sent.push(seq);
      return true;
    },
    () => board.seq,
    retryMs,
  );
  return { g, sent, board };
}

describe('ResumeGuard', () => {
  // The guard's own retry timer is what these tests are about.
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks the server to resume from where the board is, once per gap', () => {
    const { g, sent } = guard();
    expect(g.pending).toBe(false);
    g.request(10);
    expect(sent).toEqual([10]);
    expect(g.pending).toBe(true);
  });

  it('does not ask again for every gap batch that arrives while the replay is on its way', () => {
    const { g, sent } = guard();
    g.request(10);
    g.request(10);
    g.request(10);
    // A later gap seen from the same (unchanged) state, or from another seq, is the same wait.
    g.request(12);
    expect(sent).toEqual([10]);
    expect(g.pending).toBe(true);
  });

  it('is done once the replay (or a snapshot) has been applied, and asks afresh at the next gap', () => {
    const { g, sent } = guard();
    g.request(10);
    g.settle();
    expect(g.pending).toBe(false);
    // The replay landed: no retry comes of the settled request.
    vi.advanceTimersByTime(RETRY_MS * 3);
    expect(sent).toEqual([10]);

    g.request(14);
    expect(sent).toEqual([10, 14]);
    expect(g.pending).toBe(true);
  });

  it('asks again when no replay came in time, from the seq the board is at then', () => {
    const { g, sent, board } = guard();
    g.request(10);
    vi.advanceTimersByTime(RETRY_MS - 1);
    expect(sent).toEqual([10]);
    // Meanwhile something moved the board on (an overlapping batch), without settling.
    board.seq = 11;
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([10, 11]);
    expect(g.pending).toBe(true);
    // And keeps asking, once per retry period, while nothing arrives.
    vi.advanceTimersByTime(RETRY_MS);
    expect(sent).toEqual([10, 11, 11]);
  });

  it('settling in the middle of the wait cancels the retry', () => {
    const { g, sent } = guard();
    g.request(10);
    vi.advanceTimersByTime(RETRY_MS / 2);
    g.settle();
    vi.advanceTimersByTime(RETRY_MS * 2);
    expect(sent).toEqual([10]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('offline, sends nothing but still counts as waiting (the reconnect handshake resumes), and retries later', () => {
    const { g, sent, board } = guard();
    board.online = false;
    g.request(10);
    expect(sent).toEqual([]);
    expect(g.pending).toBe(true);
    // More gaps while offline do not queue up requests either.
    g.request(10);
    vi.advanceTimersByTime(RETRY_MS);
    expect(sent).toEqual([]);
    // Back online without a reconnect having settled it: the next retry goes out.
    board.online = true;
    vi.advanceTimersByTime(RETRY_MS);
    expect(sent).toEqual([10]);
  });

  it('a reconnect settles it: the handshake carries the resume point, so no extra request follows', () => {
    const { g, sent, board } = guard();
    board.online = false;
    g.request(10);
    // What the socket's auth callback does before each handshake.
    g.settle();
    board.online = true;
    vi.advanceTimersByTime(RETRY_MS * 3);
    expect(sent).toEqual([]);
    expect(g.pending).toBe(false);
  });

  it('does not retry when the board holds no state any more', () => {
    const { g, sent, board } = guard();
    g.request(10);
    board.seq = null;
    vi.advanceTimersByTime(RETRY_MS);
    expect(sent).toEqual([10]);
    expect(g.pending).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses the retry period it was given', () => {
    const { g, sent, board } = guard(250);
    board.seq = 3;
    g.request(3);
    vi.advanceTimersByTime(249);
    expect(sent).toEqual([3]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([3, 3]);
  });

  it('after dispose nothing more is sent', () => {
    const { g, sent } = guard();
    g.request(10);
    g.dispose();
    expect(g.pending).toBe(false);
    vi.advanceTimersByTime(RETRY_MS * 3);
    expect(sent).toEqual([10]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

/**
 * Asks the server to resume after a gap, once: every batch that arrives while we wait for the
 * replay is also a gap, and asking again for each would make the server replay many times.
 * If no replay comes in time (lost on the way, server busy), it asks again.
 */
export class ResumeGuard {
  #pendingSince: number | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  readonly #send: (seq: number) => boolean;
  readonly #currentSeq: () => number | null;
  readonly #retryMs: number;

  /**
   * @param send emits the resume request; returns false when it could not be sent (offline:
   *   the reconnect handshake carries the resume point instead).
   * @param currentSeq the last applied sequence number, read at retry time.
   */
  constructor(send: (seq: number) => boolean, currentSeq: () => number | null, retryMs = 5_000) {
    this.#send = send;
    this.#currentSeq = currentSeq;
    this.#retryMs = retryMs;
  }

  get pending(): boolean {
    return this.#pendingSince !== null;
  }

  /** A gap was seen while at `seq`. */
  request(seq: number): void {
    if (this.#pendingSince !== null) return;
    this.#pendingSince = Date.now();
    this.#send(seq);
    this.#retry = setTimeout(() => this.#again(), this.#retryMs);
  }

  /** The state moved on (replay or snapshot applied) or a new connection resumes by itself. */
  settle(): void {
    this.#pendingSince = null;
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  dispose(): void {
    this.settle();
  }

  #again(): void {
    const seq = this.#currentSeq();
    this.settle();
    if (seq !== null) this.request(seq);
  }
}

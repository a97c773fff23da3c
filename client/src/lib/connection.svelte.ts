/**
 * What the connection indicator shows.
 * - connecting: no data yet (first load).
 * - live: connected and the board is current.
 * - reconnecting: we lost the connection or the stream has a gap, for less than the grace time.
 * - stale: the same, for longer: the board shows old data and must say since when.
 */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'stale';

/** A blip shorter than this (a server restart, a Wi-Fi hand-over) is "reconnecting", not "stale". */
const DEFAULT_GRACE_MS = 5_000;

export class Connection {
  status = $state<ConnectionStatus>('connecting');
  /**
   * When the current status began. For reconnecting and stale it is the moment the board
   * stopped being current, which is what a dispatcher needs to judge what they see.
   */
  since = $state(Date.now());
  /** Why the server refuses this page's connection (another origin), when it does; shown as is. */
  refusal = $state<string | null>(null);
  /**
   * Why the server says its own data is not live (Redis unreachable, the change stream stalled,
   * a reload), while it says so: the socket may be connected, but the board is not current.
   */
  serverProblem = $state<string | null>(null);

  #staleTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #graceMs: number;

  constructor(graceMs = DEFAULT_GRACE_MS) {
    this.#graceMs = graceMs;
  }

  /** The board holds current data (unless the server says its data is not live). */
  markLive(at = Date.now()): void {
    if (this.serverProblem !== null) return;
    this.#clearTimer();
    if (this.status !== 'live') {
      this.status = 'live';
      this.since = at;
    }
  }

  /** Disconnected, or waiting for a resume: the data may be falling behind from `at`. */
  markLost(at = Date.now()): void {
    // Before the first snapshot there is nothing to be stale: keep saying "connecting".
    if (this.status === 'connecting') return;
    // Already lost: keep the earlier time, the board has been behind since then.
    if (this.status === 'reconnecting' || this.status === 'stale') return;
    this.status = 'reconnecting';
    this.since = at;
    this.#clearTimer();
    this.#staleTimer = setTimeout(() => {
      if (this.status === 'reconnecting') this.status = 'stale';
    }, this.#graceMs);
  }

  /**
   * The server says its data is not live: stale at once (no grace: this is not a blip of the
   * socket, the server has already waited out its own), since when the server says.
   */
  serverDown(reason: string, since: number): void {
    this.serverProblem = reason;
    if (this.status === 'connecting') return;
    this.#clearTimer();
    if (this.status === 'live') this.since = since;
    this.status = 'stale';
  }

  /** The server's data flows again; the caller marks the board live once it is current. */
  serverUp(): void {
    this.serverProblem = null;
  }

  /** The server refused the connection for a reason retrying alone will not fix. */
  refuse(message: string): void {
    this.refusal = message;
  }

  clearRefusal(): void {
    this.refusal = null;
  }

  dispose(): void {
    this.#clearTimer();
  }

  #clearTimer(): void {
    if (this.#staleTimer !== undefined) clearTimeout(this.#staleTimer);
    this.#staleTimer = undefined;
  }
}

import type { Call } from '../../../shared/call';
import { apiJson, ApiFailure } from './api';

/** How soon a failed read of the call is tried again. */
const RETRY_MS = 3_000;

/**
 * The whole of one call (notes and timeline), for its open drawer. Live frames carry only a
 * summary of each call; the drawer reads the whole call when it opens and again whenever the
 * summary's version moves, so it follows the call live at one small request per change of that
 * call, instead of every board receiving every call's timeline on every change.
 */
export class CallDetail {
  /** The whole call as last read; kept while a newer version is being read, so nothing flickers. */
  call = $state.raw<Call | null>(null);
  /** Why the last read failed, if it did (the history shown may then be behind). */
  error = $state.raw<string | null>(null);

  #wanted: { id: string; version: number } | null = null;
  #inFlight: AbortController | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;

  /** Read the call if `version` is newer than what we hold; a read already under way for it is kept. */
  follow(id: string, version: number): void {
    if (this.call?.id === id && this.call.version >= version) return;
    if (this.#wanted?.id === id && this.#wanted.version >= version && (this.#inFlight || this.#retry)) return;
    this.#wanted = { id, version };
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    apiJson<Call>('GET', `/calls/${encodeURIComponent(id)}`, undefined, { signal: controller.signal, background: true }).then(
      (call) => {
        if (controller.signal.aborted) return;
        this.#inFlight = null;
        if (this.call?.id === call.id && this.call.version > call.version) return;
        this.call = call;
        this.error = null;
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        this.#inFlight = null;
        this.error = error instanceof ApiFailure ? error.message : 'Could not read the call history';
        // A quiet call may not change again for a long time: try again by itself (not on a 404:
        // the call is gone).
        if (error instanceof ApiFailure && error.status === 404) return;
        this.#retry = setTimeout(() => {
          this.#retry = undefined;
          this.#wanted = null;
          this.follow(id, version);
        }, RETRY_MS);
      },
    );
  }

  dispose(): void {
    this.#inFlight?.abort();
    this.#inFlight = null;
    clearTimeout(this.#retry);
    this.#retry = undefined;
  }
}

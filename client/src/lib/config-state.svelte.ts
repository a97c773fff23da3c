import type { ClientConfig } from '../../../shared/client-config';
import { centerTime } from './center-time.svelte';
import { loadConfigWithRetry } from './config';

/** The board configuration as state: loads (and keeps retrying) until the server answers. */
export class ConfigState {
  value = $state.raw<ClientConfig>();
  /** The last failure while it keeps trying, to say what it waits for. */
  error = $state<string>();

  /** Starts loading; returns the function that gives up (on unmount). */
  start(): () => void {
    const controller = new AbortController();
    loadConfigWithRetry(controller.signal, (error) => {
      this.error = error instanceof Error ? error.message : String(error);
    }).then(
      (loaded) => {
        this.value = loaded;
        this.error = undefined;
        centerTime.zone = loaded.timeZone;
      },
      () => {
        // Aborted on unmount: nothing to do.
      },
    );
    return () => controller.abort();
  }
}

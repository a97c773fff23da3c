import { ClientConfig } from '../../../shared/client-config';

const CONFIG_URL = '/api/v1/config';

/** Fetches and validates the board configuration; a malformed answer fails loudly here. */
export async function fetchConfig(signal?: AbortSignal): Promise<ClientConfig> {
  const response = await fetch(CONFIG_URL, { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${CONFIG_URL} answered ${response.status}`);
  // Lenient about keys this build does not know: a newer server must not leave a wall screen
  // stuck on an error until someone reloads it.
  return ClientConfig.strip().parse(await response.json());
}

/**
 * Keeps trying until the configuration loads: a wall display that booted before the server
 * (power cut, server restart) must come up by itself, with no one to press reload.
 */
export async function loadConfigWithRetry(signal: AbortSignal, onError: (error: unknown) => void): Promise<ClientConfig> {
  let delayMs = 1_000;
  for (;;) {
    try {
      return await fetchConfig(signal);
    } catch (error) {
      if (signal.aborted) throw error;
      onError(error);
      await sleep(delayMs, signal);
      delayMs = Math.min(delayMs * 2, 15_000);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const id = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(id);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

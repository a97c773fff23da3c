import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startTestRedis } from '../helpers/redis';
import { startTestServer } from '../helpers/server';

/**
 * Starts a private redis-server and the real server on a free port for the browser tests, with
 * no tile server (the machine is offline; the district outlines are the base map). The URL
 * reaches the test workers through TANDEM_E2E_URL. Returns the teardown.
 */
export const STORAGE_STATE = 'test-results/e2e-auth/supervisor.json';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync('dist/client/index.html')) throw new Error('The client is not built: run `npm run build` before the browser tests.');
  const redis = await startTestRedis();
  const server = await startTestServer(redis.url, { TILE_URL: '', POSITION_COALESCE_MS: '100' });
  process.env.TANDEM_E2E_URL = server.url;
  process.env.TANDEM_E2E_INGEST_KEY = server.ingestKey;
  // Browser tests act as a signed-in supervisor unless a spec signs in itself.
  const [name, value] = server.cookie.split('=') as [string, string];
  mkdirSync(dirname(STORAGE_STATE), { recursive: true });
  writeFileSync(
    STORAGE_STATE,
    JSON.stringify({ cookies: [{ name, value, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict' }], origins: [] }),
  );
  return async () => {
    await server.close();
    await redis.stop();
  };
}

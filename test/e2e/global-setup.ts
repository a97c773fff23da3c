import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { sessionRefOf } from '../../server/auth/session-store';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer, type TestServer } from '../helpers/server';

/**
 * Starts, for each Playwright worker, a private redis-server and the real server on a free port,
 * with no tile server (the machine is offline; the district outlines are the base map). Workers
 * run spec files side by side, so each needs a city of its own: a spec counting rows or waiting
 * for its call never sees another worker's. Worker i finds its server through
 * TANDEM_E2E_URL_<i> and TANDEM_E2E_INGEST_KEY_<i> (see board-fixtures.ts). Returns the teardown.
 */
export const STORAGE_STATE = 'test-results/e2e-auth/supervisor.json';

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  if (!existsSync('dist/client/index.html')) throw new Error('The client is not built: run `npm run build` before the browser tests.');
  const started: { redis: TestRedis; server: TestServer }[] = [];
  for (let i = 0; i < config.workers; i++) {
    const redis = await startTestRedis();
    const server = await startTestServer(redis.url, { TILE_URL: '', POSITION_COALESCE_MS: '100' });
    started.push({ redis, server });
    process.env[`TANDEM_E2E_URL_${i}`] = server.url;
    process.env[`TANDEM_E2E_INGEST_KEY_${i}`] = server.ingestKey;
  }

  // Browser tests act as a signed-in supervisor unless a spec signs in itself. One stored cookie
  // serves every worker: the first server's session is copied to the others (all on
  // 127.0.0.1, where a cookie is not told apart by port).
  const first = started[0]!.server;
  const [name, value] = first.cookie.split('=') as [string, string];
  const ref = sessionRefOf(value);
  const session = await first.redis.hGetAll(first.app.store.keys.session(ref));
  for (const { server } of started.slice(1)) {
    await server.redis.hSet(server.app.store.keys.session(ref), session);
    if (Number(session.idleMs) > 0) await server.redis.pExpire(server.app.store.keys.session(ref), Number(session.idleMs));
    await server.redis.sAdd(server.app.store.keys.sessionsOfUser(session.actor!), ref);
  }
  mkdirSync(dirname(STORAGE_STATE), { recursive: true });
  writeFileSync(
    STORAGE_STATE,
    JSON.stringify({ cookies: [{ name, value, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict' }], origins: [] }),
  );
  return async () => {
    for (const { server, redis } of started) {
      await server.close();
      await redis.stop();
    }
  };
}

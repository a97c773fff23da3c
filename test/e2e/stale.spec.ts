import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../../server/redis/embedded';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server';
import { SIGNED_OUT } from './auth-fixtures';

/**
 * The wall's outage drill, with a server and Redis of this spec's own (the shared one stays up
 * for the other specs): the server goes away, the wall says NOT LIVE within 5 s; the server
 * comes back on the same address and Redis, the wall is live again by itself, with no reload.
 */
test.use({ storageState: SIGNED_OUT, viewport: { width: 1440, height: 900 } });

async function displayKey(url: string): Promise<string> {
  const session = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
  });
  expect(session.status, 'admin sign-in').toBe(201);
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const res = await fetch(`${url}/api/v1/admin/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: url },
    body: JSON.stringify({ kind: 'display', name: 'stale drill' }),
  });
  expect(res.status, 'create display key').toBe(201);
  return ((await res.json()) as { secret: string }).secret;
}

let redis: TestRedis | undefined;
let server: TestServer | undefined;

test.afterEach(async ({ page }) => {
  await page.close();
  if (server) await server.close().catch(() => undefined);
  server = undefined;
  await redis?.stop();
  redis = undefined;
});

test('stop the server: the wall says NOT LIVE within 5 s; restart it: live again without a reload', async ({ page }) => {
  redis = await startTestRedis({ appendOnly: true });
  const port = await freePort();
  server = await startTestServer(redis.url, { TILE_URL: '' }, { port });
  const url = server.url;
  const key = await displayKey(url);

  await page.goto(`${url}/wall?key=${encodeURIComponent(key)}`);
  await expect(page).toHaveURL(`${url}/wall`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  // A mark on this page's window: a reload would wipe it.
  await page.evaluate(() => ((window as unknown as { wallMark: string }).wallMark = 'same page'));

  // The server stops: it shuts down, and its open connections drop at once, as in an outage
  // (a graceful close alone can wait on a browser's kept-alive connection).
  const stopping = server;
  server = undefined;
  const stoppedAt = Date.now();
  const closed = stopping.close();
  await expect(page.getByTestId('stale-banner')).toBeVisible({ timeout: 5_000 });
  const shownAfterMs = Date.now() - stoppedAt;
  await closed;
  test.info().annotations.push({ type: 'stale banner after', description: `${shownAfterMs} ms` });
  await expect(page.getByTestId('stale-banner')).toContainText('NOT LIVE');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'stale');
  await page.screenshot({ path: test.info().outputPath('wall-stale.png') });

  // Back on the same port and Redis (the wall's session lives in Redis, so its cookie still holds).
  server = await startTestServer(redis.url, { TILE_URL: '' }, { port });
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  await expect(page).toHaveURL(`${url}/wall`);
  expect(await page.evaluate(() => (window as unknown as { wallMark?: string }).wallMark)).toBe('same page');
});

test('stop Redis: the board says not live within 5 s though its socket stays up, and why; start it: live again', async ({ page }) => {
  // Redis comes back from its own files, so the supervisor's session (kept in Redis) holds.
  const dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-redis-'));
  test.info().attach('redis dir', { body: dir });
  redis = await startTestRedis({ appendOnly: true, dir });
  server = await startTestServer(redis.url, { TILE_URL: '' });
  const [name, value] = (await server.signIn('supervisor', 'sam-stale')).split('=') as [string, string];
  await page.context().addCookies([{ name, value, url: server.url }]);

  await page.goto(`${server.url}/board`);
  const indicator = page.getByTestId('connection');
  await expect(indicator).toHaveAttribute('data-state', 'live');

  const port = redis.port;
  await redis.stop();
  redis = undefined;
  // The server itself stays up, so the socket does too: only the server's word can say so.
  await expect(indicator).toHaveAttribute('data-state', 'stale', { timeout: 5_000 });
  await expect(indicator).toContainText('Redis');
  await page.screenshot({ path: test.info().outputPath('board-not-live.png') });

  redis = await startTestRedis({ appendOnly: true, dir, port });
  await expect(indicator).toHaveAttribute('data-state', 'live', { timeout: 20_000 });
  await server.close();
  server = undefined;
  await redis.stop();
  redis = undefined;
  rmSync(dir, { recursive: true, force: true });
});

import { expect, test, type Page } from '@playwright/test';
import { adminApi, createKey, SIGNED_OUT } from './auth-fixtures';
import { base, postCall, uniqueSpot, uniqueTag } from './board-fixtures';

// A wall display has no account: it starts signed out and opens the link with its display key.
test.use({ storageState: SIGNED_OUT });

async function openWall(page: Page): Promise<{ id: string }> {
  const key = await createKey('display', `wall ${uniqueTag()}`);
  await page.goto(`${base()}/wall?key=${encodeURIComponent(key.secret)}`);
  // The key became a cookie; it does not stay in the address bar of a screen on an open floor.
  await expect(page).toHaveURL(`${base()}/wall`);
  await expect(page.getByTestId('wall-view')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  return key;
}

test('the wall shows a posted call live, with nothing of its address, notes or caller', async ({ page }, testInfo) => {
  await openWall(page);
  const tag = uniqueTag();
  const address = `${tag} Private Lane`;
  const note = `Caller ${tag} says her son stopped his medication`;
  const call = await postCall({
    nature: 'EDP',
    priority: 1,
    location: { ...uniqueSpot(), address },
    notes: note,
    callerPhone: '303-555-0999',
    weapons: 'no',
    violence: 'no',
  });

  const row = page.locator(`[data-testid="wall-call"][data-call-id="${call.id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-mh', 'true');
  await expect(row).toContainText('P1');
  await expect(row).toContainText('MH');
  await expect(page.getByTestId('wall-free-count')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('wall-clock')).toHaveText(/^\d\d:\d\d:\d\d$/);

  // A wall has no details and no controls: no drawer, no sign-in menu, clicking a row does nothing.
  await row.click();
  await expect(page.getByTestId('call-drawer')).toHaveCount(0);
  await expect(page.getByTestId('user-menu')).toHaveCount(0);

  // Even the map popup of the call has only what the wall receives. The click goes to the
  // marker itself: on the shared server other specs' calls can sit on top of it at city zoom.
  await page.locator(`.call-marker[data-call-id="${call.id}"]`).dispatchEvent('click');
  await expect(page.locator(`.popup--call[data-call-id="${call.id}"]`)).toBeVisible();

  const text = await page.locator('body').innerText();
  for (const secret of [address, tag, note, '555-0999', 'medication']) expect(text).not.toContain(secret);
  const html = await page.content();
  for (const secret of [address, note, '555-0999']) expect(html).not.toContain(secret);

  await page.locator('.leaflet-popup-close-button').click();
  await page.screenshot({ path: testInfo.outputPath('wall.png') });
});

test('a mistyped display key leads to sign-in with a clear message', async ({ page }) => {
  await page.goto(`${base()}/wall?key=tdm_d_not-a-real-key-at-all`);
  await expect(page).toHaveURL(/\/login\?error=display-key$/);
  await expect(page.getByTestId('login-error')).toHaveText('That display key is not valid (revoked or mistyped). Ask an administrator for a new one.');
});

test('revoking the display key takes the wall to sign-in at once', async ({ page }) => {
  const key = await openWall(page);
  await adminApi('DELETE', `/keys/${key.id}`);
  await expect(page).toHaveURL(/\/login\?error=display-ended/);
  await expect(page.getByTestId('login-notice')).toContainText('Ask an administrator for a new wall link');
});

test('a wall that loses the server says NOT LIVE in large type, and recovers by itself', async ({ page }) => {
  // The WebSocket goes through here, so the test can drop it; the browser going offline keeps
  // the reconnects from getting through until the line is back.
  const sockets: { close: () => Promise<void> }[] = [];
  await page.routeWebSocket('**/socket.io/**', (ws) => {
    ws.connectToServer(); // messages pass through both ways
    sockets.push(ws);
  });

  await openWall(page);
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  // The wall connects by WebSocket first (see client/src/lib/socket.ts): cut that line.
  await expect.poll(() => sockets.length).toBeGreaterThan(0);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  await page.context().setOffline(true);
  for (const ws of sockets.splice(0)) await ws.close();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting');
  // After the grace time (5 s) the board is stale, and the wall shouts it.
  await expect(page.getByTestId('stale-banner')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('stale-banner')).toContainText('NOT LIVE');

  await page.context().setOffline(false);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
});

import { copyFileSync, mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './axe';
import { createKey, createUser, SIGNED_OUT, signInOnPage } from './auth-fixtures';
import { base, callRow, northOf, postCall, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

test.use({ storageState: SIGNED_OUT });

/** No WCAG 2 A or AA violation at all on what is on screen. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  expect(await axeViolations(page), what).toEqual([]);
}

test('the sign-in page, with an error, passes the accessibility checks', async ({ page }) => {
  await page.goto(`${base()}/login?error=display-key`);
  await expect(page.getByTestId('login-error')).toBeVisible();
  await expectAccessible(page, 'sign-in');
});

test('each admin tab passes the accessibility checks', async ({ page }) => {
  await page.goto(`${base()}/admin`);
  await signInOnPage(page, 'admin');
  await expect(page.getByTestId('users-table')).toBeVisible();
  await expectAccessible(page, 'users');
  await page.getByTestId('admin-tab-keys').click();
  await page.getByTestId('key-name').fill('a11y wall');
  await page.getByTestId('create-key').click();
  await expect(page.getByTestId('key-secret')).toBeVisible();
  await expectAccessible(page, 'keys');
  // Arrow keys move between tabs.
  await page.getByTestId('admin-tab-keys').press('ArrowRight');
  await expect(page.getByTestId('admin-tab-audit')).toBeFocused();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await expectAccessible(page, 'audit');
});

test('the wall passes the accessibility checks', async ({ page }) => {
  const key = await createKey('display');
  await page.goto(`${base()}/wall?key=${encodeURIComponent(key.secret)}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expectAccessible(page, 'wall');
});

test('the board header with the user menu open passes the accessibility checks', async ({ page }) => {
  const username = await createUser('dispatcher', 'a11y');
  await page.goto(`${base()}/board`);
  await signInOnPage(page, username);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await page.getByTestId('user-menu').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
  await expectAccessible(page, 'board with user menu');
  // Escape closes the menu and puts focus back on its button.
  await page.getByTestId('sign-out').press('Escape');
  await expect(page.getByTestId('sign-out')).toHaveCount(0);
  await expect(page.getByTestId('user-menu')).toBeFocused();
});

test('the board with an MH call open in the drawer passes the accessibility checks', async ({ page }, testInfo) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  await putUnit(`star-a11y-${tag.toLowerCase()}`, {
    callsign: `STAR${tag}`,
    type: 'crisis_team',
    position: northOf(spot, 0.6),
    shift: { start: '00:00', end: '00:00' },
  });
  await putUnit(`cr-a11y-${tag.toLowerCase()}`, {
    callsign: `CR${tag}`,
    type: 'co_responder',
    position: northOf(spot, 1.5),
    shift: { start: '00:00', end: '00:00' },
  });
  const call = await postCall({
    nature: 'WELFARE',
    priority: 2,
    location: { ...spot, address: `${tag} Larimer St` },
    notes: 'Caller worried about her brother, not answering the door, has been off his medication',
    weapons: 'no',
    violence: 'no',
  });
  const username = await createUser('supervisor', 'a11y-board');
  await page.goto(`${base()}/board`);
  await signInOnPage(page, username);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  // Keyboard only: search, move to the call, open it.
  await page.locator('body').press('/');
  await page.keyboard.type(tag);
  await page.keyboard.press('Tab');
  await page.keyboard.press('j');
  await expect(callRow(page, call.id).getByRole('button')).toBeFocused();
  await page.keyboard.press('Enter');
  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${call.id}"]`);
  await expect(drawer.getByTestId('assign-recommended').first()).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('call-search').fill('');
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await drawer.getByRole('heading', { name: `Call ${call.number}` }).focus();
  await expectAccessible(page, 'board with the drawer open');

  const shot = testInfo.outputPath('board.png');
  await page.screenshot({ path: shot });
  if (process.env.UPDATE_README_SCREENSHOTS === '1') {
    mkdirSync('.github/screenshots', { recursive: true });
    copyFileSync(shot, '.github/screenshots/board.png');
  }

  // Every unit by status, and the shortcuts dialog.
  await page.keyboard.press('u');
  await expect(page.getByTestId('units-by-status')).toBeVisible();
  await expectAccessible(page, 'board with units by status');
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
  await expectAccessible(page, 'shortcuts dialog');
});

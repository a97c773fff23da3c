import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createKey, createUser, SIGNED_OUT, signInOnPage } from './auth-fixtures';
import { base } from './board-fixtures';

test.use({ storageState: SIGNED_OUT });

/** WCAG 2 A and AA checks of what is on screen; the map's canvas and tiles are Leaflet's, not ours. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('.leaflet-pane').analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(found, what).toEqual([]);
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

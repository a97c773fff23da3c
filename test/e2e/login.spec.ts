import { expect, test } from '@playwright/test';
import { adminApi, createUser, PASSWORD, SIGNED_OUT, signInOnPage } from './auth-fixtures';
import { base } from './board-fixtures';

// These specs start signed out: no stored supervisor cookie.
test.use({ storageState: SIGNED_OUT });

test('a signed-out visit to the board lands on sign-in, and a wrong password says so', async ({ page }) => {
  const username = await createUser('dispatcher', 'wrongpw');
  await page.goto(`${base()}/board`);
  await expect(page).toHaveURL(/\/login\?next=%2Fboard$/);
  await expect(page.getByTestId('login-form')).toBeVisible();
  await expect(page.getByTestId('login-username')).toBeFocused();

  await signInOnPage(page, username, 'not the password at all');
  await expect(page.getByTestId('login-error')).toHaveText(
    'Wrong user name or password. After 5 failed tries an account is locked for 10 min; an admin can unlock it by resetting the password.',
  );
  // The password is cleared for retyping; the user name stays.
  await expect(page.getByTestId('login-password')).toHaveValue('');
  await expect(page.getByTestId('login-password')).toBeFocused();
  await expect(page.getByTestId('login-username')).toHaveValue(username);
  await expect(page).toHaveURL(/\/login/);
});

test('admin adds a dispatcher on /admin; the dispatcher signs in, reaches the live board and signs out', async ({ page }, testInfo) => {
  await page.goto(base());
  await expect(page).toHaveURL(/\/login$/);
  await signInOnPage(page, 'admin');
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId('admin-view')).toBeVisible();

  const username = `disp-${Date.now().toString(36)}`;
  const form = page.getByTestId('add-user-form');
  await form.getByTestId('add-user-name').fill(username);
  await form.getByTestId('add-user-role').selectOption('dispatcher');
  await form.getByTestId('add-user-password').fill(PASSWORD);
  await form.getByTestId('add-user-submit').click();
  const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByRole('combobox')).toHaveValue('dispatcher');

  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login\?error=signed-out$/);
  await expect(page.getByTestId('login-notice')).toHaveText('You are signed out.');

  await signInOnPage(page, username);
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('user-menu')).toContainText(`${username} (Dispatcher)`);
  await page.screenshot({ path: testInfo.outputPath('board-as-dispatcher.png') });

  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/login\?error=signed-out$/);
  // Signed out for real: the board sends us back to sign in.
  await page.goto(`${base()}/board`);
  await expect(page).toHaveURL(/\/login\?next=%2Fboard$/);
});

test('after sign-in the user goes where they were going, never off the site', async ({ page }) => {
  const username = await createUser('coordinator');
  await page.goto(`${base()}/coordinator`);
  await expect(page).toHaveURL(/\/login\?next=%2Fcoordinator$/);
  await signInOnPage(page, username);
  await expect(page).toHaveURL(/\/coordinator$/);
  await expect(page.getByTestId('coordinator-view')).toBeVisible();

  // A page the role may not see sends it home instead.
  await page.goto(`${base()}/admin`);
  await expect(page).toHaveURL(/\/coordinator$/);

  const other = await createUser('dispatcher');
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await page.goto(`${base()}/login?next=${encodeURIComponent('//evil.example/steal')}`);
  await signInOnPage(page, other);
  await expect(page).toHaveURL(`${base()}/board`);
});

test('a session ended elsewhere sends the open board to sign-in with a message', async ({ page }) => {
  const username = await createUser('dispatcher', 'ended');
  await page.goto(`${base()}/board`);
  await signInOnPage(page, username);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  await adminApi('POST', `/users/${username}/signout`);
  await expect(page).toHaveURL(/\/login\?error=session-ended&next=%2Fboard$/);
  await expect(page.getByTestId('login-notice')).toHaveText('Your session ended; sign in again.');

  // Signing in again returns to the board.
  await signInOnPage(page, username);
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
});

test('"sign out everywhere" ends the same user\'s other sessions too', async ({ page, browser }) => {
  // The server ends the other sockets at its next session check (every 30 s), not at once.
  test.setTimeout(75_000);
  const username = await createUser('supervisor', 'everywhere');
  await page.goto(`${base()}/board`);
  await signInOnPage(page, username);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  const second = await browser.newContext({ storageState: SIGNED_OUT });
  const other = await second.newPage();
  await other.goto(`${base()}/board`);
  await signInOnPage(other, username);
  await expect(other.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out-everywhere').click();
  await expect(page).toHaveURL(/\/login\?error=signed-out$/);
  // The other workstation learns at its next session check (at most 30 s on the server).
  await expect(other).toHaveURL(/\/login\?error=session-ended/, { timeout: 40_000 });
  await second.close();
});

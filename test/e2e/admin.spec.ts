import { expect, test, type Page } from '@playwright/test';
import { createUser, PASSWORD, SIGNED_OUT, signInOnPage } from './auth-fixtures';
import { base } from './board-fixtures';

test.use({ storageState: SIGNED_OUT });

async function signInAsAdmin(page: Page, path = '/admin'): Promise<void> {
  await page.goto(`${base()}${path}`);
  await signInOnPage(page, 'admin');
  await expect(page.getByTestId('admin-view')).toBeVisible();
}

/** Signs in through the API, as another workstation would: one more audit record. */
async function signInElsewhere(username: string, password = PASSWORD): Promise<number> {
  const res = await fetch(`${base()}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

test('the audit table lists sign-ins, and the filters narrow it', async ({ page }, testInfo) => {
  const username = await createUser('dispatcher', 'audited');
  expect(await signInElsewhere(username)).toBe(201);
  expect(await signInElsewhere(username, 'wrong password!!')).toBe(401);

  await signInAsAdmin(page, '/admin#audit');
  await expect(page).toHaveURL(/\/admin#audit$/);
  const table = page.getByTestId('audit-table');
  const rows = page.getByTestId('audit-row');
  await expect(table).toBeVisible();
  // Newest first: this admin's own sign-in is at the top (or right under a later REST record).
  await expect(rows.filter({ has: page.locator('td', { hasText: /^signin$/ }) }).first()).toHaveAttribute('data-actor', 'admin');

  // By user: only that user's records, the success and the failure.
  await page.getByTestId('audit-actor').fill(username);
  await page.getByTestId('audit-apply').click();
  await expect(table).toHaveAttribute('data-query', new RegExp(`actor=${username}`));
  await expect(rows).toHaveCount(2);
  for (const row of await rows.all()) await expect(row).toHaveAttribute('data-actor', username);
  await expect(rows.nth(0)).toHaveAttribute('data-outcome', 'failure');
  await expect(rows.nth(1)).toHaveAttribute('data-outcome', 'success');

  // By type as well: only the sign-ins of that user (a prefix: "signin" also matches "signin.wall").
  await page.getByTestId('audit-actor').fill('admin');
  await page.getByTestId('audit-type').fill('user.create');
  await page.getByTestId('audit-apply').click();
  await expect(table).toHaveAttribute('data-query', /type=user\.create/);
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) await expect(row).toHaveAttribute('data-type', /^user\.create/);
  await expect(rows.filter({ hasText: username })).toHaveCount(1);

  // By time: nothing has happened in the future.
  await page.getByTestId('audit-since').fill('2099-01-01T00:00');
  await page.getByTestId('audit-apply').click();
  await expect(table).toHaveAttribute('data-query', /since=/);
  await expect(rows).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('admin-audit.png') });
});

test('a display key is shown once with its wall link, then only listed; revoking asks first', async ({ page }, testInfo) => {
  await signInAsAdmin(page, '/admin#keys');
  const name = `floor ${Date.now().toString(36)}`;
  await page.getByTestId('key-kind').selectOption('display');
  await page.getByTestId('key-name').fill(name);
  await page.getByTestId('create-key').click();

  const secret = await page.getByTestId('key-secret').inputValue();
  expect(secret).toMatch(/^tdm_d_/);
  await expect(page.getByTestId('key-secret')).toHaveAttribute('readonly', '');
  await expect(page.getByTestId('key-wall-url')).toHaveValue(`${base()}/wall?key=${encodeURIComponent(secret)}`);
  await page.screenshot({ path: testInfo.outputPath('admin-key-created.png') });

  await page.reload();
  await expect(page.getByTestId('keys-table')).toContainText(name);
  await expect(page.getByTestId('key-secret')).toHaveCount(0);
  expect(await page.locator('body').innerText()).not.toContain(secret);

  const row = page.getByTestId('key-row').filter({ hasText: name });
  await row.getByTestId('revoke-key').click();
  await expect(page.getByTestId('confirm-dialog')).toContainText(`Revoke the display key "${name}"?`);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toBeVisible();
  await row.getByTestId('revoke-key').click();
  await page.getByTestId('confirm-ok').click();
  await expect(row).toHaveCount(0);
});

test('users: lockout shows, a reset unlocks, a role change and a removal are confirmed first', async ({ page }) => {
  const username = await createUser('dispatcher', 'locked');
  for (let i = 0; i < 5; i++) expect(await signInElsewhere(username, `wrong password ${i}`)).toBe(401);

  await signInAsAdmin(page);
  const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
  await expect(row.getByTestId('user-locked')).toContainText('Locked until');

  await row.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByTestId('confirm-ok')).toBeDisabled();
  await page.getByTestId('confirm-input').fill('a brand new password');
  await page.getByTestId('confirm-ok').click();
  await expect(row.getByTestId('user-locked')).toHaveCount(0);
  expect(await signInElsewhere(username, 'a brand new password')).toBe(201);

  await row.getByRole('combobox').selectOption('supervisor');
  await expect(page.getByTestId('confirm-dialog')).toContainText('signs ' + username + ' out everywhere');
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByRole('status').filter({ hasText: `${username} is now a Supervisor` })).toBeVisible();
  await expect(row.getByRole('combobox')).toHaveValue('supervisor');

  await row.getByTestId('remove-user').click();
  await page.getByTestId('confirm-ok').click();
  await expect(row).toHaveCount(0);
});

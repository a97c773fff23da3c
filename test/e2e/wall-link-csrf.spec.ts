import { expect, test } from '@playwright/test';
import { contextAs, createKey, createUser } from './auth-fixtures';
import { base, uniqueTag } from './board-fixtures';

// Login CSRF: a page on another site sends a signed-in dispatcher's browser to a wall link
// with the attacker's display key. The dispatcher must stay signed in as themselves.
test('a wall link opened from another site leaves the dispatcher signed in, and says why it was not used', async ({ browser }) => {
  const dispatcher = await createUser('dispatcher', 'csrf');
  const key = await createKey('display', `attacker wall ${uniqueTag()}`);
  const context = await contextAs(browser, dispatcher);
  const page = await context.newPage();
  try {
    await page.goto(`${base()}/board`);
    await expect(page.getByTestId('user-menu')).toContainText(dispatcher);

    // The other site: a page that navigates the browser to the wall link as soon as it loads.
    const wallLink = `${base()}/wall?key=${encodeURIComponent(key.secret)}`;
    await page.route('http://attacker.example/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><a id="go" href="${wallLink}">win a prize</a>` }),
    );
    await page.goto('http://attacker.example/prize');
    await page.locator('#go').click();

    await expect(page).toHaveURL(/\/login\?error=wall-link-refused$/);
    await expect(page.getByTestId('login-notice')).toContainText('The wall display link was not used');

    // Still the dispatcher, on the board, with no wall session in between.
    await page.goto(`${base()}/board`);
    await expect(page).toHaveURL(`${base()}/board`);
    await expect(page.getByTestId('user-menu')).toContainText(dispatcher);
    const session = await page.evaluate(async () => (await fetch('/api/v1/session')).json());
    expect(session).toMatchObject({ username: dispatcher, role: 'dispatcher' });
  } finally {
    await context.close();
  }
});

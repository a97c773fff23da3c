import { expect, test } from '@playwright/test';
import { openBoard } from './board-fixtures';

test('a minute before the idle sign-out the board warns, and any input keeps the session', async ({ page }, testInfo) => {
  // A fake clock (still ticking in real time) lets the test jump over the idle period.
  await page.clock.install();
  await openBoard(page);
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);

  // The server signs a workstation out after 30 idle minutes (the default); 29:10 in, it warns.
  await page.clock.fastForward('29:10');
  const warning = page.getByTestId('idle-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/signed out in 0:[0-5]\d/);
  await page.screenshot({ path: testInfo.outputPath('idle-warning.png') });

  await page.keyboard.press('Shift');
  await expect(warning).toHaveCount(0);
  // Still signed in: the live board, not the sign-in page.
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
});

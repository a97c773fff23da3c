import { expect, test } from '@playwright/test';
import { callRow, clickMarkerOnTop, openBoard, postCall, uniqueSpot, uniqueTag } from './board-fixtures';

test('the call drawer opens from the keyboard, takes focus, and gives it back on Escape', async ({ page }) => {
  const tag = uniqueTag();
  const call = await postCall({ nature: 'NOISE', priority: 5, location: { ...uniqueSpot(), address: `${tag} Quiet Lane` } });
  await openBoard(page);

  const rowButton = callRow(page, call.id).getByRole('button');
  await rowButton.focus();
  await page.keyboard.press('Enter');

  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${call.id}"]`);
  await expect(drawer).toBeVisible();
  await expect(drawer.getByRole('heading', { name: `Call ${call.number}` })).toBeFocused();
  await expect(drawer).toContainText(`${tag} Quiet Lane`);
  await expect(callRow(page, call.id).getByRole('button')).toHaveAttribute('aria-current', 'true');

  // A pending call with no unit offers no unit status buttons and nothing to unassign.
  await expect(drawer.getByTestId('no-assigned-units')).toBeVisible();
  await expect(drawer.getByTestId('unit-status')).toHaveCount(0);

  // Escape inside an open choice closes the choice only; a second Escape closes the drawer.
  await drawer.getByTestId('close-call').click();
  await expect(drawer.getByTestId('disposition-picker')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(drawer.getByTestId('disposition-picker')).toHaveCount(0);
  await expect(drawer).toBeVisible();

  await drawer.getByRole('heading', { name: `Call ${call.number}` }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('call-drawer')).toHaveCount(0);
  await expect(rowButton).toBeFocused();
});

test('notes added in the drawer appear in the timeline with who and when', async ({ page }) => {
  const call = await postCall({ nature: 'WELFARE', priority: 4, location: uniqueSpot() });
  await openBoard(page);
  await callRow(page, call.id).getByRole('button').click();
  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${call.id}"]`);

  const text = `Caller rang back ${uniqueTag()}`;
  await drawer.getByTestId('note-text').fill(text);
  await drawer.getByRole('button', { name: 'Add note' }).click();
  const line = drawer.getByTestId('timeline').locator('li', { hasText: text });
  await expect(line).toBeVisible();
  await expect(line).toHaveAttribute('data-kind', 'note');
  await expect(line.locator('time')).toHaveText(/^\d\d:\d\d:\d\d$/);
  // Newest first: the note is the top line.
  await expect(drawer.getByTestId('timeline').locator('li').first()).toContainText(text);
  await expect(drawer.getByTestId('note-text')).toHaveValue('');
});

test('clicking a call on the map opens its drawer and rings its marker', async ({ page }) => {
  const tag = uniqueTag();
  const call = await postCall({ nature: 'ALARM', priority: 4, location: { ...uniqueSpot(), address: `${tag} Bell Street` } });
  await openBoard(page);
  // Bring it into view from the queue first (the map may be showing another part of the city).
  await callRow(page, call.id).getByRole('button').click();
  await page.getByRole('button', { name: 'Close call details (Escape)' }).click();
  await expect(page.getByTestId('call-drawer')).toHaveCount(0);

  const marker = page.locator(`.call-marker[data-call-id="${call.id}"]`);
  await clickMarkerOnTop(page, marker);
  await expect(page.locator(`[data-testid="call-drawer"][data-call-id="${call.id}"]`)).toContainText(`${tag} Bell Street`);
  await expect(marker).toHaveClass(/call-marker--selected/);
});

import { expect, test } from '@playwright/test';
import { callRow, openBoard, openCall, postCall, uniqueSpot } from './board-fixtures';

test('a supervisor reopens a call closed by mistake, with a reason, from its drawer or the recently closed list', async ({ page }) => {
  await openBoard(page);
  const call = await postCall({ nature: 'WELFARE', priority: 3, location: uniqueSpot(), weapons: 'no', violence: 'no' });
  const drawer = await openCall(page, call.id);

  // Closed by hand: the drawer says how, and by whom, instead of just going blank.
  await drawer.getByTestId('close-call').click();
  await drawer.getByTestId('disposition-picker').locator('[data-disposition="unfounded"]').click();
  const gone = drawer.getByTestId('call-gone');
  await expect(gone).toContainText('This call was closed (Unfounded) by supervisor');
  await expect(callRow(page, call.id)).toHaveCount(0);

  // The recently closed list has it too.
  const recent = page.getByTestId('recently-closed');
  await recent.locator('summary').click();
  await expect(recent.locator(`[data-testid="recently-closed-call"][data-call-id="${call.id}"]`)).toContainText(call.number);

  // Reopening needs a reason; it goes on the timeline and the call is back in the queue.
  await expect(drawer.getByTestId('reopen-call')).toBeDisabled();
  await drawer.getByTestId('reopen-reason').fill('caller rang back: she is not safe');
  await drawer.getByTestId('reopen-call').click();
  await expect(callRow(page, call.id)).toBeVisible();
  await expect(drawer.getByTestId('timeline')).toContainText('Reopened: caller rang back: she is not safe');
  await expect(recent.locator(`[data-call-id="${call.id}"]`)).toHaveCount(0);
});

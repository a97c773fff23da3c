import { expect, test } from '@playwright/test';
import { assignByRest, base, callRow, getCall, openBoard, patchCall, postCall, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

test('a supervisor finds a call closed minutes ago from the board search, reads its history and reopens it', async ({ page }) => {
  const tag = uniqueTag();
  const street = `Hist${tag} Street`;
  const spot = uniqueSpot();
  await putUnit(`ct-${tag}`, { callsign: `CT${tag}`, type: 'crisis_team', status: 'available', position: spot });
  const call = await postCall({ nature: 'WELFARE', priority: 3, location: { ...spot, address: `12 ${street}` }, weapons: 'no', violence: 'no' });
  await assignByRest(call.id, `ct-${tag}`);
  await patchCall(await getCall(call.id), { status: 'closed', disposition: 'referred_988' });

  // The queue holds open calls only; its search offers history for the words typed.
  await openBoard(page);
  await page.getByTestId('call-search').fill(`hist${tag}`);
  await expect(page.getByTestId('call-showing')).toContainText('Showing 0');
  await page.getByTestId('search-history').click();

  await expect(page).toHaveURL(/\/history\?q=/);
  const row = page.locator(`[data-testid="history-row"][data-call-id="${call.id}"]`);
  await expect(row).toContainText(call.number);
  await expect(row).toContainText(`CT${tag}`);
  await expect(row).toContainText('Referred to 988');
  await expect(page.getByTestId('history-count')).toHaveText('1 call');

  // Its whole history, then reopened with a reason: it leaves the list and is back on the board.
  await row.getByTestId('history-open').click();
  const panel = page.getByTestId('history-call');
  await expect(panel.getByTestId('timeline')).toContainText('Closed: referred 988');
  await expect(panel.getByTestId('timeline')).toContainText(`CT${tag}`);
  await panel.getByTestId('history-reopen-reason').fill('caller rang back from the same address');
  await panel.getByTestId('history-reopen').click();
  await expect(panel.getByTestId('history-reopened')).toContainText(`Call ${call.number} is open again`);
  await expect(row).toHaveCount(0);

  await panel.getByRole('link', { name: 'Go to the board' }).click();
  await expect(callRow(page, call.id)).toBeVisible();
});

test('history searches by words and the MH flag, and a link keeps the search', async ({ page }) => {
  const tag = uniqueTag();
  const made = [];
  for (let i = 0; i < 3; i++) {
    const call = await postCall({ nature: i === 0 ? 'THEFT' : 'EDP', priority: 4, location: { ...uniqueSpot(), address: `${i} Page${tag} Way` } });
    made.push(await patchCall(call, { status: 'cancelled' }));
  }
  await page.goto(`${base()}/history`);
  await page.getByTestId('history-words').fill(`page${tag}`);
  await page.getByTestId('history-words').press('Enter');
  await expect(page.getByTestId('history-row')).toHaveCount(3);

  await page.getByTestId('history-mh').selectOption('yes');
  await page.getByTestId('history-apply').click();
  await expect(page.getByTestId('history-row')).toHaveCount(2);
  await expect(page.locator(`[data-testid="history-row"][data-call-id="${made[0]!.id}"]`)).toHaveCount(0);

  // The address keeps the search: a reload (or a link from the board) shows the same calls.
  await expect(page).toHaveURL(new RegExp(`q=page${tag}.*mh=yes`, 'i'));
  await page.reload();
  await expect(page.getByTestId('history-row')).toHaveCount(2);
  await expect(page.getByTestId('history-mh')).toHaveValue('yes');
});

test('a reopened call shows as open again with its reason, and a reversed time range is explained', async ({ page }) => {
  const tag = uniqueTag();
  const call = await postCall({ nature: 'NOISE', priority: 5, location: { ...uniqueSpot(), address: `3 Again${tag} Lane` } });
  await patchCall(call, { status: 'cancelled' });
  await page.goto(`${base()}/history?q=again${tag}&call=${call.id}`);
  const panel = page.getByTestId('history-call');
  await expect(panel.getByRole('heading', { name: `Call ${call.number}` })).toBeFocused();
  await panel.getByTestId('history-reopen-reason').fill('neighbour called again');
  await panel.getByTestId('history-reopen').click();
  await expect(panel.getByTestId('history-call-open')).toContainText('Open again');
  await expect(panel.getByTestId('timeline')).toContainText('Reopened: neighbour called again');
  // The address still names the call: a reload shows it open, with no reopen form.
  await page.reload();
  await expect(panel.getByTestId('history-call-open')).toBeVisible();
  await expect(panel.getByTestId('history-reopen-form')).toHaveCount(0);
  await expect(page.getByTestId('history-empty')).toContainText(`No closed or cancelled call matches “again${tag}”`);

  await page.getByTestId('history-from').fill('2026-06-02T10:00');
  await page.getByTestId('history-to').fill('2026-06-01T10:00');
  await page.getByTestId('history-apply').click();
  await expect(page.getByRole('alert')).toContainText('“Ended after” is later than “Ended before”');
});

import { expect, test } from '@playwright/test';
import { callRow, northOf, openBoard, openCall, postCall, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

test('a dispatcher takes an MH call from pending to closed with the recommended crisis team', async ({ page }, testInfo) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  const unitId = `star-${tag.toLowerCase()}`;
  const callsign = `STAR${tag}`;
  // Always on shift, so the recommendation does not depend on the time of day the test runs.
  await putUnit(unitId, { callsign, type: 'crisis_team', position: northOf(spot, 0.4), shift: { start: '00:00', end: '00:00' } });
  const call = await postCall({
    nature: 'WELFARE',
    priority: 2,
    location: { ...spot, address: `${tag} Welfare Way` },
    notes: 'Neighbour has not seen him for two days',
    weapons: 'no',
    violence: 'no',
  });

  await openBoard(page);
  await expect(callRow(page, call.id)).toHaveAttribute('data-mh', 'true');
  const drawer = await openCall(page, call.id);

  // The server's recommender answers within a couple of seconds: a crisis team alone, ours first.
  const card = drawer.getByTestId('recommendation');
  const assign = card.locator(`[data-testid="assign-recommended"][data-unit-id="${unitId}"]`);
  await expect(assign).toBeVisible({ timeout: 15_000 });
  await expect(card).toHaveAttribute('data-model', 'alternative');
  await expect(card).toContainText('Crisis team alone');
  await expect(card.getByTestId('recommendation-rationale')).toContainText(callsign);
  // 0.4 km away: about a minute, worked out from where the team is now.
  await expect(card.locator(`li[data-unit-id="${unitId}"]`).getByTestId('recommended-eta')).toHaveText('~1 min');
  await assign.click();

  const row = drawer.locator(`[data-testid="assigned-unit"][data-unit-id="${unitId}"]`);
  await expect(row).toHaveAttribute('data-status', 'dispatched');
  await expect(drawer.getByTestId('call-status')).toHaveText('Dispatched');

  // Only allowed next statuses are offered: from dispatched, never "dispatched" again.
  await expect(row.locator('[data-testid="unit-status"][data-status="dispatched"]')).toHaveCount(0);
  await row.locator('[data-testid="unit-status"][data-status="enroute"]').click();
  await expect(row).toHaveAttribute('data-status', 'enroute');
  await expect(drawer.getByTestId('call-status')).toHaveText('En route');
  await row.locator('[data-testid="unit-status"][data-status="onscene"]').click();
  await expect(row).toHaveAttribute('data-status', 'onscene');
  await expect(drawer.getByTestId('call-status')).toHaveText('On scene');
  // A civilian team on scene gets a check-in clock.
  await expect(row.getByTestId('check-in-due')).toBeVisible();

  const timeline = drawer.getByTestId('timeline');
  await expect(timeline).toContainText(`${callsign} assigned`);
  await expect(timeline).toContainText(`${callsign} on scene`);
  await expect(timeline).toContainText('Neighbour has not seen him for two days');
  await page.screenshot({ path: testInfo.outputPath('dispatch-flow-onscene.png') });

  // Clearing the last unit asks how the call ended; choosing closes it and it leaves the board.
  await row.locator('[data-testid="unit-status"][data-status="available"]').click();
  const picker = row.getByTestId('disposition-picker');
  await expect(picker).toBeVisible();
  await expect(picker.getByTestId('return-to-queue')).toBeVisible();
  await picker.locator('[data-disposition="resolved_on_scene"]').click();

  await expect(callRow(page, call.id)).toHaveCount(0);
  await expect(drawer.getByTestId('call-gone')).toContainText('This call was closed (Resolved on scene)');
  await page.screenshot({ path: testInfo.outputPath('dispatch-flow-closed.png') });
});

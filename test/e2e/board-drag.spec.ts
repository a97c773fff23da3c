import { expect, test } from '@playwright/test';
import { assignByRest, callRow, northOf, openBoard, postCall, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

test('dragging a free unit from the units panel onto a call row assigns it', async ({ page }, testInfo) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  const call = await postCall({ nature: 'THEFT', priority: 3, location: { ...spot, address: `${tag} Drag Street` } });
  const unitId = `law-${tag.toLowerCase()}`;
  const callsign = `L${tag}`;
  await putUnit(unitId, { callsign, type: 'law', position: northOf(spot, 0.5) });

  await openBoard(page);
  await page.getByTestId('roster-tab-units').click();
  await page.getByTestId('unit-find').fill(callsign);
  const unitRow = page.locator(`[data-testid="unit-row"][data-unit-id="${unitId}"]`);
  await expect(unitRow).toHaveAttribute('data-status', 'available');
  await expect(unitRow).toHaveAttribute('draggable', 'true');

  await unitRow.dragTo(callRow(page, call.id));

  // The drop opens the call, which shows the unit; the unit moves to the dispatched group.
  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${call.id}"]`);
  await expect(drawer.locator(`[data-testid="assigned-unit"][data-unit-id="${unitId}"]`)).toBeVisible();
  await expect(drawer.getByTestId('command-error')).toHaveCount(0);
  await expect(callRow(page, call.id)).toContainText(callsign);
  await expect(unitRow).toHaveAttribute('data-status', 'dispatched');
  await page.screenshot({ path: testInfo.outputPath('board-drag.png') });
});

test('dropping a busy unit asks a supervisor to confirm the reassignment; an off-duty unit says why not', async ({ page }) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  const from = await postCall({ nature: 'NOISE', priority: 4, location: { ...spot, address: `${tag} From St` } });
  const to = await postCall({ nature: 'EDP', priority: 2, location: { ...northOf(spot, 1), address: `${tag} To St` } });
  const busyId = `cr-${tag.toLowerCase()}`;
  const offId = `off-${tag.toLowerCase()}`;
  await putUnit(busyId, { callsign: `CR${tag}`, type: 'co_responder', position: northOf(spot, 0.2) });
  await putUnit(offId, { callsign: `OFF${tag}`, type: 'law', status: 'off_duty', position: northOf(spot, 0.3) });
  await assignByRest(from.id, busyId);

  await openBoard(page);
  await page.getByTestId('roster-tab-units').click();
  await page.getByTestId('unit-find').fill(tag);

  // Off duty: the drawer explains, nothing is sent.
  await page.locator('[data-testid="unit-group"][data-status="off_duty"] .group-toggle').click();
  await page.locator(`[data-testid="unit-row"][data-unit-id="${offId}"]`).dragTo(callRow(page, to.id));
  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${to.id}"]`);
  await expect(drawer.getByTestId('command-error')).toContainText(`OFF${tag} is off duty and cannot take a call.`);

  // Busy, dropped on the open drawer: the supervisor is asked first.
  await page.locator(`[data-testid="unit-row"][data-unit-id="${busyId}"]`).dragTo(drawer.getByTestId('timeline'));
  const dialog = page.getByTestId('reassign-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Reassign CR${tag}?`);
  await expect(dialog).toContainText(from.number);
  await dialog.getByTestId('confirm-reassign').click();
  await expect(drawer.locator(`[data-testid="assigned-unit"][data-unit-id="${busyId}"]`)).toBeVisible();
  await expect(callRow(page, from.id)).not.toContainText(`CR${tag}`);
});

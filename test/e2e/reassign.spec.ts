import { expect, test } from '@playwright/test';
import { assignByRest, callRow, northOf, openBoard, openCall, postCall, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

test('a supervisor reassigns a unit from one call to another on the board and both calls show it', async ({ page }, testInfo) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  const callA = await postCall({ nature: 'WELFARE', priority: 3, location: { ...spot, address: `${tag} A Street` } });
  const callB = await postCall({
    nature: 'SUICTHRT',
    priority: 1,
    location: { ...northOf(spot, 1), address: `${tag} B Street` },
    weapons: 'no',
    violence: 'no',
  });
  const unitId = `cr-${tag.toLowerCase()}`;
  const callsign = `CR${tag}`;
  await putUnit(unitId, { callsign, type: 'co_responder', position: northOf(spot, 0.3) });
  await assignByRest(callA.id, unitId);

  await openBoard(page);
  // The board shows the unit on call A before anyone touches it.
  await expect(callRow(page, callA.id)).toContainText(callsign);

  const drawerB = await openCall(page, callB.id);
  await drawerB.getByTestId('busy-units-toggle').click();
  await drawerB.getByTestId('picker-search').fill(callsign);
  await drawerB.locator(`[data-testid="reassign-unit"][data-unit-id="${unitId}"]`).click();

  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Reassign ${callsign}?`);
  await expect(dialog).toContainText(callA.number);
  await dialog.getByTestId('reassign-reason').fill('P1 suicide threat needs a clinician');
  await dialog.getByTestId('confirm-reassign').click();
  await expect(dialog).toBeHidden();

  // Call B has the unit; call A is back in the queue with no unit.
  await expect(drawerB.locator(`[data-testid="assigned-unit"][data-unit-id="${unitId}"]`)).toBeVisible();
  await expect(drawerB.getByTestId('command-error')).toHaveCount(0);
  await expect(callRow(page, callB.id)).toContainText(callsign);
  await expect(callRow(page, callA.id)).toContainText('Pending');
  await expect(callRow(page, callA.id)).not.toContainText(callsign);

  await page.screenshot({ path: testInfo.outputPath('reassign.png') });

  const drawerA = await openCall(page, callA.id);
  await expect(drawerA.getByTestId('assigned-unit')).toHaveCount(0);
  await expect(drawerA.getByTestId('no-assigned-units')).toBeVisible();
  await expect(drawerA.getByTestId('timeline')).toContainText(`${callsign} reassigned to call ${callB.number}`);
  await page.screenshot({ path: testInfo.outputPath('reassign-from-call.png') });
});

test('a reassignment made on a stale view is refused with a conflict that says who changed the unit', async ({ page }, testInfo) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  const callA = await postCall({ nature: 'THEFT', priority: 4, location: spot });
  const callB = await postCall({ nature: 'EDP', priority: 2, location: northOf(spot, 1) });
  const unitId = `law-${tag.toLowerCase()}`;
  const callsign = `L${tag}`;
  await putUnit(unitId, { callsign, type: 'law', position: northOf(spot, 0.2) });
  await assignByRest(callA.id, unitId);

  await openBoard(page);
  const drawerB = await openCall(page, callB.id);
  await drawerB.getByTestId('busy-units-toggle').click();
  await drawerB.getByTestId('picker-search').fill(callsign);
  await drawerB.locator(`[data-testid="reassign-unit"][data-unit-id="${unitId}"]`).click();
  await expect(page.getByRole('dialog')).toBeVisible();

  // Someone else changes the unit while the supervisor reads the dialog.
  await putUnit(unitId, { callsign, type: 'law', capabilities: { cit: true } });
  await page.getByTestId('confirm-reassign').click();

  const error = drawerB.getByTestId('command-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-code', 'conflict');
  await expect(error).toContainText(`unit ${callsign} was changed by`);
  await expect(error).toContainText('look again');
  await expect(callRow(page, callA.id)).toContainText(callsign);
  await page.screenshot({ path: testInfo.outputPath('reassign-conflict.png') });
});

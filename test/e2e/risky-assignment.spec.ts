import { expect, test } from '@playwright/test';
import { northOf, openBoard, openCall, postCall, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

test('the unit picker warns before a crisis team is sent to a shots-fired call, and a supervisor may send it with a reason', async ({ page }) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  const teamId = `risky-${tag.toLowerCase()}`;
  const callsign = `CT${tag}`;
  await putUnit(teamId, { callsign, type: 'crisis_team', position: northOf(spot, 0.3), shift: { start: '00:00', end: '00:00' } });
  const call = await postCall({ nature: 'SHOTS', priority: 1, location: { ...spot, address: `${tag} Colfax Ave` }, weapons: 'yes' });

  await openBoard(page); // signed in as a supervisor (the specs' default)
  const drawer = await openCall(page, call.id);
  await drawer.getByTestId('picker-search').fill(callsign);
  const row = drawer.locator(`[data-testid="unit-picker"] li[data-unit-id="${teamId}"]`);
  // Before any click: the row says why, and offers no plain Assign.
  await expect(row.getByTestId('pick-warning')).toHaveText('Needs police first: shots fired calls (SHOTS) need police.');
  await expect(row.getByTestId('pick-unit')).toHaveCount(0);

  await row.getByTestId('pick-override').click();
  await row.getByTestId('override-reason').fill('scene secured by fire crew, clinician asked for');
  await row.getByTestId('override-send').click();
  await expect(drawer.locator(`[data-testid="assigned-unit"][data-unit-id="${teamId}"]`)).toHaveAttribute('data-status', 'dispatched');
  await expect(drawer.getByTestId('timeline')).toContainText(
    `${callsign} assigned without police (shots fired calls (SHOTS) need police), on a supervisor's override: scene secured by fire crew, clinician asked for`,
  );
});

import { expect, test, type Browser, type Page } from '@playwright/test';
import type { Destination } from '../../shared/destination';
import { contextAs, createUser } from './auth-fixtures';
import { assignByRest, base, clickMarkerOnTop, ingestKey, northOf, openCall, postCall, putUnit, setUnitStatus, uniqueSpot, uniqueTag } from './board-fixtures';

/** A destination made as an integration (or an admin setting up the list) would: PUT with the ingest key. */
async function putDestination(id: string, body: Record<string, unknown>): Promise<Destination> {
  const res = await fetch(`${base()}/api/v1/destinations/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey()}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `PUT /destinations/${id}: ${text}`).toBe(201);
  return JSON.parse(text) as Destination;
}

/** A page signed in as a new account with this role, on its home screen and live. */
async function signedIn(browser: Browser, role: 'dispatcher' | 'coordinator', path: string): Promise<Page> {
  const context = await contextAs(browser, await createUser(role, `dest-${role.slice(0, 5)}`));
  const page = await context.newPage();
  await page.goto(`${base()}${path}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  return page;
}

const marker = (page: Page, id: string) => page.locator(`.destination-marker[data-destination-id="${id}"]`);

test('a coordinator changes free beds and every screen shows the new count', async ({ browser }, testInfo) => {
  const tag = uniqueTag();
  const id = `csu-${tag.toLowerCase()}`;
  const name = `Crisis Unit ${tag}`;
  await putDestination(id, { name, type: 'crisis_stabilization', location: uniqueSpot(), address: `${tag} Colfax Ave`, freeBeds: 2, accepts: 'Adults 18+' });

  const board = await signedIn(browser, 'dispatcher', '/board');
  await expect(marker(board, id).locator('.destination-marker__beds')).toHaveText('2');

  const coordinator = await signedIn(browser, 'coordinator', '/coordinator');
  const row = coordinator.locator(`[data-testid="destination-row"][data-destination-id="${id}"]`);
  await expect(row.getByTestId('beds-text')).toHaveText('2 free beds');

  await row.getByTestId('beds-plus').click();
  await expect(row.getByTestId('beds-text')).toHaveText('3 free beds');
  await expect(coordinator.getByRole('region', { name: 'Transport destinations' }).getByTestId('command-notice')).toContainText(`${name}: 3 free beds`);
  await expect(marker(board, id).locator('.destination-marker__beds')).toHaveText('3');

  // A count typed in the field, confirmed with Enter: full.
  await row.getByTestId('beds-input').fill('0');
  await row.getByTestId('beds-input').press('Enter');
  await expect(row.getByTestId('beds-text')).toHaveText('No free beds');
  await expect(row.getByTestId('beds-minus')).toBeDisabled();
  await expect(marker(board, id)).toHaveAttribute('aria-label', `${name}, Crisis stabilization unit, No free beds`);
  await coordinator.screenshot({ path: testInfo.outputPath('coordinator-destinations.png') });

  // The legend's switch hides and shows the layer on the dispatcher's map.
  await board.getByTestId('toggle-destinations').uncheck();
  await expect(marker(board, id)).toHaveCount(0);
  await board.getByTestId('toggle-destinations').check();
  await expect(marker(board, id)).toBeVisible();

  // The popup says it in words, built from text.
  await clickMarkerOnTop(board, marker(board, id));
  const popup = board.locator(`.popup--destination[data-destination-id="${id}"]`);
  await expect(popup).toContainText('No free beds');
  await expect(popup).toContainText('Adults 18+');
  await board.screenshot({ path: testInfo.outputPath('board-destination-popup.png') });

  await board.context().close();
  await coordinator.context().close();
});

test('a dispatcher sets Transporting and picks where to in the dialog, nearest first', async ({ browser }, testInfo) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  const unitId = `medic-${tag.toLowerCase()}`;
  const callsign = `M${tag}`;
  await putUnit(unitId, { callsign, type: 'ems', position: spot });
  const near = await putDestination(`near-${tag.toLowerCase()}`, {
    name: `Near Detox ${tag}`,
    type: 'detox',
    location: northOf(spot, 0.3),
    address: `${tag} Near St`,
    freeBeds: 4,
  });
  const far = await putDestination(`far-${tag.toLowerCase()}`, {
    name: `Far ED ${tag}`,
    type: 'hospital_er',
    location: northOf(spot, 3),
    address: `${tag} Far St`,
    freeBeds: null,
  });
  const call = await postCall({ nature: 'INTOX', priority: 3, location: { ...spot, address: `${tag} Main St` } });
  await assignByRest(call.id, unitId);
  await setUnitStatus(unitId, 'onscene');

  const page = await signedIn(browser, 'dispatcher', '/board');
  const drawer = await openCall(page, call.id);
  const row = drawer.locator(`[data-testid="assigned-unit"][data-unit-id="${unitId}"]`);
  await expect(row).toHaveAttribute('data-status', 'onscene');
  const transport = row.locator('[data-testid="unit-status"][data-status="transporting"]');

  // The dialog asks where to; Escape backs out and nothing changes.
  await transport.click();
  const dialog = page.getByTestId('transport-dialog');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(row).toHaveAttribute('data-status', 'onscene');
  await expect(drawer).toBeVisible(); // Escape closed the dialog only

  await transport.click();
  await expect(dialog).toBeVisible();
  const ids = await dialog.getByTestId('destination-choice').evaluateAll((els) => els.map((e) => e.getAttribute('data-destination-id')));
  expect(ids.indexOf(near.id)).toBeGreaterThanOrEqual(0);
  expect(ids.indexOf(near.id)).toBeLessThan(ids.indexOf(far.id));
  const nearChoice = dialog.locator(`[data-testid="destination-choice"][data-destination-id="${near.id}"]`);
  await expect(nearChoice).toContainText('Detox / withdrawal management · 300 m');
  await expect(nearChoice.getByTestId('destination-beds')).toContainText('4 free beds');
  await expect(dialog.locator(`[data-destination-id="${far.id}"]`).getByTestId('destination-beds')).toContainText('Beds not known');

  // Confirming with nothing chosen asks again; then the keyboard picks and confirms.
  await dialog.getByTestId('transport-confirm').click();
  await expect(dialog.getByRole('alert')).toContainText(`Choose where ${callsign} is going`);
  await nearChoice.locator('input').focus();
  await page.keyboard.press('Space');
  await expect(nearChoice.locator('input')).toBeChecked();
  await page.screenshot({ path: testInfo.outputPath('transport-dialog.png') });
  await page.keyboard.press('Enter');

  await expect(dialog).toHaveCount(0);
  await expect(row).toHaveAttribute('data-status', 'transporting');
  await expect(row.getByTestId('unit-destination')).toHaveText(`To ${near.name}`);
  await expect(drawer.getByTestId('timeline')).toContainText(`${callsign} transporting to ${near.name}`);
  await page.context().close();
});

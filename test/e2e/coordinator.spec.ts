import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { axeViolations } from './axe';
import { createUser, SIGNED_OUT, signInOnPage } from './auth-fixtures';
import { assignByRest, base, northOf, postCall, putUnit, setUnitStatus, uniqueSpot, uniqueTag } from './board-fixtures';

test.use({ storageState: SIGNED_OUT });

/** WCAG 2 A/AA: no serious or critical violations. */
async function expectNoSeriousViolations(page: Page): Promise<void> {
  expect(await axeViolations(page, { seriousOnly: true })).toEqual([]);
}

test('a coordinator sees the roster, the MH calls waiting for a team, and the check-in timer of a team on scene', async ({ page }, testInfo) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  const teamId = `coord-star-${tag.toLowerCase()}`;
  const callsign = `STAR-${tag}`;
  await putUnit(teamId, { callsign, type: 'crisis_team', position: northOf(spot, 0.5), shift: { start: '00:00', end: '00:00' } });
  const policeId = `coord-pd-${tag.toLowerCase()}`;
  // At the call's spot and CIT-trained: the nearest free officer for backup whatever other specs
  // left free around this shared server's city (backup prefers CIT officers a little farther).
  await putUnit(policeId, { callsign: `PD-${tag}`, type: 'law', position: spot, capabilities: { cit: true } });

  // A coordinator signs in and lands on the coordinator screen, not the board.
  const username = await createUser('coordinator', 'coord');
  await page.goto(base());
  await signInOnPage(page, username);
  await expect(page).toHaveURL(/\/coordinator$/);
  await expect(page.getByTestId('coordinator-view')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  const row = page.locator(`[data-testid="roster-row"][data-unit-id="${teamId}"]`);
  await expect(row).toHaveAttribute('data-availability', 'free');
  await expect(row.getByTestId('roster-status')).toHaveText('Available');
  await expect(row.getByTestId('roster-shift')).toContainText('All day');
  await expect(row.getByTestId('roster-shift')).toContainText('On shift');
  await expect(row.getByTestId('roster-next-free')).toHaveText('Free now');

  // An MH call with no weapons: the recommender picks a crisis team alone, ours being nearest.
  const call = await postCall({ nature: 'WELFARE', priority: 2, location: { ...spot, address: `${tag} Test St` }, weapons: 'no', violence: 'no' });
  const waiting = page.locator(`[data-testid="waiting-call"][data-call-id="${call.id}"]`);
  await expect(waiting).toBeVisible();
  await expect(waiting.getByTestId('waiting-model')).toHaveText('Recommended: Crisis team alone');
  const recommended = waiting.locator(`[data-testid="waiting-team"][data-unit-id="${teamId}"]`);
  await expect(recommended).toContainText(callsign);
  await expect(recommended).toContainText(/~\d+ min/);

  // Assigned and on scene (as CAD would report it): it leaves the waiting list and gets a check-in timer.
  await assignByRest(call.id, teamId);
  await setUnitStatus(teamId, 'onscene');
  await expect(waiting).toHaveCount(0);
  await expect(row).toHaveAttribute('data-status', 'onscene');
  await expect(row.getByTestId('roster-status')).toHaveText('On scene');
  await expect(row.getByTestId('roster-checkin')).toContainText(/due in (19|20):\d\d/);
  await expect(row.getByTestId('roster-checkin')).toHaveAttribute('data-missed', 'false');
  await expect(row.getByTestId('roster-next-free')).toHaveText(/in ~7\d min/);
  await expect(row.getByTestId('roster-call')).toHaveText(call.number);

  // Check in, then the one-click police backup: the nearest free police unit joins the call.
  await row.getByTestId('check-in').click();
  await expect(page.getByTestId('command-notice')).toContainText(`${callsign} checked in`);
  await row.getByTestId('send-backup').click();
  await expect(page.getByTestId('command-notice')).toContainText('sent as police backup');
  await expect(row).toContainText(`Police: PD-${tag}`);

  // "Show on map" and the call link open what they say; Escape brings focus back.
  await row.getByTestId('show-on-map').click();
  await expect(page.locator('.leaflet-tooltip').filter({ hasText: callsign })).toBeVisible();
  await row.getByTestId('roster-call').click();
  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${call.id}"]`);
  await expect(drawer).toBeVisible();
  await expectNoSeriousViolations(page);
  await drawer.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(row.getByTestId('roster-call')).toBeFocused();

  await expectNoSeriousViolations(page);
  const shot = testInfo.outputPath('coordinator.png');
  await page.screenshot({ path: shot });
  if (process.env.UPDATE_README_SCREENSHOTS === '1') {
    mkdirSync('.github/screenshots', { recursive: true });
    copyFileSync(shot, '.github/screenshots/coordinator.png');
  }
});

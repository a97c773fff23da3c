import { expect, test } from '@playwright/test';
import type { Call } from '../../shared/call';
import { assignByRest, base, callRow, ingestKey, openBoard, patchCall, postCall as post, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

/**
 * The server is shared by every spec of a run: the P1 calls made here are cancelled afterwards,
 * so specs that expect their own P1 call at the top of the queue still find it there.
 */
const made: string[] = [];
async function postCall(body: Record<string, unknown>): Promise<Call> {
  const call = await post(body);
  made.push(call.id);
  return call;
}

test.afterEach(async () => {
  for (const id of made.splice(0)) {
    await fetch(`${base()}/api/v1/calls/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey()}` },
      body: JSON.stringify({ status: 'cancelled' }),
    });
  }
});

test('priority, status and MH filters and the search narrow the queue, and survive a reload', async ({ page }) => {
  const tag = uniqueTag();
  const shots = await postCall({ nature: 'SHOTS', priority: 1, location: { ...uniqueSpot(), address: `${tag} Colfax Ave` } });
  const welfare = await postCall({ nature: 'WELFARE', priority: 2, location: { ...uniqueSpot(), address: `${tag} Welfare Way` } });
  const noise = await postCall({ nature: 'NOISE', priority: 4, location: { ...uniqueSpot(), address: `${tag} Quiet Lane` } });
  await openBoard(page);

  const rows = page.getByTestId('call-row');
  const showing = page.getByTestId('call-showing');
  await expect(showing).toHaveCount(0); // no filter on: nothing is hidden
  const total = Number(await page.getByTestId('call-count').textContent());

  // "/" jumps to the search box; the search matches the address, case-insensitively.
  await page.locator('body').press('/');
  await expect(page.getByTestId('call-search')).toBeFocused();
  await page.keyboard.type(tag.toLowerCase());
  await expect(rows).toHaveCount(3);
  await expect(showing).toHaveText(`Showing 3 of ${total}`);

  // Priority chips: P1 only, then P1 and P4.
  const chip = (p: number) => page.locator(`[data-testid="filter-priority"][data-priority="${p}"]`);
  await chip(1).click();
  await expect(chip(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(1);
  await expect(callRow(page, shots.id)).toBeVisible();
  await chip(4).click();
  await expect(rows).toHaveCount(2);
  await expect(callRow(page, noise.id)).toBeVisible();
  await chip(1).click();
  await chip(4).click();
  await expect(rows).toHaveCount(3);

  // "m" toggles MH only (from anywhere but a text field).
  await chip(2).focus();
  await page.keyboard.press('m');
  await expect(page.getByTestId('filter-mh')).toBeChecked();
  await expect(rows).toHaveCount(1);
  await expect(callRow(page, welfare.id)).toBeVisible();
  await page.keyboard.press('m');
  await expect(page.getByTestId('filter-mh')).not.toBeChecked();

  // Status: every new call is pending; none of ours is on scene.
  const status = (s: string) => page.locator(`[data-testid="filter-status"][data-status="${s}"]`);
  await status('onscene').click();
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('No open call matches the filter.')).toBeVisible();
  await status('pending').click();
  await expect(rows).toHaveCount(3);

  // A P1 call hidden by a filter is said out loud.
  await chip(4).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('hidden-p1')).toContainText('P1 call');

  // The filters are kept for this tab across a reload.
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('call-search')).toHaveValue(tag.toLowerCase());
  await expect(chip(4)).toHaveAttribute('aria-pressed', 'true');
  await expect(rows).toHaveCount(1);
  await expect(callRow(page, noise.id)).toBeVisible();

  // The search also finds a call by its number.
  await page.getByTestId('clear-filters').click();
  await page.getByTestId('call-search').fill(welfare.number);
  await expect(rows).toHaveCount(1);
  await expect(callRow(page, welfare.id)).toBeVisible();
});

test('a new P1 call, or one raised to P1, raises a banner and the live region, and mute is remembered', async ({ page }, testInfo) => {
  await openBoard(page);
  const mute = page.getByTestId('alert-mute');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  // Calls that were there when the board loaded raise nothing.
  await expect(page.getByTestId('call-alert')).toHaveCount(0);
  const tonesBefore = Number(await mute.getAttribute('data-tones'));

  const shots = await postCall({ nature: 'SHOTS', priority: 1, location: uniqueSpot() });
  const alert = page.locator(`[data-testid="call-alert"][data-call-id="${shots.id}"]`);
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('data-kind', 'p1');
  await expect(alert).toContainText('New priority 1 call: Shots fired');
  await expect(page.getByTestId('live-announcer-p1')).toHaveAttribute('aria-live', 'assertive');
  await expect(page.getByTestId('live-announcer-p1')).toHaveText('New priority 1 call: Shots fired');
  await expect(page.getByTestId('live-announcer')).toContainText('New priority 1 call: Shots fired');
  await expect(mute).toHaveAttribute('data-tones', String(tonesBefore + 1));
  await page.screenshot({ path: testInfo.outputPath('board-alert.png') });

  // A plain P3 call is not news...
  const theft = await postCall({ nature: 'THEFT', priority: 3, location: uniqueSpot() });
  await expect(callRow(page, theft.id)).toBeVisible();
  await expect(page.locator(`[data-testid="call-alert"][data-call-id="${theft.id}"]`)).toHaveCount(0);
  // Clicking the banner opens the call.
  await alert.getByRole('button', { name: /Shots fired/ }).click();
  await expect(page.locator(`[data-testid="call-drawer"][data-call-id="${shots.id}"]`)).toBeVisible();
  await expect(alert).toHaveCount(0);
  // ...until the CAD raises it to priority 1: that is news.
  await patchCall(theft, { priority: 1 });
  await expect(page.locator(`[data-testid="call-alert"][data-call-id="${theft.id}"]`)).toContainText('Raised to priority 1: Theft');
  await expect(page.getByTestId('live-announcer-p1')).toHaveText('Raised to priority 1: Theft');
  await expect(mute).toHaveAttribute('data-tones', String(tonesBefore + 2));

  // Muted: the banner and the words stay, the tone does not; the choice survives a reload.
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  const welfare = await postCall({ nature: 'WELFARE', priority: 3, location: uniqueSpot() });
  await expect(page.locator(`[data-testid="call-alert"][data-call-id="${welfare.id}"]`)).toHaveAttribute('data-kind', 'mh');
  await expect(page.getByTestId('live-announcer-mh')).toHaveAttribute('aria-live', 'polite');
  await expect(page.getByTestId('live-announcer-mh')).toHaveText('New mental-health call: Welfare check');
  await expect(mute).toHaveAttribute('data-tones', '0');
  // The banner can be dismissed from the keyboard.
  await page.getByRole('button', { name: `Dismiss the alert for call ${welfare.number}` }).press('Enter');
  await expect(page.getByTestId('call-alert')).toHaveCount(0);
});

test('keyboard shortcuts: help, move in the queue, open, note, unit picker, close', async ({ page }) => {
  const tag = uniqueTag();
  const first = await postCall({ nature: 'ALARM', priority: 5, location: { ...uniqueSpot(), address: `${tag} First St` } });
  const second = await postCall({ nature: 'NOISE', priority: 5, location: { ...uniqueSpot(), address: `${tag} Second St` } });
  await openBoard(page);

  await page.locator('body').press('?');
  const help = page.getByTestId('shortcuts-dialog');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Assign a unit');
  // Shortcuts do not fire under the dialog.
  await page.keyboard.press('m');
  await expect(page.getByTestId('filter-mh')).not.toBeChecked();
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.getByTestId('call-search').fill(tag);
  await page.getByTestId('call-search').press('Tab'); // leave the field: now keys are shortcuts
  await page.keyboard.press('j');
  await expect(callRow(page, first.id).getByRole('button')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(callRow(page, second.id).getByRole('button')).toBeFocused();
  await page.keyboard.press('k');
  await expect(callRow(page, first.id).getByRole('button')).toBeFocused();
  await page.keyboard.press('Enter');
  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${first.id}"]`);
  await expect(drawer).toBeVisible();

  await page.keyboard.press('n');
  await expect(drawer.getByTestId('note-text')).toBeFocused();
  // Typing in the note is typing, not shortcuts.
  await page.keyboard.type('jam');
  await expect(drawer.getByTestId('note-text')).toHaveValue('jam');
  await expect(page.getByTestId('filter-mh')).not.toBeChecked();

  await drawer.getByRole('heading', { name: `Call ${first.number}` }).focus();
  await page.keyboard.press('a');
  await expect(drawer.getByTestId('picker-search')).toBeFocused();

  await drawer.getByRole('heading', { name: `Call ${first.number}` }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('call-drawer')).toHaveCount(0);
  await expect(callRow(page, first.id).getByRole('button')).toBeFocused();

  // "u" shows every unit by status.
  await page.keyboard.press('u');
  await expect(page.getByTestId('roster-tab-units')).toBeFocused();
  await expect(page.getByTestId('units-by-status')).toBeVisible();
  // Typing a call's number in the search and pressing Enter opens it: one match, no more keys.
  await page.locator('body').press('/');
  await page.getByTestId('call-search').fill(second.number);
  await page.getByTestId('call-search').press('Enter');
  await expect(page.locator(`[data-testid="call-drawer"][data-call-id="${second.id}"]`)).toBeVisible();
});

test('a new call lands on top among the waiting calls, in view, with its number and address; calls in progress stay below', async ({ page }) => {
  const tag = uniqueTag();
  // Calls already being handled, more urgent than the new one.
  for (let i = 0; i < 4; i++) {
    const busy = await postCall({ nature: 'SHOTS', priority: 1, location: uniqueSpot() });
    await putUnit(`q-${tag}-${i}`.toLowerCase(), { callsign: `Q${i}${tag}`.slice(0, 12), type: 'law', status: 'available', position: uniqueSpot() });
    await assignByRest(busy.id, `q-${tag}-${i}`.toLowerCase());
  }
  await openBoard(page);
  await expect(page.locator('[data-queue-section="progress"]')).toBeVisible();

  const fresh = await postCall({ nature: 'NOISE', priority: 4, location: { ...uniqueSpot(), address: `${tag} Triage Row, Denver, CO` } });
  const row = callRow(page, fresh.id);
  // In view, or one click away: a new call is never off screen unnoticed (on this shared server
  // other specs' waiting calls may fill the queue above it).
  const notice = page.getByTestId('new-calls');
  await expect.poll(async () => (await notice.count()) + (await row.count())).toBeGreaterThan(0);
  if (await notice.isVisible()) await notice.click();
  await expect(row).toBeInViewport();
  await expect(row).toHaveAttribute('data-fresh', 'true');
  await expect(row.getByTestId('call-number')).toHaveText(fresh.number);
  await expect(row.getByTestId('call-address')).toContainText(`${tag} Triage Row`);
  await expect(row.getByTestId('call-address')).not.toContainText('Denver');

  // Above every call in progress, though they are P1 and it is P4.
  const rowTop = (await row.boundingBox())!.y;
  const progressTop = (await page.locator('[data-queue-section="progress"]').boundingBox())!.y;
  expect(rowTop).toBeLessThan(progressTop);
});

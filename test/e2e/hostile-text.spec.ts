import { expect, test, type Locator, type Page } from '@playwright/test';
import { assignByRest, base, callRow, northOf, openBoard, openCall, postCall, putUnit, setUnitStatus, uniqueSpot, uniqueTag } from './board-fixtures';

/**
 * Long unbroken text and bidi overrides, as a hostile or careless integration sends them: a
 * note that is one 2,000-character word (the longest note the API takes), a 200-character
 * address with no space, 32-character callsigns sent with a right-to-left override in front.
 * Nothing may widen its box, push a control out of view or make the page scroll sideways, and
 * the callsign must read as sent, not reversed.
 */

const RLO = '\u202E';

/** A 32-character callsign with no space, unique to this test. */
const longCallsign = (tag: string, fill: string) => `${tag}-${fill.repeat(32)}`.slice(0, 32);

/** How far the element's content runs past its box sideways (0 when it fits). */
const sidewaysOverflow = (target: Locator): Promise<number> => target.evaluate((el) => el.scrollWidth - el.clientWidth);

/** Whether the whole page scrolls sideways. */
const pageOverflow = (page: Page): Promise<number> =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - document.documentElement.clientWidth);

/** `inner` lies inside `outer`'s box, left and right (1 px of rounding allowed). */
async function expectInside(inner: Locator, outer: Locator, what: string): Promise<void> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  expect(a, `${what}: shown`).not.toBeNull();
  expect(b, `${what}: container shown`).not.toBeNull();
  expect(a!.x, `${what}: left edge`).toBeGreaterThanOrEqual(b!.x - 1);
  expect(a!.x + a!.width, `${what}: right edge`).toBeLessThanOrEqual(b!.x + b!.width + 1);
}

/** Every element in `root` that sticks out of its right or left edge, described for the failure message. */
const sticksOut = (root: Locator): Promise<string[]> =>
  root.evaluate((box) => {
    const edge = box.getBoundingClientRect();
    const out: string[] = [];
    for (const el of box.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > edge.right + 1 || r.left < edge.left - 1)
        out.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    return out;
  });

test('a call with a 2,000-character word for a note and units with 32-character callsigns fit the board and its drawer', async ({ page }, testInfo) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  const teamId = `hostile-star-${tag.toLowerCase()}`;
  const teamCallsign = longCallsign(tag, 'W');
  const policeId = `hostile-pd-${tag.toLowerCase()}`;
  const policeCallsign = longCallsign(tag, 'M');
  // Sent with a right-to-left override in front: the server strips it (shared/text.ts).
  await putUnit(teamId, { callsign: RLO + teamCallsign, type: 'crisis_team', position: northOf(spot, 0.3), shift: { start: '00:00', end: '00:00' } });
  await putUnit(policeId, { callsign: RLO + policeCallsign, type: 'law', position: northOf(spot, 0.2) });

  const note = 'N'.repeat(2000);
  const address = `${tag}${'A'.repeat(200)}`.slice(0, 200);
  const call = await postCall({ nature: 'WELFARE', priority: 2, location: { ...spot, address }, notes: note, weapons: 'no', violence: 'no' });
  await assignByRest(call.id, teamId);
  await setUnitStatus(teamId, 'onscene');

  await openBoard(page);
  // The queue row names the team; its row keeps to the panel, the callsign cut with an ellipsis.
  const row = callRow(page, call.id);
  await expect(row).toContainText(teamCallsign.slice(0, 8));
  const panel = page.getByRole('complementary', { name: 'Units and calls' });
  await expectInside(row, panel, 'queue row');
  expect(await sidewaysOverflow(row.getByRole('button').first()), 'queue row').toBeLessThanOrEqual(1);

  const drawer = await openCall(page, call.id);
  const timeline = drawer.getByTestId('timeline');
  await expect(timeline.locator('li[data-kind="note"]')).toContainText(note.slice(0, 40));
  await expect(drawer).toContainText(address.slice(0, 40));

  // The team's callsign reads as sent (no override), with its status buttons inside the drawer.
  const assigned = drawer.locator(`[data-testid="assigned-unit"][data-unit-id="${teamId}"]`);
  await expect(assigned.locator('strong').first()).toHaveText(teamCallsign);
  const statusButtons = assigned.getByTestId('unit-status');
  await expect(statusButtons.first()).toBeVisible();
  for (const button of await statusButtons.all()) await expectInside(button, drawer, 'status button');
  await expectInside(assigned.getByTestId('check-in'), drawer, 'check-in button');

  // The picker offers the police unit with its long callsign; its Assign button stays in view.
  const pick = drawer.locator(`[data-testid="pick-unit"][data-unit-id="${policeId}"]`);
  await expect(pick).toBeVisible();
  await expectInside(pick, drawer, 'Assign button');
  await expect(drawer.getByTestId('unit-picker').locator(`li[data-unit-id="${policeId}"] strong`)).toHaveText(policeCallsign);

  // What a user would see: the drawer does not scroll sideways, nothing sticks out of it, nor
  // does the page scroll sideways.
  expect(await sidewaysOverflow(drawer), 'drawer').toBeLessThanOrEqual(1);
  expect(await sidewaysOverflow(drawer.locator('.body')), 'drawer body').toBeLessThanOrEqual(1);
  expect(await sticksOut(drawer)).toEqual([]);
  expect(await pageOverflow(page), 'page').toBeLessThanOrEqual(1);
  const noteLine = timeline.locator('li[data-kind="note"]').first();
  expect((await noteLine.boundingBox())!.height, 'the note wraps onto many lines').toBeGreaterThan(100);
  await noteLine.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expectInside(noteLine, drawer, 'the note');
  await page.screenshot({ path: testInfo.outputPath('hostile-drawer-note.png') });

  // The unit list: the police unit's row (found by its callsign) keeps to the panel.
  await page.getByTestId('roster-tab-units').click();
  await page.getByTestId('unit-find').fill(policeCallsign.slice(0, 12).toLowerCase());
  const unitRow = page.locator(`[data-testid="unit-row"][data-unit-id="${policeId}"]`);
  await expect(unitRow).toBeVisible();
  await expect(unitRow.locator('.callsign')).toHaveAttribute('title', policeCallsign);
  await expectInside(unitRow, panel, 'unit row');
  await expectInside(unitRow.locator('.since'), unitRow, 'time in status');
  expect(await pageOverflow(page), 'page').toBeLessThanOrEqual(1);

  await page.screenshot({ path: testInfo.outputPath('hostile-board.png') });
});

test.describe('the coordinator screen', () => {
  // As the specs' signed-in supervisor, who may open the coordinator screen and use its buttons.
  test("a team with a 32-character callsign keeps 'Send police backup' inside its roster row", async ({ page }, testInfo) => {
    const tag = uniqueTag();
    const spot = uniqueSpot();
    const teamId = `hostile-coord-${tag.toLowerCase()}`;
    const callsign = longCallsign(tag, 'W');
    await putUnit(teamId, { callsign: RLO + callsign, type: 'crisis_team', position: northOf(spot, 0.3), shift: { start: '00:00', end: '00:00' } });

    await page.goto(`${base()}/coordinator`);
    await expect(page.getByTestId('coordinator-view')).toBeVisible();
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

    // Waiting for a team: the call with its 200-character address, and the team recommended.
    const address = `${tag}${'A'.repeat(200)}`.slice(0, 200);
    const call = await postCall({ nature: 'WELFARE', priority: 2, location: { ...spot, address }, weapons: 'no', violence: 'no' });
    const waiting = page.locator(`[data-testid="waiting-call"][data-call-id="${call.id}"]`);
    await expect(waiting.locator(`[data-testid="waiting-team"][data-unit-id="${teamId}"] strong`)).toHaveText(callsign);
    const waitingSection = page.getByRole('region', { name: 'MH calls waiting for a team' });
    await expectInside(waiting, waitingSection, 'waiting call');
    expect(await sidewaysOverflow(waitingSection), 'waiting calls').toBeLessThanOrEqual(1);

    // On scene: the roster row gets its check-in timer, "Check in" and "Send police backup".
    await assignByRest(call.id, teamId);
    await setUnitStatus(teamId, 'onscene');
    const row = page.locator(`[data-testid="roster-row"][data-unit-id="${teamId}"]`);
    await expect(row).toHaveAttribute('data-status', 'onscene');
    await expect(row.locator('.callsign')).toHaveText(callsign);
    const backup = row.getByTestId('send-backup');
    await expect(backup).toBeVisible();
    await expectInside(backup, row, "'Send police backup'");
    await expectInside(row.getByTestId('check-in'), row, "'Check in'");
    await expectInside(row.getByTestId('show-on-map'), row, "'Show on map'");
    // ...and inside the part of the roster one sees (the table scrolls in its own box).
    const roster = page.getByTestId('roster').locator('xpath=..');
    await expectInside(backup, roster, "'Send police backup' in the roster's box");
    await expectInside(row.getByTestId('show-on-map'), roster, "'Show on map' in the roster's box");
    // The row itself stays on screen, and the roster does not scroll sideways.
    const viewport = page.viewportSize()!;
    const rowBox = (await row.boundingBox())!;
    expect(rowBox.x + rowBox.width, 'roster row right edge').toBeLessThanOrEqual(viewport.width);
    const backupBox = (await backup.boundingBox())!;
    expect(backupBox.x + backupBox.width, "'Send police backup' right edge").toBeLessThanOrEqual(viewport.width);
    expect(await sidewaysOverflow(roster), 'roster').toBeLessThanOrEqual(1);
    expect(await pageOverflow(page), 'page').toBeLessThanOrEqual(1);

    // The unit's map popup (a DOM node built with text, never HTML): the callsign wraps inside it.
    await row.getByTestId('show-on-map').click();
    const map = page.locator('.leaflet-container');
    const mapBox = (await map.boundingBox())!;
    await page.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    const popup = page.locator(`.board-popup .popup--unit[data-unit-id="${teamId}"]`);
    await expect(popup.locator('.popup__title')).toHaveText(callsign);
    const content = page.locator('.board-popup .leaflet-popup-content-wrapper');
    expect(await sidewaysOverflow(content), 'popup').toBeLessThanOrEqual(1);
    await expectInside(popup.locator('.popup__title'), content, 'popup title');
    // Leaflet's popups are at most 300 px of content, plus their own margins and border.
    expect((await content.boundingBox())!.width, 'popup width').toBeLessThanOrEqual(360);
    // The callsign over the unit wraps into a few lines, not one character a line.
    const label = page.locator('.leaflet-tooltip.unit-focus-label').filter({ hasText: callsign });
    expect((await label.boundingBox())!.width, 'callsign label width').toBeGreaterThan(150);

    await page.screenshot({ path: testInfo.outputPath('hostile-coordinator.png') });
  });
});

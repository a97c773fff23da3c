import { expect, test, type Page } from '@playwright/test';
import type { Call } from '../../shared/call';
import { callRow, openBoard, patchCall, postCall, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

/**
 * The board on the screens dispatch floors have: a 1366x768 laptop (where the queue showed
 * four calls under the unit roster), 1440x900 and full HD. The queue must show at least ten
 * calls whole, the page must not scroll sideways, and the map must keep a usable size.
 */
const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
];

/** The same six teams for each screen (put back on duty by each test). */
const TEAM = Array.from({ length: 6 }, (_, i) => ({
  id: `layout-team-${i}`,
  callsign: `LAYOUT${i}`,
  type: i % 2 === 0 ? 'co_responder' : 'crisis_team',
  shift: { start: '00:00', end: '00:00' },
}));

/** Queue rows whose whole box is inside both the viewport and the queue's scrolling list. */
async function rowsFullyInView(page: Page): Promise<number> {
  const list = (await page.getByRole('list', { name: 'Call queue, most urgent first' }).boundingBox())!;
  const viewport = page.viewportSize()!;
  let whole = 0;
  for (const row of await page.getByTestId('call-row').all()) {
    const box = await row.boundingBox();
    if (!box || box.height === 0) continue;
    const top = Math.max(0, list.y);
    const bottom = Math.min(viewport.height, list.y + list.height);
    if (box.y >= top - 0.5 && box.y + box.height <= bottom + 0.5 && box.x >= 0 && box.x + box.width <= viewport.width) whole += 1;
  }
  return whole;
}

for (const screen of SCREENS) {
  test.describe(`at ${screen.width}x${screen.height}`, () => {
    test.use({ viewport: screen });

    test('the queue shows ten calls or more whole, nothing scrolls sideways, the map keeps its room', async ({ page }) => {
      const tag = uniqueTag();
      // A roster as a shift has one: co-responders and crisis teams take their share of the panel.
      const team = TEAM.map((unit) => ({ ...unit, position: uniqueSpot() }));
      for (const { id, ...unit } of team) await putUnit(id, { ...unit, status: 'available' });
      const calls: Call[] = [];
      for (let i = 0; i < 15; i++) {
        calls.push(await postCall({ nature: 'NOISE', priority: (i % 5) + 1, location: { ...uniqueSpot(), address: `${tag} ${100 + i} Layout Ave` } }));
      }
      try {
        await openBoard(page);
        for (const call of calls) await expect(callRow(page, call.id)).toHaveCount(1);

        await expect.poll(() => rowsFullyInView(page), { message: 'queue rows fully in view' }).toBeGreaterThanOrEqual(10);
        const scroll = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, inner: window.innerWidth }));
        expect(scroll.width, 'no horizontal scrollbar').toBeLessThanOrEqual(scroll.inner);

        // The map is still a map: most of the screen's height, and wide enough to read a district.
        const map = (await page.locator('.leaflet-container').boundingBox())!;
        expect(map.width, 'map width').toBeGreaterThanOrEqual(600);
        expect(map.height, 'map height').toBeGreaterThanOrEqual(screen.height - 60);
        // The queue and the roster sit beside the map, not over it.
        const panel = (await page.getByRole('complementary', { name: 'Units and calls' }).boundingBox())!;
        expect(panel.x, 'panel starts where the map ends').toBeGreaterThanOrEqual(map.x + map.width - 1);
        expect(panel.x + panel.width).toBeLessThanOrEqual(screen.width);
      } finally {
        // The worker's server is shared by the specs that follow (which pick units nearest first):
        // leave its queue as it was and these teams off duty.
        for (const call of calls) await patchCall(call, { status: 'cancelled' });
        for (const { id, ...unit } of team) await putUnit(id, { ...unit, status: 'off_duty' });
      }
    });
  });
}

import { expect, test, type Page } from '@playwright/test';
import { copyFileSync, mkdirSync } from 'node:fs';
import { axeViolations } from './axe';
import { createKey, SIGNED_OUT } from './auth-fixtures';
import { assignByRest, base, postCall, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

// A wall display has no account: it starts signed out and opens the link with its display key.
// Full HD, as on the dispatch floor.
test.use({ storageState: SIGNED_OUT, viewport: { width: 1920, height: 1080 }, reducedMotion: 'no-preference' });

async function openWall(page: Page): Promise<void> {
  const key = await createKey('display', `wall screen ${uniqueTag()}`);
  await page.goto(`${base()}/wall?key=${encodeURIComponent(key.secret)}`);
  await expect(page.getByTestId('wall-view')).toBeVisible();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
}

/** The KPI figures as numbers. The shared server holds other specs' calls and units, so tests compare differences. */
async function figures(page: Page) {
  const num = async (id: string) => Number(await page.getByTestId(id).innerText());
  return {
    p1: await num('wall-kpi-p1'),
    p2: await num('wall-kpi-p2'),
    p3: await num('wall-kpi-p3'),
    p4: await num('wall-kpi-p4'),
    p5: await num('wall-kpi-p5'),
    open: await num('wall-kpi-open'),
    mh: await num('wall-kpi-mh'),
    free: await num('wall-free-count'),
    busy: await num('wall-busy-count'),
    onDuty: await num('wall-onduty-count'),
  };
}

test('the wall counts open calls by priority, MH calls and co-responders, and MH markers pulse', async ({ page }, testInfo) => {
  await openWall(page);
  const before = await figures(page);

  const tag = uniqueTag();
  const spot = uniqueSpot();
  const [co1, co2] = [`WCO1-${tag}`, `WCO2-${tag}`];
  // All-day shifts: outside its program's hours a team is not free, and this test runs at any hour.
  const allDay = { start: '00:00', end: '00:00' };
  await putUnit(co1, { callsign: `CR ${tag}a`, type: 'co_responder', status: 'available', position: spot, shift: allDay });
  await putUnit(co2, { callsign: `CT ${tag}b`, type: 'crisis_team', status: 'available', position: spot, shift: allDay });
  await putUnit(`WLAW-${tag}`, { callsign: `L ${tag}`, type: 'law', status: 'available', position: spot });
  const mhCall = await postCall({ nature: 'EDP', priority: 1, location: spot, weapons: 'no', violence: 'no' });
  await postCall({ nature: 'ALARM', priority: 3, location: uniqueSpot() });
  await postCall({ nature: 'ALARM', priority: 5, location: uniqueSpot() });

  // Two co-responders more on duty and free (police do not count); three calls more, one MH.
  await expect
    .poll(() => figures(page))
    .toEqual({
      ...before,
      p1: before.p1 + 1,
      p3: before.p3 + 1,
      p5: before.p5 + 1,
      open: before.open + 3,
      mh: before.mh + 1,
      free: before.free + 2,
      onDuty: before.onDuty + 2,
    });

  // Which ones, not only how many: both are named among the free teams.
  await expect(page.getByTestId('wall-free-teams')).toContainText(`CR ${tag}a`);
  await expect(page.getByTestId('wall-free-teams')).toContainText(`CT ${tag}b`);

  // A co-responder takes the MH call: one less free, one more busy, utilization follows.
  await assignByRest(mhCall.id, co1);
  await expect(page.getByTestId('wall-free-teams')).not.toContainText(`CR ${tag}a`);
  await expect
    .poll(async () => {
      const f = await figures(page);
      return { free: f.free, busy: f.busy, onDuty: f.onDuty };
    })
    .toEqual({ free: before.free + 1, busy: before.busy + 1, onDuty: before.onDuty + 2 });
  const after = await figures(page);
  await expect(page.getByTestId('wall-kpi-utilization')).toHaveText(`${Math.round((after.busy / after.onDuty) * 100)}%`);
  await expect(page.getByTestId('wall-kpi-median')).toHaveText(/^(\d\d:\d\d|—)$/);
  await expect(page.getByTestId('wall-unmet')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('wall-clock')).toHaveText(/^\d\d:\d\d:\d\d$/);

  // The MH call stands out on the map: diamond, Ψ and a pulsing halo.
  const marker = page.locator(`.call-marker[data-call-id="${mhCall.id}"]`);
  await expect(marker).toHaveClass(/call-marker--mh/);
  await expect(marker).toHaveClass(/call-marker--pulse/);
  await expect(marker.locator('.call-marker__glyph')).toHaveText('Ψ');
  const pulse = marker.locator('.call-marker__pulse');
  expect(await pulse.evaluate((e) => getComputedStyle(e).animationName)).toBe('call-marker-pulse');
  // ... which holds still for people who asked for less motion (the halo stays).
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await pulse.evaluate((e) => getComputedStyle(e).animationName)).toBe('none');
  expect(Number(await pulse.evaluate((e) => getComputedStyle(e).opacity))).toBeGreaterThan(0.5);
  await page.emulateMedia({ reducedMotion: null });

  // The map is fitted to the service area: the city's outlines are drawn and in view.
  await expect(page.locator('.leaflet-overlay-pane path, .leaflet-districts-pane path').first()).toBeAttached();

  // Accessibility: nothing serious or critical (the map's own panes are Leaflet's).
  expect(await axeViolations(page, { seriousOnly: true })).toEqual([]);

  const shot = testInfo.outputPath('wall.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('wall', { path: shot, contentType: 'image/png' });
  if (process.env.UPDATE_README_SCREENSHOTS === '1') {
    mkdirSync('.github/screenshots', { recursive: true });
    copyFileSync(shot, '.github/screenshots/wall.png');
  }
});

test('the wall hides the pointer when nobody moves it', async ({ page }) => {
  await openWall(page);
  await page.mouse.move(400, 400);
  await expect(page.getByTestId('wall-view')).not.toHaveAttribute('data-cursor', 'hidden');
  await expect(page.getByTestId('wall-view')).toHaveAttribute('data-cursor', 'hidden', { timeout: 6_000 });
  await page.mouse.move(420, 420);
  await expect(page.getByTestId('wall-view')).not.toHaveAttribute('data-cursor', 'hidden');
});

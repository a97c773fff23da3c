import { expect, test } from '@playwright/test';
import { CALL_DOM_MAX } from '../../client/src/map/call-draw';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestServer, type TestServer } from '../helpers/server';
import { SIGNED_OUT } from './auth-fixtures';

/**
 * A big city's evening: more open calls than DOM markers can carry. On a server of the spec's
 * own (the shared one keeps a handful of calls, so the other specs see DOM markers), the map
 * draws the calls on one canvas and the queue renders only the rows in view. What a dispatcher
 * does must still work: click a call on the map to open it, walk the whole queue with the
 * keyboard, and a screen reader still hears each row's place in the queue.
 */
test.use({ storageState: SIGNED_OUT, viewport: { width: 1440, height: 900 } });

const CALLS = CALL_DOM_MAX + 90;
/** The call clicked on the map: P1 MH (drawn on top), with no other call near it. */
const TARGET = { lat: 39.7392, lon: -104.9903 };

let redis: TestRedis | undefined;
let server: TestServer | undefined;

test.afterEach(async ({ page }) => {
  await page.close();
  await server?.close().catch(() => undefined);
  server = undefined;
  await redis?.stop();
  redis = undefined;
});

test('hundreds of open calls: the map canvas takes clicks, the queue is windowed and walkable', async ({ page }) => {
  test.setTimeout(180_000);
  redis = await startTestRedis();
  server = await startTestServer(redis.url, { TILE_URL: '' });
  const { url, ingestKey } = server;
  const post = async (body: Record<string, unknown>) => {
    const res = await fetch(`${url}/api/v1/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; number: string };
  };
  const target = await post({ nature: 'EDP', priority: 1, location: { ...TARGET, address: '1437 Bannock St' }, weapons: 'no', violence: 'no' });
  const others = Array.from({ length: CALLS - 1 }, (_, i) => {
    // Spread over the city, never within ~1.5 km of the target.
    const angle = (i / (CALLS - 1)) * 2 * Math.PI * 7;
    const km = 1.5 + ((i * 37) % 70) / 10;
    return { lat: TARGET.lat + (km / 111.2) * Math.sin(angle), lon: TARGET.lon + (km / 85.5) * Math.cos(angle), priority: 1 + (i % 5), mh: i % 6 === 0 };
  });
  for (let i = 0; i < others.length; i += 16) {
    await Promise.all(
      others.slice(i, i + 16).map((o) => post({ nature: o.mh ? 'WELFARE' : 'THEFT', priority: o.priority, location: { lat: o.lat, lon: o.lon } })),
    );
  }

  const cookie = (await server.signIn('dispatcher')).split('=');
  await page.context().addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url }]);
  await page.goto(`${url}/board`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('call-count')).toHaveText(String(CALLS));

  // The map: one canvas of calls, no DOM markers.
  await expect(page.locator('.leaflet-marker-pane canvas.calls-canvas')).toHaveCount(1);
  await expect(page.locator('.call-marker')).toHaveCount(0);

  // The queue: only rows in view (and a few either side) are rendered, each with its place.
  const rows = page.getByTestId('call-row');
  const rendered = await rows.count();
  expect(rendered).toBeGreaterThan(3);
  expect(rendered).toBeLessThan(CALLS / 2);
  await expect(rows.first()).toHaveAttribute('data-call-id', target.id);
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(CALLS));
  await expect(rows.first()).toHaveAttribute('aria-posinset', '1');

  // The keyboard walks past the first window: each step finds the next row.
  await rows.first().getByRole('button').focus();
  const steps = rendered + 10;
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
  const focused = page.locator('[data-testid="call-row"]:focus-within');
  await expect(focused).toHaveAttribute('aria-posinset', String(steps + 1));
  await expect(focused.getByRole('button')).toBeInViewport();
  // ... and back up.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
  await expect(page.locator('[data-testid="call-row"]:focus-within')).toHaveAttribute('aria-posinset', String(steps - 2));

  // The map: opening the call from the queue brings it into view (left of the drawer) ...
  await page.locator('[data-testid="call-list"] ul.rows').evaluate((list) => list.scrollTo(0, 0));
  await expect(rows.first()).toHaveAttribute('data-call-id', target.id);
  await rows.first().getByRole('button').click();
  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${target.id}"]`);
  await expect(drawer).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('call-drawer')).toHaveCount(0);
  // ... where a click on it, drawn on the canvas, opens it again.
  const box = (await page.locator('.leaflet-container').boundingBox())!;
  // The board centres it in what the 480 px drawer leaves visible (BoardView, wider than 760 px).
  await page.mouse.click(box.x + box.width / 2 - 240, box.y + box.height / 2);
  await expect(drawer).toBeVisible();
  await expect(page.locator('.leaflet-marker-pane canvas.calls-canvas')).toHaveAttribute('aria-hidden', 'true');
});

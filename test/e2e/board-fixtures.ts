import { expect, type Locator, type Page } from '@playwright/test';
import type { Call } from '../../shared/call';
import type { Unit } from '../../shared/unit';

/**
 * What the board specs share: this worker's server URL and ingest key from the global setup, and
 * REST helpers that make uniquely named calls and units. Each worker has a server and Redis of
 * its own, shared by every spec that worker runs, so nothing here assumes an otherwise empty board.
 */
const ofThisWorker = (name: 'URL' | 'INGEST_KEY'): string => {
  // TEST_PARALLEL_INDEX: 0 .. workers-1, never held by two running workers at once.
  const value = process.env[`TANDEM_E2E_${name}_${process.env.TEST_PARALLEL_INDEX ?? '0'}`];
  if (!value) throw new Error(`TANDEM_E2E_${name}_<worker> is not set: run the browser tests through \`npx playwright test\``);
  return value;
};
export const base = (): string => ofThisWorker('URL');
/** The ingest key of this worker's server, as a CAD integration sends it. */
export const ingestKey = (): string => ofThisWorker('INGEST_KEY');

async function api<T>(method: string, path: string, body: unknown, status: number, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${base()}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey()}`, ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text}`).toBe(status);
  return JSON.parse(text) as T;
}

export const postCall = (body: Record<string, unknown>): Promise<Call> => api<Call>('POST', '/calls', body, 201);

/** The call as it is now, as the CAD integration reads it. */
export const getCall = (id: string): Promise<Call> => api<Call>('GET', `/calls/${id}`, undefined, 200);

/** A CAD update to a call, as of the version the integration last saw. */
export const patchCall = (call: Pick<Call, 'id' | 'version'>, body: Record<string, unknown>): Promise<Call> =>
  api<Call>('PATCH', `/calls/${call.id}`, body, 200, { 'if-match': String(call.version) });

export async function putUnit(id: string, body: Record<string, unknown>): Promise<Unit> {
  const res = await fetch(`${base()}/api/v1/units/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey()}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  expect([200, 201], `PUT /units/${id}: ${text}`).toContain(res.status);
  return JSON.parse(text) as Unit;
}

export const assignByRest = (callId: string, unitId: string): Promise<unknown> => api('POST', `/calls/${callId}/assignments`, { unitId }, 201);

/** A unit's status as CAD reports it. */
export const setUnitStatus = (unitId: string, status: string): Promise<Unit> => api<Unit>('POST', `/units/${unitId}/status`, { status }, 200);

/** A short tag that keeps ids and callsigns of one test apart from every other. */
export const uniqueTag = (): string => `${Date.now().toString(36).slice(-4)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase();

/**
 * A spot in Denver of this test's own, a few km from the centre in a random direction, so
 * "nearest unit" means this test's unit and not one another spec left behind.
 */
export function uniqueSpot(): { lat: number; lon: number } {
  const angle = Math.random() * 2 * Math.PI;
  const km = 3 + Math.random() * 6;
  return { lat: 39.7392 + (km / 111.2) * Math.sin(angle), lon: -104.9903 + (km / 85.5) * Math.cos(angle) };
}

/** `km` kilometres north of a spot. */
export const northOf = (spot: { lat: number; lon: number }, km: number) => ({ lat: spot.lat + km / 111.2, lon: spot.lon });

/**
 * Clicks a map marker as a dispatcher would when another marker lies over it: zoom in on it with
 * the wheel until it is the topmost thing under the pointer, then click. Other specs' calls sit
 * at random spots on the shared server, and a call marker is drawn above (and takes the click
 * from) anything else at its place.
 */
export async function clickMarkerOnTop(page: Page, marker: Locator): Promise<void> {
  for (let zooms = 0; zooms <= 6; zooms++) {
    // Zooming around the pointer keeps the marker where it is and moves its neighbours apart.
    const spot = await markerCentreOnTop(marker, zooms === 0 ? 0 : 2_000);
    if (spot) return page.mouse.click(spot.x, spot.y);
    const box = await marker.boundingBox();
    if (!box) throw new Error('the marker is not on the map');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -240);
  }
  throw new Error('the marker stayed under another after zooming in six times');
}

/** The marker's centre once it is the topmost thing there (waited for up to `withinMs`), or null. */
async function markerCentreOnTop(marker: Locator, withinMs: number): Promise<{ x: number; y: number } | null> {
  const handle = await marker.elementHandle();
  if (!handle) throw new Error('the marker is not on the map');
  const onTop = (el: Element) => {
    const r = el.getBoundingClientRect();
    const spot = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    return el.contains(document.elementFromPoint(spot.x, spot.y)) ? spot : null;
  };
  const now = await handle.evaluate(onTop);
  if (now || withinMs === 0) return now;
  return marker
    .page()
    .waitForFunction(onTop, handle, { timeout: withinMs })
    .then((result) => result.jsonValue())
    .catch(() => null);
}

export async function openBoard(page: Page): Promise<void> {
  await page.goto(base());
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
}

export const callRow = (page: Page, callId: string) => page.locator(`[data-testid="call-row"][data-call-id="${callId}"]`);

/** Opens a call's drawer from its row in the queue, as a dispatcher would. */
export async function openCall(page: Page, callId: string) {
  await callRow(page, callId).getByRole('button').first().click();
  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${callId}"]`);
  await expect(drawer).toBeVisible();
  return drawer;
}

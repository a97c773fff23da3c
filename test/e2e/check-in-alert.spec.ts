import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Call } from '../../shared/call';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { api, startTestServer, type TestServer } from '../helpers/server';
import { SIGNED_OUT } from './auth-fixtures';

/**
 * A civilian team that misses its check-in must reach the dispatcher wherever they look. The
 * spec runs a server of its own whose rules ask for a check-in every 3 seconds (the shared
 * server's 20 minutes cannot be waited out), so the miss happens while the board watches.
 */
test.use({ storageState: SIGNED_OUT });

let redis: TestRedis | undefined;
let server: TestServer | undefined;
let rulesDir: string | undefined;

test.afterEach(async ({ page }) => {
  await page.close();
  await server?.close().catch(() => undefined);
  server = undefined;
  await redis?.stop();
  redis = undefined;
  if (rulesDir) rmSync(rulesDir, { recursive: true, force: true });
  rulesDir = undefined;
});

/** A server of the spec's own whose teams must check in every 3 s, with STAR7 en route to a call and 2B7 free nearby. */
async function startCheckInCity(): Promise<{ server: TestServer; call: Call }> {
  const rules = JSON.parse(readFileSync('server/response-rules.json', 'utf8')) as { timers: { checkInMinutes: number } };
  rules.timers.checkInMinutes = 0.05;
  rulesDir = mkdtempSync(join(tmpdir(), 'tandem-rules-'));
  const rulesFile = join(rulesDir, 'rules.json');
  writeFileSync(rulesFile, JSON.stringify(rules));
  redis = await startTestRedis();
  server = await startTestServer(redis.url, { TILE_URL: '', RESPONSE_RULES_FILE: rulesFile });
  const url = server.url;

  const here = { lat: 39.74, lon: -104.99 };
  await api(url, 'PUT', '/units/star-7', { callsign: 'STAR7', type: 'crisis_team', position: here });
  await api(url, 'PUT', '/units/law-7', { callsign: '2B7', type: 'law', position: { lat: here.lat + 0.01, lon: here.lon } });
  const call = (await api<Call>(url, 'POST', '/calls', { nature: 'WELFARE', priority: 3, location: here, weapons: 'no', violence: 'no' })).body;
  await api(url, 'POST', `/calls/${call.id}/assignments`, { unitId: 'star-7' });
  await api(url, 'POST', '/units/star-7/status', { status: 'enroute' });
  return { server, call };
}

test('a missed check-in raises an alert with one-click police backup, which ends when the team checks in', async ({ page }, testInfo) => {
  const { server, call } = await startCheckInCity();
  const url = server.url;
  const [name, value] = (await server.signIn('dispatcher', 'checkin-dot')).split('=') as [string, string];
  await page.context().addCookies([{ name, value, url }]);
  await page.goto(url);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  const mute = page.getByTestId('alert-mute');
  const tonesBefore = Number(await mute.getAttribute('data-tones'));

  // On scene; three seconds later the check-in is missed.
  await api(url, 'POST', '/units/star-7/status', { status: 'onscene' });
  const alert = page.locator('[data-testid="call-alert"][data-kind="checkin"][data-unit-id="star-7"]');
  await expect(alert).toContainText(`Check-in missed: STAR7 on call ${call.number}`);
  await expect(page.getByTestId('live-announcer-p1')).toHaveText(`Check-in missed: STAR7 on call ${call.number} (Welfare check)`);
  await expect(mute).toHaveAttribute('data-tones', String(tonesBefore + 1));
  await page.screenshot({ path: testInfo.outputPath('check-in-alert.png') });

  // One click: the nearest free police unit goes, and the call's drawer shows it.
  await alert.getByTestId('alert-send-backup').click();
  const drawer = page.locator(`[data-testid="call-drawer"][data-call-id="${call.id}"]`);
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText('2B7 sent as police backup');
  await expect(alert.getByTestId('alert-backup-sent')).toHaveText('Backup sent: 2B7, dispatched');

  // A second board opened now says backup is on its way, and offers only more of it.
  const second = await page.context().newPage();
  await second.goto(url);
  const secondAlert = second.locator('[data-testid="call-alert"][data-kind="checkin"][data-unit-id="star-7"]');
  await expect(secondAlert.getByTestId('alert-backup-sent')).toHaveText('Backup sent: 2B7, dispatched');
  await expect(secondAlert.getByTestId('alert-send-backup')).toHaveText('Send more police backup');
  // ...and as the police unit moves, every screen follows.
  await api(url, 'POST', '/units/law-7/status', { status: 'enroute' });
  await expect(secondAlert.getByTestId('alert-backup-sent')).toHaveText('Backup sent: 2B7, en route');
  await expect(alert.getByTestId('alert-backup-sent')).toHaveText('Backup sent: 2B7, en route');
  await second.close();

  // The team checks in from its terminal: the alert is over.
  await api(url, 'POST', '/units/star-7/check-in');
  await expect(alert).toHaveCount(0);
});

test('the coordinator screen sounds a missed check-in (unless muted) and says it to screen readers', async ({ page }) => {
  const { server, call } = await startCheckInCity();
  const url = server.url;
  const [name, value] = (await server.signIn('coordinator', 'checkin-cory')).split('=') as [string, string];
  await page.context().addCookies([{ name, value, url }]);
  await page.goto(`${url}/coordinator`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  const mute = page.getByTestId('alert-mute');
  const tonesBefore = Number(await mute.getAttribute('data-tones'));

  await api(url, 'POST', '/units/star-7/status', { status: 'onscene' });
  await expect(page.getByTestId('count-missed')).toHaveText('1');
  await expect(mute).toHaveAttribute('data-tones', String(tonesBefore + 1));
  await expect(page.getByTestId('live-announcer-p1')).toHaveText(`Check-in missed: STAR7 on call ${call.number} (Welfare check)`);

  // Muted, the next miss is shown but not sounded.
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  await api(url, 'POST', '/units/star-7/check-in');
  await expect(page.getByTestId('count-missed')).toHaveText('0');
  await expect(page.getByTestId('count-missed')).toHaveText('1');
  await expect(mute).toHaveAttribute('data-tones', String(tonesBefore + 1));
  await mute.click(); // leaves the browser's stored choice as it found it
});

import { expect, test } from '@playwright/test';
import type { Call } from '../../shared/call';
import { base, ingestKey } from './board-fixtures';

async function postCall(body: Record<string, unknown>): Promise<Call> {
  const res = await fetch(`${base()}/api/v1/calls`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey()}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Call;
}

test('a mental-health call posted through REST appears on the board, highlighted', async ({ page }, testInfo) => {
  await page.goto(base());
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  const mh = await postCall({
    nature: 'SUICTHRT',
    priority: 1,
    location: { lat: 39.7392, lon: -104.9903, address: '1437 Bannock St' },
    notes: 'Caller says her brother is hearing voices',
    weapons: 'no',
    violence: 'no',
  });
  const plain = await postCall({ nature: 'THEFT', priority: 4, location: { lat: 39.7508, lon: -104.9966 } });

  // On the map: the MH call carries the MH marker class; the ordinary one does not.
  const mhMarker = page.locator(`.call-marker[data-call-id="${mh.id}"]`);
  await expect(mhMarker).toBeVisible();
  await expect(mhMarker).toHaveClass(/call-marker--mh/);
  const plainMarker = page.locator(`.call-marker[data-call-id="${plain.id}"]`);
  await expect(plainMarker).toBeVisible();
  await expect(plainMarker).not.toHaveClass(/call-marker--mh/);

  // In the queue: the MH call is first (priority 1), marked MH in words, not only colour.
  const rows = page.getByTestId('call-row');
  await expect(rows.first()).toHaveAttribute('data-call-id', mh.id);
  await expect(rows.first()).toHaveAttribute('data-mh', 'true');
  await expect(rows.first()).toContainText('MH');
  await expect(rows.first()).toContainText('Suicide threat');

  // The MH-only filter leaves the MH call and hides the theft.
  await page.getByLabel('Mental-health calls only').check();
  await expect(page.locator(`[data-testid="call-row"][data-call-id="${plain.id}"]`)).toHaveCount(0);
  await expect(page.locator(`[data-testid="call-row"][data-call-id="${mh.id}"]`)).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath('live-board.png') });
});

import { expect, test } from '@playwright/test';
import { base, patchCall, postCall, uniqueSpot, uniqueTag } from './board-fixtures';

/** A `datetime-local` value with seconds, in the browser's (and this process's) local time. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

test('a recorded stretch replays with the slider and play, labelled REPLAY, showing calls as they were', async ({ page }) => {
  const tag = uniqueTag();
  // The server's recording began when it started, before this test.
  const start = Math.floor(Date.now() / 1000) * 1000;
  await expect.poll(() => Date.now()).toBeGreaterThan(start + 1000);
  const brief = await postCall({ nature: 'NOISE', priority: 4, location: { ...uniqueSpot(), address: `1 Brief${tag} Ct` } });
  // Open for a few seconds, so the slider's one-second steps can land on it.
  await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(brief.createdAt + 3000);
  await patchCall(brief, { status: 'cancelled' });
  const lasting = await postCall({ nature: 'WELFARE', priority: 2, location: { ...uniqueSpot(), address: `2 Lasting${tag} Way` } });

  await page.goto(`${base()}/replay`);
  await page.getByTestId('replay-start').fill(localInput(start));
  await page.getByTestId('replay-load').click();
  await expect(page.getByTestId('replay-banner')).toContainText('REPLAY');
  const row = (id: string) => page.locator(`[data-testid="replay-call"][data-call-id="${id}"]`);
  await expect(row(brief.id)).toHaveCount(0);
  await expect(row(lasting.id)).toHaveCount(0);

  // Dragged to while the brief call was open: it is in the queue, the later one is not yet.
  await page.getByTestId('replay-slider').fill(String(brief.createdAt + 1500));
  await expect(row(brief.id)).toBeVisible();
  await expect(row(lasting.id)).toHaveCount(0);

  // Played on at an hour a minute: the brief call is gone, the lasting one is there.
  await page.getByTestId('replay-speed').selectOption('60');
  await page.getByTestId('replay-play').click();
  await expect(row(lasting.id)).toBeVisible();
  await expect(row(brief.id)).toHaveCount(0);
  // The recording ends at the present: playing stops there by itself, and a step goes back.
  await expect(page.getByText('(end of recording)')).toBeVisible();
  await expect(page.getByTestId('replay-play')).toHaveText('Play');
  const end = await page.getByTestId('replay-time').textContent();
  await page.getByTestId('replay-back').click();
  await expect(page.getByTestId('replay-time')).not.toHaveText(end!);
  await expect(page.getByText('(end of recording)')).toHaveCount(0);
});

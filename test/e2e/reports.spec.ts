import { expect, test } from '@playwright/test';
import { assignByRest, base, getCall, patchCall, postCall, putUnit, uniqueSpot, uniqueTag } from './board-fixtures';

test("a supervisor's diversion report: the charts, the tables beside them and the CSV downloads agree", async ({ page }) => {
  const tag = uniqueTag();
  const spot = uniqueSpot();
  await putUnit(`rt-${tag}`, { callsign: `RT${tag}`, type: 'crisis_team', status: 'available', position: spot });
  const call = await postCall({ nature: 'WELFARE', priority: 3, location: spot, weapons: 'no', violence: 'no' });
  await assignByRest(call.id, `rt-${tag}`);
  await patchCall(await getCall(call.id), { status: 'closed', disposition: 'resolved_by_clinician' });

  await page.goto(`${base()}/reports`);
  await expect(page.getByTestId('total-team')).not.toHaveText('0');

  // Stacked bars by period: the chart's numbers are the table's, period by period.
  const served = page.locator('section', { has: page.getByRole('heading', { name: 'How mental-health calls were served' }) });
  const series = JSON.parse((await served.getByTestId('report-chart').getAttribute('data-series'))!) as number[][];
  const rows = served.getByTestId('table-periods').locator('tbody tr');
  const last = rows.last();
  const cells = await last.locator('td').allTextContents();
  const at = (await rows.count()) - 1;
  expect([series[0]![at], series[1]![at], series[2]![at], series[3]![at]].map(String)).toEqual(cells.slice(2, 6));

  // The CSV the table offers carries the same numbers.
  const href = (await served.getByTestId('table-periods-csv').getAttribute('href'))!;
  const csv = await (await page.request.get(`${base()}${href}`)).text();
  const lastCsv = csv.trim().split('\r\n').at(-1)!.split(',');
  expect(lastCsv.slice(2, 8)).toEqual(cells.slice(0, 6));

  // The team is in the utilization chart and table.
  await expect(page.getByTestId('table-teams')).toContainText(`RT${tag}`);
});

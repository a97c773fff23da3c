import { expect, test, type Page } from '@playwright/test';
import type { Call } from '../../shared/call';
import { contextAs, createUser } from './auth-fixtures';
import { base, callRow, ingestKey, openBoard, openCall, postCall, uniqueSpot, uniqueTag } from './board-fixtures';

/** A household of this test's own, on a phone number no other test uses, imported as a registry would. */
async function importProfile(tag: string): Promise<string> {
  const phone = `719-555-${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const res = await fetch(`${base()}/api/v1/profiles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ingestKey()}` },
    body: JSON.stringify({
      id: `e2e-${tag.toLowerCase()}`,
      address: `${tag} Quiet Court`,
      verifiedPhones: [phone],
      household: [
        {
          name: `Sam ${tag}`,
          age: 31,
          relationship: 'resident',
          conditions: [{ name: 'Bipolar disorder', mentalHealth: true }],
          medications: [`Lithium ${tag} 300 mg`],
          communicationNeeds: ['Speak calmly, one person at a time'],
          sensoryTriggers: ['No sirens on approach'],
        },
      ],
      accessNotes: ['Back door, code 4411'],
      emergencyContacts: [{ name: 'Alex Doe', phone: '720-555-0100', relationship: 'sister' }],
      consent: { shareWithResponders: true, shareClinical: true },
    }),
  });
  expect(res.status, await res.text()).toBe(200);
  return phone;
}

async function linkedCall(page: Page, tag: string): Promise<Call> {
  const phone = await importProfile(tag);
  const call = await postCall({ nature: 'WELFARE', priority: 2, location: uniqueSpot(), callerPhone: phone, weapons: 'no', violence: 'no' });
  // The server links the call to the profile as it arrives; wait until it says so.
  await expect
    .poll(async () => ((await (await page.request.get(`${base()}/api/v1/calls/${call.id}/profile/status`)).json()) as { available: boolean }).available)
    .toBe(true);
  return call;
}

test('a supervisor opens the safety profile from the drawer, sees the safety fields only, and extends access', async ({ page }, testInfo) => {
  const tag = uniqueTag();
  await openBoard(page);
  const call = await linkedCall(page, tag);
  await expect(callRow(page, call.id)).toBeVisible();
  const drawer = await openCall(page, call.id);

  await drawer.getByTestId('profile-button').click();
  const panel = drawer.getByTestId('profile-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(`Sam ${tag}`);
  await expect(panel).toContainText('No sirens on approach');
  await expect(panel).toContainText('Back door, code 4411');
  // Dispatchers and supervisors get the safety scope: no diagnoses, medications or contacts.
  await expect(panel.getByTestId('profile-details')).toHaveAttribute('data-scope', 'safety');
  await expect(panel).not.toContainText('Lithium');
  await expect(panel).not.toContainText('Bipolar');
  await expect(panel).not.toContainText('Alex Doe');
  await expect(panel.getByTestId('profile-time-left')).toContainText('Access ends in');

  // Extending needs a reason.
  await expect(panel.getByTestId('profile-extend')).toBeDisabled();
  await panel.getByTestId('profile-extend-reason').fill('crisis team still on scene');
  await panel.getByTestId('profile-extend').click();
  await expect(panel.getByTestId('profile-time-left')).toContainText(/Access ends in (8\d|9\d):/);
  await page.screenshot({ path: testInfo.outputPath('profile-supervisor.png') });

  // Escape closes the panel (data gone), not the drawer; closing the drawer takes everything.
  await panel.getByTestId('profile-extend-reason').press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(drawer).toBeVisible();
  await expect(drawer).not.toContainText(`Sam ${tag}`);
  await drawer.getByRole('button', { name: /Close call details/ }).click();
  await expect(page.getByTestId('profile-panel')).toHaveCount(0);
});

test('the coordinator sees the clinical fields; a dispatcher may not extend', async ({ browser }) => {
  const tag = uniqueTag();
  const coordinator = await contextAs(browser, await createUser('coordinator'));
  const page = await coordinator.newPage();
  // A coordinator's home is the coordinator screen; the profile is tested from the board's drawer.
  await page.goto(`${base()}/board`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  const call = await linkedCall(page, tag);
  const drawer = await openCall(page, call.id);
  await drawer.getByTestId('profile-button').click();
  const panel = drawer.getByTestId('profile-panel');
  await expect(panel.getByTestId('profile-details')).toHaveAttribute('data-scope', 'clinical');
  await expect(panel).toContainText(`Lithium ${tag} 300 mg`);
  await expect(panel).toContainText('Bipolar disorder');
  await expect(panel).toContainText('Alex Doe (sister): 7205550100');
  await expect(panel.getByTestId('profile-extend-form')).toHaveCount(0);
  await coordinator.close();

  const dispatcher = await contextAs(browser, await createUser('dispatcher'));
  const page2 = await dispatcher.newPage();
  await openBoard(page2);
  const drawer2 = await openCall(page2, call.id);
  await drawer2.getByTestId('profile-button').click();
  await expect(drawer2.getByTestId('profile-panel')).toContainText(`Sam ${tag}`);
  await expect(drawer2.getByTestId('profile-extend-form')).toHaveCount(0);
  await dispatcher.close();
});

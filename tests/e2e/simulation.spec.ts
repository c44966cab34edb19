/**
 * The routing settings screen: its simulation runs as a background job: the screen polls
 * its progress (shown with a Cancel button while it runs) and shows the comparison at the end.
 * Cancelling between two slices is covered by core/routing/simulation-job.test.ts: the demo's
 * year replays within the first slice, before any click could land.
 */
import { test, expect, callApi } from './fixtures';

test('simulates the last twelve months in the background and shows the comparison', async ({ page, host, request }) => {
  // Every qualified lead of the demo dispatched, so the year has something to replay.
  const { items } = await callApi<{ items: { id: number }[] }>(request, host.url, 'leads.list', { status: ['qualified'], limit: 200 });
  await callApi(request, host.url, 'routing.dispatchMany', { leadIds: items.map((l) => l.id) });
  const polls: string[] = [];
  page.on('request', (r) => r.url().includes('/api/routing.simulation.') && polls.push(new URL(r.url()).pathname));

  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  const routing = page.getByTestId('routing-settings');
  await routing.getByTestId('simulation-months').click();
  await page.getByRole('option', { name: /12/ }).click();
  await routing.getByTestId('simulate').click();
  const result = page.getByTestId('simulation');
  await expect(result).toContainText(/\d+ leads rejoués ; \d+ iraient à un autre membre/);
  expect(Number((await result.innerText()).match(/(\d+) leads rejoués/)![1])).toBeGreaterThan(0);
  await expect(routing.getByTestId('simulation-progress')).toBeHidden();
  await expect(routing.getByTestId('simulate')).toBeEnabled();
  expect(polls[0]).toBe('/api/routing.simulation.start');
  expect(polls).toContain('/api/routing.simulation.progress');
});

test('a routing number emptied is refused with its field named; typed again, it is saved as a number', async ({ page, host, request }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  const routing = page.getByTestId('routing-settings');
  const field = routing.getByLabel('Ré-attributions max.', { exact: true });
  await field.fill('');
  await routing.getByTestId('routing-save').click();
  await expect(routing.locator('.v-input--error')).toHaveCount(1);
  await expect(routing.locator('.v-input--error')).toContainText('Ré-attributions max.');
  await field.fill('4');
  await routing.getByTestId('routing-save').click();
  await expect(page.getByText(/Réglages d’aiguillage enregistrés \(version \d+\)/)).toBeVisible();
  const saved = await callApi<{ settings: { maxReassignments: unknown } }>(request, host.url, 'routing.settings.get', {});
  expect(saved.settings.maxReassignments).toBe(4);
});

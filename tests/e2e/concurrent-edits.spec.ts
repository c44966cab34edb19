/**
 * Several people at once (issue 17): two qualifiers have the same lead open; the first dispatch
 * wins, the second is refused with a clear message and the page shows the lead as it is now.
 */
import { callApi, expect, test } from './fixtures';
import { leadPage, qualifiedLead } from './seed';

test('two pages dispatch the same lead: one wins, the other is told and sees the lead as dispatched', async ({ page, context, host, request }) => {
  const id = await qualifiedLead(request, host.url, { firstName: 'Claire', lastName: 'Concurrente', phone: '06 44 00 00 09', postalCode: '37000', city: 'Tours' }, 'hot');
  const leadUrl = leadPage(host.url, id);

  const other = await context.newPage();
  for (const p of [page, other]) {
    await p.goto(leadUrl);
    await expect(p.getByTestId('dispatch-card')).toContainText('km');
  }

  await page.getByTestId('dispatch-suggestion').click();
  await expect(page.getByTestId('lead-status')).toHaveText('Aiguillé');
  const [dispatch] = await callApi<{ memberName: string }[]>(request, host.url, 'routing.history', { leadId: id });

  // The other page still shows the lead as qualified: its dispatch is refused, not applied twice.
  await expect(other.getByTestId('lead-status')).toHaveText('Qualifié');
  await other.getByTestId('dispatch-suggestion').click();
  await expect(other.getByTestId('api-error')).toHaveText(/^Quelqu’un d’autre a modifié ce lead \(.+\) entre-temps ; rien n’a été enregistré\. Voici son état actuel\.$/);
  await expect(other.getByTestId('lead-status')).toHaveText('Aiguillé');
  await expect(other.getByTestId('lead-owner')).toContainText(dispatch!.memberName);
  await expect(other.getByTestId('dispatch-card')).toBeHidden();
  await other.screenshot({ path: 'test-results/concurrent-dispatch.png' });
  expect(await callApi<unknown[]>(request, host.url, 'routing.history', { leadId: id })).toHaveLength(1);
});

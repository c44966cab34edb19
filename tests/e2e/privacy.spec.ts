import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { extractText } from 'unpdf';
import { test, expect, callApi } from './fixtures';
import { leadPage } from './seed';

interface Lead {
  id: number;
}

/** No serious or critical WCAG 2.1 A/AA violation on what is shown. */
async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('exports a person’s data from the lead page as JSON and PDF, erases it after a typed confirmation, and the audit log shows both', async ({ page, host, request }) => {
  const { lead } = await callApi<{ lead: Lead }>(request, host.url, 'leads.create', {
    firstName: 'Zacharie',
    lastName: 'Zorglub',
    phone: '06 98 76 54 32',
    email: 'zach.zorglub@example.org',
    address: '12 rue des Lilas',
    postalCode: '37000',
    city: 'Tours',
    source: 'Salon',
    consentHow: 'Formulaire du salon',
    consentFor: 'Être recontacté',
  });
  await page.goto(leadPage(host.url, lead.id));
  await expect(page.getByTestId('lead-name')).toContainText('Zacharie Zorglub');

  await page.getByTestId('personal-data').click();
  await expect(page.getByTestId('personal-data-menu')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('lead-personal-data-menu.png') });
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('personal-data-json').click()]);
  expect(json.suggestedFilename()).toBe(`donnees-personnelles-${lead.id}.json`);
  const dossier = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { leads: { lead: Record<string, unknown>; events: { type: string }[] }[] };
  expect(dossier.leads).toHaveLength(1);
  expect(dossier.leads[0]!.lead).toMatchObject({ id: lead.id, lastName: 'Zorglub', phone: '+33698765432', email: 'zach.zorglub@example.org', consentHow: 'Formulaire du salon' });
  expect(dossier.leads[0]!.events.map((e) => e.type)).toEqual(['created']);

  await page.getByTestId('personal-data').click();
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('personal-data-pdf').click()]);
  const { text } = await extractText(new Uint8Array(readFileSync((await pdf.path())!)), { mergePages: true });
  expect(text).toContain('Données personnelles détenues');
  expect(text).toContain('12 rue des Lilas');

  await page.getByTestId('personal-data').click();
  await page.getByTestId('personal-data-erase').click();
  const dialog = page.getByTestId('erase-dialog');
  await expect(dialog.getByTestId('erase-leads')).toContainText(`#${lead.id} · Zacharie Zorglub`);
  await expectAccessible(page);
  await dialog.getByTestId('erase-reason').locator('input').fill('Demande écrite du 20 novembre');
  await expect(dialog.getByTestId('erase-confirm')).toBeDisabled();
  await dialog.getByTestId('erase-confirm-word').locator('input').fill('effacer');
  await dialog.getByTestId('erase-confirm').click();
  await expect(page.getByTestId('toast')).toContainText('Données personnelles effacées d’un lead');
  await expect(page.getByTestId('lead-anonymised')).toBeVisible();
  await expect(page.getByTestId('lead-name')).toHaveText(`#${lead.id}`);
  await expect(page.getByTestId('lead-summary')).not.toContainText('98 76');
  await page.screenshot({ path: test.info().outputPath('lead-erased.png') });
  const found = await callApi<Lead[]>(request, host.url, 'leads.list', { search: 'zorglub' });
  expect(found).toMatchObject({ total: 0 });

  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('privacy-settings');
  await section.scrollIntoViewIfNeeded();
  const rows = section.getByTestId('audit-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('Données personnelles effacées');
  await expect(rows.nth(0)).toContainText(`#${lead.id} · « Demande écrite du 20 novembre »`);
  await expect(rows.nth(1)).toContainText(`#${lead.id} · PDF`);
  await expect(rows.nth(2)).toContainText(`#${lead.id} · JSON`);
  await section.getByTestId('retention-months').locator('input').fill('24');
  await section.getByTestId('retention-save').click();
  await expect(page.getByText('Paramètres enregistrés')).toBeVisible();
  await section.screenshot({ path: test.info().outputPath('settings-personal-data.png') });
  expect((await callApi<Record<string, unknown>>(request, host.url, 'settings.get', {}))['privacy.retentionMonths']).toBe(24);
});

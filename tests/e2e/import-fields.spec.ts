import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** The unit tests' own fixtures: a call-center export with extra columns, and a file of place defects. */
const fixture = (name: string) => join(import.meta.dirname, '..', '..', 'core', 'intake', 'fixtures', name);

/** Opens the app and imports the fixture through the import screen, up to its report. */
async function importFile(page: Page, hostUrl: string, name: string) {
  await page.goto(hostUrl);
  await page.getByTestId('nav-leads').click();
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles(fixture(name));
  await expect(page.getByTestId('import-detected')).toContainText('point-virgule');
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-report')).toBeVisible();
}

/** The leads list narrowed to one lead: by the search box, and by its source when the demo's leads share the term. */
async function findOne(page: Page, search: string, source?: string) {
  await page.getByTestId('nav-leads').click();
  if (source) await page.getByTestId('filter-source').locator('input').fill(source);
  await page.getByTestId('lead-search').locator('input').fill(search);
  await expect(page.getByTestId('lead-count')).toHaveText('1 lead');
}

async function openLead(page: Page, search: string, name: string, source?: string) {
  await findOne(page, search, source);
  await page.getByTestId('leads-table').getByText(name).click();
  await expect(page.getByTestId('lead-name')).toContainText(name);
}

/** A screenshot in the test's results and in .screenshots/, where the screens are looked at. */
async function keepScreenshot(page: Page, name: string) {
  const shots = join(import.meta.dirname, '..', '..', '.screenshots');
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
  copyFileSync(test.info().outputPath(name), join(shots, name));
}

test.describe('imports lose nothing', () => {
  test('a call-center file: its reference, budget, timeline and extra columns are on the lead page', async ({ page, host }) => {
    await importFile(page, host.url, 'lead-fields.csv');
    await expect(page.getByTestId('import-counts')).toContainText('Acceptée 2');
    await expect(page.getByTestId('report-row-4')).toContainText('Budget « selon devis » non lu');

    // The search box finds the lead by the call center's reference (a demo lead has the same one).
    await openLead(page, 'cc-1002', 'Claire Martin', 'lead-fields');
    await expect(page.getByTestId('lead-external-ref')).toHaveText('CC-1002');
    await expect(page.getByTestId('lead-budget')).toContainText('10 000');
    await expect(page.getByTestId('lead-budget')).toContainText('« entre 10 et 20 k€ »');
    await expect(page.getByTestId('lead-timeline')).toContainText('« 6-12 mois »');
    const extra = page.getByTestId('extra-fields');
    await expect(extra).toContainText('Autres colonnes du fichier importé');
    await expect(page.getByTestId('extra-Type de logement')).toHaveText('Appartement');
    await expect(page.getByTestId('extra-Chauffage actuel')).toHaveText('Gaz');

    await keepScreenshot(page, 'lead-extra-fields.png');

    // The lead export of the list carries the extra columns too.
    await findOne(page, 'cc-1002', 'lead-fields');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-leads').click();
    const text = readFileSync(await (await download).path(), 'utf8');
    expect(text.split('\r\n')[0]).toContain('Référence de la source');
    expect(text.split('\r\n')[0]).toContain('Type de logement;Chauffage actuel');
    expect(text.split('\r\n')[1]).toContain('CC-1002');
    expect(text.split('\r\n')[1]).toContain('Appartement;Gaz');
  });

  test('a town shared by several communes waits on the lead page until one is picked', async ({ page, host }) => {
    await importFile(page, host.url, 'lead-places.csv');
    await expect(page.getByTestId('import-counts')).toContainText('Rejetée 1');
    await expect(page.getByTestId('report-row-6')).toContainText('Ni code postal ni commune');

    // By the phone: the demo's six months of leads hold many a Petit.
    await openLead(page, '0622222222', 'Petit');
    const check = page.getByTestId('place-check');
    await expect(check).toContainText('Plusieurs communes s’appellent « Saint-Denis »');
    await keepScreenshot(page, 'lead-place-check.png');
    await check.getByTestId('pick-93066').click();
    await expect(page.getByTestId('toast')).toContainText('Commune enregistrée : Saint-Denis');
    await expect(page.getByTestId('place-check')).toHaveCount(0);
    await expect(page.getByTestId('timeline').getByTestId('event-type').first()).toContainText('Commune choisie');
  });
});

import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { tempFile } from './seed';

/** A trade-show export as partners send them: French headers, semicolons, one line without a name. */
const CSV = [
  'Prénom;Nom;Téléphone;Email;Code postal;Ville;Projet;Commentaire',
  'Aurélie;Quintrelle;06 11 22 33 44;aurelie.quintrelle@example.fr;37000;Tours;Pompe à chaleur;Rappeler le matin',
  'Bastien;Morvillier;0622334455;;45000;Orléans;Chaudière;',
  ';;0633445566;;41000;Blois;Poêle;sans nom',
  'Chloé;Vernadet;;chloe.vernadet@example.fr;72000;Le Mans;Isolation;Devis souhaité',
].join('\n');

async function importThroughMapping(page: Page) {
  await page.getByTestId('nav-leads').click();
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles(tempFile('salon-tours.csv', CSV));
  await expect(page.getByTestId('import-detected')).toContainText('point-virgule');
  await expect(page.getByTestId('map-Prénom')).toContainText('Prénom');
  await expect(page.getByTestId('map-Code postal')).toContainText('Code postal');
  await expect(page.getByTestId('preview-row-4')).toContainText('Rejetée');
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-report')).toBeVisible();
}

test.describe('leads', () => {
  test('imports a CSV through the mapping screen and reports the rejected line with its number', async ({ page, host }) => {
    await page.goto(host.url);
    await importThroughMapping(page);
    // Counted chip by chip and cell by cell: 'Acceptée 3' must not pass for 'Acceptée 30'.
    await expect(page.getByTestId('import-counts').locator('.v-chip')).toHaveText(['Acceptée 3', /^\D+ 0$/, 'Rejetée 1']);
    const rejected = page.getByTestId('report-row-4').getByRole('cell');
    await expect(rejected).toHaveText(['4', 'Rejetée', 'Ni nom ni société']);

    // The report downloads as CSV; the phone-free rejected line is in it with its number.
    const download = page.waitForEvent('download');
    await page.getByTestId('download-report').click();
    const file = await (await download).path();
    const text = (await import('node:fs')).readFileSync(file, 'utf8');
    expect(text).toContain('4;Rejetée;Ni nom ni société');

    await page.getByTestId('undo-import').click();
    await page.getByTestId('confirm-undo').click();
    await expect(page.getByTestId('import-undone')).toBeVisible();
  });

  test('the search finds an imported lead and opens its page with the timeline', async ({ page, host }) => {
    await page.goto(host.url);
    await importThroughMapping(page);
    await page.getByTestId('nav-leads').click();
    await page.getByTestId('lead-search').locator('input').fill('quintrel');
    await expect(page.getByTestId('lead-count')).toHaveText('1 lead');
    await page.getByTestId('leads-table').getByText('Aurélie Quintrelle').click();
    await expect(page.getByTestId('lead-name')).toContainText('Aurélie Quintrelle');
    await expect(page.getByTestId('lead-comment')).toContainText('Rappeler le matin');
    await expect(page.getByTestId('timeline').getByTestId('event-type').first()).toContainText('Importé');
    await expect(page.getByTestId('routing-history')).toContainText('Jamais aiguillé');
  });

  test('a member feedback file: the unknown reference is refused with its line number', async ({ page, host }) => {
    const path = tempFile('retours.csv', 'Référence;Statut\nAIG-999999-1;Accepté\n');
    await page.goto(host.url);
    await page.getByTestId('nav-leads').click();
    await page.getByTestId('open-feedback').click();
    await page.getByTestId('feedback-file').setInputFiles(path);
    await expect(page.getByTestId('feedback-summary')).toHaveText('0 lignes enregistrées, 1 refusées.');
    await expect(page.getByTestId('feedback-dialog')).toContainText('Ligne 2');
  });
});

import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** The member form, once open with the focus in its first field, filled field by field (their test ids are field-<name>). */
async function fillMemberForm(page: Page, fields: Record<string, string>) {
  const form = page.getByTestId('member-form');
  await expect(form.getByTestId('field-name').locator('input')).toBeFocused();
  for (const [name, value] of Object.entries(fields)) await form.getByTestId(`field-${name}`).locator('input').fill(value);
  return form;
}

test.describe('network view', () => {
  test('shows the demo network and switches between French and English', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('nav-network')).toContainText('Réseau');
    await expect(page.getByTestId('member-count')).toHaveText('60 membres');
    await expect(page.getByRole('heading', { name: 'Réseau' })).toBeVisible();

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('setting-locale').click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect(page.getByTestId('nav-network')).toContainText('Network');
    await expect(page.getByTestId('nav-queue')).toContainText('Queue');
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

    // The choice is stored in the database: it survives a reload.
    await page.reload();
    await expect(page.getByTestId('nav-dashboard')).toContainText('Dashboard');

    await page.getByTestId('setting-locale').click();
    await page.getByRole('option', { name: 'Français' }).click();
    await expect(page.getByTestId('nav-dashboard')).toContainText('Tableau de bord');
  });

  test('creates a member through the form and finds it after a reload', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('member-count')).toHaveText('60 membres');
    await page.keyboard.press('n');
    const form = await fillMemberForm(page, { name: 'Thermique Val de Loire', postalCode: '41000', city: 'Blois', email: 'contact@thermique-vdl.fr', radiusKm: '45' });
    // The catalogue's lines are offered.
    await form.getByTestId('member-product-lines').locator('input').click();
    await page.getByRole('option', { name: 'Pompe à chaleur air-eau' }).click();
    await form.getByTestId('field-name').locator('input').click();
    await expect(form.getByTestId('member-product-lines')).toContainText('Pompe à chaleur air-eau');
    await form.getByTestId('member-save').click();
    await expect(form).toBeHidden();
    await expect(page.getByTestId('toast')).toContainText('Thermique Val de Loire ajouté au réseau');
    await expect(page.getByTestId('member-count')).toHaveText('61 membres');

    await page.reload();
    await page.getByTestId('member-search').locator('input').fill('thermique val');
    const table = page.getByTestId('members-table');
    await expect(table.getByText('Thermique Val de Loire')).toBeVisible();
    await expect(table.getByText('Blois')).toBeVisible();
    await expect(page.getByTestId('member-count')).toHaveText('1 membre');
    await expect(page.getByTestId('status-members')).toHaveText('61 membres');
  });

  test('shows the core validation messages next to the fields and creates nothing', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByTestId('new-member').click();
    const form = await fillMemberForm(page, { name: 'Membre Invalide', postalCode: '123', city: 'Nulle Part', radiusKm: '-5' });
    await form.getByTestId('member-save').click();
    await expect(form.getByTestId('field-postalCode')).toContainText('Un code postal français a 5 chiffres');
    await expect(form.getByTestId('field-radiusKm')).toContainText('Le rayon ne peut pas être négatif');
    await expect(form.getByTestId('form-error')).toBeVisible();
    await expect(form).toBeVisible();
    await page.keyboard.press('Escape');
    await page.getByTestId('member-search').locator('input').fill('Membre Invalide');
    await expect(page.getByTestId('member-count')).toHaveText('aucun membre');
  });

  test('edits and archives a member, with an undo', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByTestId('member-search').locator('input').fill('Reims');
    const table = page.getByTestId('members-table');
    await expect(page.getByTestId('member-count')).toHaveText('1 membre');
    await table.getByRole('button', { name: 'Archiver' }).click();
    await page.getByTestId('confirm-archive').click();
    await expect(page.getByTestId('member-count')).toHaveText('aucun membre');
    await page.getByTestId('toast').getByRole('button').click();
    await expect(page.getByTestId('member-count')).toHaveText('1 membre');

    await table.getByText('Reims').first().click();
    const form = page.getByTestId('member-form');
    // Wait for the dialog to settle: its autofocus would otherwise take the typing.
    await expect(form.getByTestId('field-name').locator('input')).toBeFocused();
    await expect(form.getByTestId('field-name').locator('input')).toHaveValue('Chaleur Service Reims');
    await form.getByTestId('field-capacityPerWeek').locator('input').fill('33');
    await form.getByTestId('member-save').click();
    await expect(form).toBeHidden();
    await expect(table.getByRole('cell', { name: '33', exact: true })).toBeVisible();
  });
});

test.describe('network search', () => {
  test('filters the table by name, city or département, and clears back to the whole network', async ({ page, host }) => {
    await page.goto(host.url);
    const table = page.getByTestId('members-table');
    const search = page.getByTestId('member-search').locator('input');
    await expect(page.getByTestId('member-count')).toHaveText('60 membres');

    await search.fill('Bordeaux');
    await expect(page.getByTestId('member-count')).toHaveText('1 membre');
    await expect(table.getByText('Clim & Chauffage Bordeaux SARL')).toBeVisible();
    await expect(table.getByText('Reims')).toHaveCount(0);

    await search.fill('zzzz');
    await expect(page.getByTestId('no-match')).toContainText('Aucun membre ne correspond à « zzzz »');
    await page.getByTestId('no-match').getByRole('button').click();
    await expect(page.getByTestId('member-count')).toHaveText('60 membres');

    // The field's own clear icon gives null, which must not reach the core as a search.
    await search.fill('Reims');
    await expect(page.getByTestId('member-count')).toHaveText('1 membre');
    await page.getByTestId('member-search').getByRole('button').click();
    await expect(page.getByTestId('member-count')).toHaveText('60 membres');
    await expect(page.getByTestId('members-error')).toHaveCount(0);
  });
});

test.describe('empty network', () => {
  test.use({ hostArgs: ['--no-demo'] });

  test('says how to add the first member', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('member-count')).toHaveText('aucun membre');
    await expect(page.getByText('Aucun membre pour l’instant')).toBeVisible();
    await expect(page.getByText('avec le bouton « Nouveau membre » (ou la touche N)')).toBeVisible();
  });
});

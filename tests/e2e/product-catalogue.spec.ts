/**
 * The product catalogue end to end: a call-center file names a product the catalogue does not
 * know; its leads wait at the head office, saying why; the label is mapped once from the import
 * report, and those leads are routed. Screenshots of the catalogue and of the unknown labels.
 */
import { join } from 'node:path';
import { test, expect, callApi } from './fixtures';
import { tempFile } from './seed';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'product-catalogue');

/** Three leads with a brand-name label, one with a known variant ("POELE GRANULES"). */
const CSV = [
  'Prénom;Nom;Téléphone;Code postal;Ville;Projet',
  'Armelle;Catalogue;06 71 00 00 01;37000;Tours;PAC Atlantic Alféa',
  'Benoît;Catalogue;06 71 00 00 02;37100;Tours;pac atlantic alfea',
  'Cécile;Catalogue;06 71 00 00 03;37000;Tours;PAC ATLANTIC ALFÉA',
  'Damien;Catalogue;06 71 00 00 04;37000;Tours;POELE GRANULES',
].join('\n');

interface Report {
  importId: number;
}
interface LeadPage {
  lead: { id: number; status: string; ownerMemberId: number | null; lastName: string; firstName: string };
}
interface Dispatch {
  outcome: string;
  decision: { outcome: { kind: string; reason?: string }; unknownProduct?: string | null };
}

test('a lead file with an unknown product label: mapped once from the import report, its held leads are routed', async ({ page, host, request }) => {
  await page.goto(host.url);
  await page.getByTestId('nav-leads').click();
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles(tempFile('centre-appels.csv', CSV));
  await expect(page.getByTestId('map-Projet')).toContainText('Projet');
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-report')).toBeVisible();

  // The report lists the one unknown label, its three spellings counted together, with the closest line proposed.
  const unknown = page.getByTestId('unknown-labels');
  await expect(unknown.getByTestId('unknown-label')).toHaveCount(1);
  const row = unknown.getByTestId('unknown-label').first();
  await expect(row).toContainText('PAC Atlantic Alféa');
  await expect(row).toContainText('3');
  await expect(row.getByTestId('unknown-line')).toContainText('Pompe à chaleur air-eau');

  // Qualified and dispatched before anyone maps the label: each waits at the head office, and its decision says why.
  const imports = await callApi<Report[]>(request, host.url, 'intake.list', { limit: 1 });
  const leads = await callApi<{ items: { id: number; lastName: string; product: string }[] }>(request, host.url, 'leads.list', { search: 'Catalogue', limit: 10 });
  expect(leads.items).toHaveLength(4);
  for (const lead of leads.items) await callApi(request, host.url, 'leads.qualify', { id: lead.id, temperature: 'hot' });
  const first = await callApi<{ dispatched: number; headOffice: number }>(request, host.url, 'routing.dispatchMany', { leadIds: leads.items.map((l) => l.id) });
  expect(first).toMatchObject({ dispatched: 1, headOffice: 3 });
  const held = leads.items.filter((l) => /alf/i.test(l.product));
  for (const lead of held) {
    const [dispatch] = await callApi<Dispatch[]>(request, host.url, 'routing.history', { leadId: lead.id });
    expect(dispatch!.decision).toMatchObject({ outcome: { kind: 'head_office', reason: 'unknown_product' }, unknownProduct: lead.product });
  }
  expect(imports[0]!.importId).toBeGreaterThan(0);

  await unknown.screenshot({ path: join(SHOTS, 'import-unknown-labels.png') });

  // Mapped once, with the proposed line: the three held leads are routed at once.
  await row.getByTestId('unknown-map').click();
  await expect(unknown.getByTestId('unknown-mapped')).toContainText('3 leads gardés aiguillés');
  await expect(unknown.getByTestId('unknown-none')).toBeVisible();
  for (const lead of held) {
    const { lead: now } = await callApi<LeadPage>(request, host.url, 'leads.get', { id: lead.id });
    expect(now.status).toBe('dispatched');
    expect(now.ownerMemberId).not.toBeNull();
  }

  // The lead page tells the story: first kept by the head office for the label, then sent to a member.
  await page.goto(`${host.url.split('?')[0]}#/leads/${held[0]!.id}`);
  const history = page.getByTestId('routing-history');
  await expect(history.getByTestId('dispatch')).toHaveCount(2);
  await history.getByTestId('dispatch').last().click();
  await expect(history.getByTestId('decision-head-office')).toContainText('inconnu du catalogue');

  // The label is now a synonym: a later file written with it resolves without asking.
  const resolved = await callApi<{ line: { name: string } | null }[]>(request, host.url, 'products.resolve', { labels: ['Pac Atlantic  Alfea'] });
  expect(resolved[0]!.line?.name).toBe('Pompe à chaleur air-eau');
});

test('the catalogue and the unknown labels in Settings, with screenshots', async ({ page, host }) => {
  // Tall enough for the whole catalogue card in one picture.
  await page.setViewportSize({ width: 1280, height: 2600 });
  await page.goto(host.url);
  await page.getByTestId('nav-settings').click();
  const catalogue = page.getByTestId('product-catalogue');
  await catalogue.scrollIntoViewIfNeeded();
  await expect(catalogue.getByTestId('product-line')).toHaveCount(18);

  // A synonym added by hand: the heat pump line now also answers to a brand name.
  const pac = catalogue.getByTestId('product-line').filter({ hasText: 'Pompe à chaleur air-eau' });
  await pac.click();
  await pac.getByTestId('product-synonym-add').locator('input').fill('PAC Daikin Altherma');
  await pac.getByTestId('product-synonym-add').locator('input').press('Enter');
  await expect(pac.getByTestId('product-synonym').filter({ hasText: 'PAC Daikin Altherma' })).toBeVisible();
  // A spelling that only differs by case and punctuation is refused, naming the line that has it.
  await pac.getByTestId('product-synonym-add').locator('input').fill('pac air/eau');
  await pac.getByTestId('product-synonym-add').locator('input').press('Enter');
  await expect(pac).toContainText('désigne déjà « Pompe à chaleur air-eau »');
  await pac.getByTestId('product-synonym-add').locator('input').fill('');
  await expect(page.locator('.v-snackbar__content')).toBeHidden({ timeout: 15_000 });
  await catalogue.screenshot({ path: join(SHOTS, 'catalogue.png') });

  // The demo's unknown labels, with their lead counts and proposals; the one just mapped is gone.
  const unknown = catalogue.getByTestId('unknown-labels');
  await expect(unknown.getByTestId('unknown-label')).toHaveCount(3);
  await expect(unknown).not.toContainText('PAC Daikin Altherma');
  await expect(unknown.getByTestId('unknown-label').filter({ hasText: 'Isolation' }).getByTestId('unknown-line')).toContainText('Isolation des');
  await unknown.scrollIntoViewIfNeeded();
  await unknown.screenshot({ path: join(SHOTS, 'unknown-labels.png') });

  // A label made a line of its own leaves the list.
  await unknown.getByTestId('unknown-label').filter({ hasText: 'Piscine' }).getByTestId('unknown-new-line').click();
  await expect(unknown.getByTestId('unknown-label')).toHaveCount(2);
  await expect(catalogue.getByTestId('product-line')).toHaveCount(19);
});

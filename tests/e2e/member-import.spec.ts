/**
 * The network loaded from a spreadsheet through the mapping screen: an Excel file with its
 * absences in a second sheet, one column the user maps by hand, a member whose trade name an
 * existing member already has (in another town), a changed member, a refused line, one absent
 * member ticked for archiving; then the new members are found on the map.
 */
import ExcelJS from 'exceljs';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callApi, expect, test } from './fixtures';

interface Member {
  id: number;
  code: string;
  name: string;
  kind: 'installer' | 'reseller' | 'distributor' | 'agency';
  email: string;
  postalCode: string;
  city: string;
  radiusKm: number;
  priorityCoefficient: number;
  capacityPerWeek: number;
  productLines: string[];
  active: boolean;
  archivedAt: number | null;
}

const KIND_WORDS = { installer: 'installateur', reseller: 'revendeur', distributor: 'distributeur', agency: 'agence' };

async function networkFile(namesake: Member, changed: Member): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Membres');
  // "Zone (km)" is no header the app knows: the user maps it to the radius.
  sheet.addRow(['Code réseau', 'SIRET', 'Raison sociale', 'Type', 'E-mail', 'Code postal', 'Ville', 'Zone (km)', 'Coefficient', 'Capacité par semaine', 'Gammes', 'Actif']);
  sheet.addRow(['E2E-1', '732 829 320 00074', 'Énergie Solaire Ardèche', 'installateur', 'contact@esa.fr', '07200', 'Aubenas', 45, 1.2, 8, 'PAC; Solaire', 'oui']);
  sheet.addRow(['E2E-2', '', namesake.name, 'revendeur', '', '37300', 'Joué-lès-Tours', 25, 1, 5, 'Isolation', 'oui']);
  sheet.addRow(['E2E-3', '', 'Chaleur du Vercors', 'agence', '', '38250', 'Villard-de-Lans', 60, 1, 10, 'Poêle à granulés', 'oui']);
  sheet.addRow([
    changed.code,
    '',
    changed.name,
    KIND_WORDS[changed.kind],
    changed.email,
    changed.postalCode,
    changed.city,
    changed.radiusKm + 10,
    changed.priorityCoefficient,
    changed.capacityPerWeek,
    changed.productLines.join('; '),
    changed.active ? 'oui' : 'non',
  ]);
  sheet.addRow(['E2E-4', '73282932000075', 'Siret Faux', 'installateur', '', '75011', 'Paris', 30, 1, 10, '', 'oui']);
  const absences = wb.addWorksheet('Absences');
  absences.addRow(['Code réseau', 'Du', 'Au', 'Motif']);
  absences.addRow(['E2E-1', '21/12/2026', '02/01/2027', 'Congés']);
  const path = join(mkdtempSync(join(tmpdir(), 'aig-members-')), 'reseau.xlsx');
  await wb.xlsx.writeFile(path);
  return path;
}

test('imports a member spreadsheet through the mapping screen and shows the members on the map', async ({ page, host, request }) => {
  const api = <T>(method: string, input: object) => callApi<T>(request, host.url, method, input);
  const demo = await api<Member[]>('members.list', {});
  const [namesake, changed, leaving] = [demo[0]!, demo[1]!, demo[2]!];
  const file = await networkFile(namesake, changed);

  await page.goto(host.url);
  await page.getByTestId('nav-network').click();
  await page.getByTestId('member-import').click();
  await page.getByTestId('member-import-file').setInputFiles(file);
  const preview = page.getByTestId('member-import-preview');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('member-import-mapping')).toContainText('deuxième feuille de reseau.xlsx (1 lignes)');

  // The radius column is not recognised: map it on the mapping screen, the plan follows.
  // By keyboard, as the list of fields is long: typing on the select picks the field whose name starts so.
  const radius = page.getByTestId('member-map-Zone (km)');
  await page.getByRole('combobox', { name: 'Champ du membre: Zone (km)' }).focus();
  await page.keyboard.type('Rayon');
  await expect(radius).toContainText('Rayon d’intervention (km)');
  await expect(page.getByTestId('member-line-5')).toContainText(`Rayon d’intervention (km) : ${changed.radiusKm} → ${changed.radiusKm + 10}`);
  await expect(page.getByTestId('member-import-count-new')).toContainText('3');
  await expect(page.getByTestId('member-import-count-changed')).toContainText('1');
  await expect(page.getByTestId('member-import-count-rejected')).toContainText('1');
  await expect(page.getByTestId('member-line-6')).toContainText('ne passe pas sa clé de contrôle (Luhn)');
  await expect(page.getByTestId('member-import-absence-lines')).toContainText('2026-12-21 → 2027-01-02 Congés');
  await expect(page.getByTestId('member-import-absent')).toContainText(`${leaving.name} · ${leaving.city}`);

  await page.getByTestId(`archive-${leaving.id}`).locator('input').check();
  await expect(page.getByTestId('member-import-run')).toContainText('3 nouveaux, 1 modifiés, 1 archivés');
  const shots = join(import.meta.dirname, '..', '..', '.screenshots');
  mkdirSync(shots, { recursive: true });
  await preview.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: test.info().outputPath('member-import-preview.png') });
  copyFileSync(test.info().outputPath('member-import-preview.png'), join(shots, 'member-import-preview.png'));

  await page.getByTestId('member-import-run').click();
  await expect(page.getByTestId('member-import-done')).toContainText('3 nouveaux, 1 modifiés, 0 inchangés, 1 lignes refusées, 1 archivés, 1 périodes d’absence');

  const after = await api<Member[]>('members.list', { includeArchived: true });
  expect(after.find((m) => m.id === leaving.id)!.archivedAt).not.toBeNull();
  expect(after.find((m) => m.id === changed.id)!.radiusKm).toBe(changed.radiusKm + 10);
  expect(
    after
      .filter((m) => m.name === namesake.name)
      .map((m) => m.city)
      .sort(),
  ).toEqual([namesake.city, 'Joué-lès-Tours'].sort());
  const ardeche = after.find((m) => m.code === 'E2E-1')!;
  expect(await api<{ startsOn: string }[]>('members.absences.list', { memberId: ardeche.id })).toMatchObject([{ startsOn: '2026-12-21', endsOn: '2027-01-02', reason: 'Congés' }]);

  // On the map: the new members are placed (at their commune) and found by the map's search.
  await page.getByTestId('member-import-to-map').click();
  const search = page.getByTestId('place-search').locator('input[type=text]');
  for (const [name, city] of [
    ['Énergie Solaire Ardèche', 'Aubenas'],
    ['Chaleur du Vercors', 'Villard-de-Lans'],
  ] as const) {
    await search.fill('');
    await search.pressSequentially(name.slice(0, 12), { delay: 20 });
    await page.getByRole('option').filter({ hasText: name }).first().click();
    await expect(page.getByTestId('selected-member')).toHaveText(name);
    await expect(page.getByTestId('selected-member').locator('xpath=following-sibling::div[1]')).toContainText(city);
  }
});

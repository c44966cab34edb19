import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { extractText } from 'unpdf';
import { test, expect } from './fixtures';

/** Calls the core through the browser host, with the tab's session token. */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = (await page.evaluate(
    async ([m, i]) => {
      const res = await fetch(`/api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aiguillage-token': sessionStorage.getItem('aiguillage.token') ?? '' }, body: JSON.stringify(i) });
      return res.json();
    },
    [method, input] as const,
  )) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

interface Member {
  id: number;
  name: string;
}

/** The demo has qualified leads but no dispatch yet: send a few to one member, who accepts, contacts and wins one. */
async function dispatchSome(page: Page): Promise<{ member: Member; departement: string }> {
  const { members } = await call<{ members: Member[] }>(page, 'kpi.filters', {});
  const member = members[0]!;
  const { items } = await call<{ items: { id: number; departement: string | null }[] }>(page, 'leads.list', { status: ['qualified'], limit: 6 });
  expect(items.length).toBeGreaterThan(3);
  for (const [i, lead] of items.entries()) {
    await call(page, 'routing.dispatch', { leadId: lead.id, memberId: member.id, reason: 'e2e' });
    await call(page, 'workflow.record', { leadId: lead.id, step: 'accepted' });
    if (i < 3) await call(page, 'workflow.record', { leadId: lead.id, step: 'contacted' });
    if (i === 0) await call(page, 'workflow.record', { leadId: lead.id, step: 'won', amountCents: 1_234_500 });
  }
  return { member, departement: items.find((l) => l.departement)!.departement! };
}

test.describe('dashboard and monthly report', () => {
  test('a failed command that no view handles is shown with its message and code', async ({ page, host }) => {
    // The dashboard reads the basemap with api.call and lets a failure through to the global handler.
    await page.route('**/api/geo.basemap', (route) => route.fulfill({ json: { ok: false, error: { code: 'unavailable', message: 'Fond de carte illisible' } } }));
    await page.goto(host.url);
    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('api-error')).toHaveText('Fond de carte illisible (code d’erreur : unavailable)');
  });

  test('filters by département and opens the matching leads', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByTestId('nav-dashboard').click();
    const tile = page.getByTestId('tile-leads');
    await expect(tile).toBeVisible();
    await expect(page.getByTestId('chart-volume').locator('canvas')).toBeVisible();
    const all = Number((await tile.getByTestId('kpi-value').innerText()).replace(/\D/g, ''));
    expect(all).toBeGreaterThan(0);

    const { departements } = await call<{ departements: string[] }>(page, 'kpi.filters', {});
    const dep = departements.includes('37') ? '37' : departements[0]!;
    await page.getByTestId('filter-departement').click();
    await page.keyboard.type(dep);
    await page.getByRole('option', { name: dep, exact: true }).click();
    await expect.poll(async () => Number((await tile.getByTestId('kpi-value').innerText()).replace(/\D/g, ''))).toBeLessThan(all);

    await tile.click();
    await expect(page).toHaveURL(new RegExp(`#/leads\\?.*departement=${dep}`));
    const query = new URL(page.url().replace('#/', '')).searchParams;
    expect(query.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(query.get('to')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('clicks a département on the choropleth and lands on its leads', async ({ page, host }) => {
    // The order that left the map blank: the basemap's shapes answered before the dashboard's
    // figures (they were registered before ECharts' map chart was installed). Made certain here.
    const shapesAnswered = page.waitForResponse((r) => r.url().endsWith('/api/geo.basemap')).then((r) => r.finished());
    await page.route('**/api/kpi.dashboard', async (route) => {
      await shapesAnswered;
      await route.continue();
    });
    await page.goto(host.url);
    await page.getByTestId('nav-dashboard').click();
    const canvas = page.getByTestId('chart-map').locator('canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    await expect(canvas).toBeVisible();
    // The chart follows its card's size: aim once the box has stopped moving, not after a fixed pause.
    let box = await canvas.boundingBox();
    await expect
      .poll(async () => {
        const before = JSON.stringify(box);
        box = await canvas.boundingBox();
        return JSON.stringify(box) === before;
      })
      .toBe(true);
    // The middle of the map is central France; a few nearby points in case one falls on a département without leads.
    for (const [dx, dy] of [[0.05, 0], [0, 0.08], [-0.06, 0.04], [0.08, -0.1], [-0.04, -0.12]] as const) {
      await page.mouse.click(box!.x + box!.width * (0.55 + dx), box!.y + box!.height * (0.5 + dy));
      // The list opens after the click, not at once: the next point must not be clicked on it.
      if (await page.waitForURL(/#\/leads\?/, { timeout: 3_000 }).then(() => true, () => false)) break;
    }
    await expect(page).toHaveURL(/#\/leads\?.*departement=\w{2}/);
    const query = new URL(page.url().replace('#/', '')).searchParams;
    const dep = query.get('departement')!;
    await expect(page.getByTestId('filter-departement').locator('input')).toHaveValue(dep);
    const { departements } = await call<{ departements: { code: string; leads: number }[] }>(page, 'kpi.dashboard', { from: query.get('from'), to: query.get('to') });
    const expected = departements.find((d) => d.code === dep)!.leads;
    expect(expected).toBeGreaterThan(0);
    await expect(page.getByTestId('lead-count')).toContainText(new RegExp(`^${expected}\\b`));
  });

  test('exports the monthly SLA report as PDF and XLSX', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('nav-reports')).toBeVisible();
    const { member } = await dispatchSome(page);
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;

    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-month').locator('input').fill(month);
    await expect(page.getByTestId('report-table')).toContainText(member.name);
    await expect(page.getByTestId('report-table')).toContainText('Ensemble du réseau');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe(`rapport-sla-${month}.pdf`);
    const { text, totalPages } = await extractText(new Uint8Array(readFileSync((await pdf.path())!)), { mergePages: true });
    expect(text).toContain('Rapport SLA mensuel');
    expect(text).toContain(member.name);
    expect(text).toContain('Ensemble du réseau');
    expect(text).toMatch(/12.345,00.€/);
    expect(text).toContain(`Page 2 sur ${totalPages}`);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe(`rapport-sla-${month}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Synthèse', 'Membres']);
    const sheet = wb.getWorksheet('Membres')!;
    expect(sheet.getCell('A2').value).toBe(member.name);
    expect(sheet.getCell('B2').value).toBe(6);
    expect(sheet.getCell('C2').value).toBe(6);
    expect(sheet.getCell('L2').value).toBe(1);
    expect(sheet.getCell('M2').value).toBe(12345);
    expect(wb.getWorksheet('Synthèse')!.getCell('B3').value).toBeInstanceOf(Date);
  });
});

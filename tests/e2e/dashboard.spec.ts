import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { extractText } from 'unpdf';
import { test, expect } from './fixtures';

/** Calls the core through the browser host, with the tab's session token. */
async function call<T>(page: Page, method: string, input: unknown): Promise<T> {
  const result = (await page.evaluate(
    async ([m, i]) => {
      const res = await fetch(`/api/${m}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-aiguillage-token': sessionStorage.getItem('aiguillage.token') ?? '' },
        body: JSON.stringify(i),
      });
      return res.json();
    },
    [method, input] as const,
  )) as { ok: boolean; value?: unknown; error?: unknown };
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

interface ReportRow {
  name: string;
  received: number;
  accepted: number;
  acceptedInTime: number;
  won: number;
  revenueCents: number;
}

/** The month before the current one (Paris and UTC agree on it outside the first hours of a month), as YYYY-MM. */
function lastMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

test.describe('dashboard and monthly report', () => {
  test('a failed command that no view handles is shown with its message and code', async ({ page, host }) => {
    // The dashboard reads the basemap with api.call and lets a failure through to the global handler.
    await page.route('**/api/geo.basemap', (route) => route.fulfill({ json: { ok: false, error: { code: 'unavailable', message: 'Fond de carte illisible' } } }));
    await page.goto(host.url);
    await page.getByTestId('nav-dashboard').click();
    await expect(page.getByTestId('api-error')).toHaveText('Fond de carte illisible (code d’erreur : unavailable)');
  });

  test('the demo shows a figure in every tile and a funnel down to the sales', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByTestId('nav-dashboard').click();
    for (const id of ['leads', 'treated', 'accept', 'conversion', 'sla', 'whiteZone']) {
      const value = page.getByTestId(`tile-${id}`).getByTestId('kpi-value');
      await expect(value, id).toHaveText(/\d/);
      await expect(value, id).not.toHaveText(/–/);
    }
    // Over the demo's six months every step of the funnel has leads, and the SLA was met mostly, not always.
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    const { funnel, response } = await call<{ funnel: { steps: { count: number }[] }; response: { sla: { accept: { met: number; missed: number } } } }>(page, 'kpi.dashboard', {
      from: day(190),
      to: day(0),
    });
    expect(funnel.steps.length).toBeGreaterThanOrEqual(6);
    expect(funnel.steps.every((s) => s.count > 0)).toBe(true);
    expect(response.sla.accept.met).toBeGreaterThan(response.sla.accept.missed);
    expect(response.sla.accept.missed).toBeGreaterThan(0);
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
    for (const [dx, dy] of [
      [0.05, 0],
      [0, 0.08],
      [-0.06, 0.04],
      [0.08, -0.1],
      [-0.04, -0.12],
    ] as const) {
      await page.mouse.click(box!.x + box!.width * (0.55 + dx), box!.y + box!.height * (0.5 + dy));
      // The list opens after the click, not at once: the next point must not be clicked on it.
      if (
        await page.waitForURL(/#\/leads\?/, { timeout: 3_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
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

  test('exports the monthly SLA report as PDF and XLSX, with the demo month’s figures', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('nav-reports')).toBeVisible();
    // The demo's last full month: members received, accepted (some late), contacted and won leads.
    const month = lastMonth();
    const report = await call<{ overall: ReportRow; members: ReportRow[] }>(page, 'reports.monthly', { month });
    expect(report.overall.received).toBeGreaterThan(100);
    expect(report.overall.acceptedInTime).toBeGreaterThan(0);
    expect(report.overall.acceptedInTime).toBeLessThan(report.overall.accepted);
    expect(report.overall.won).toBeGreaterThan(0);
    const first = report.members[0]!;

    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-month').locator('input').fill(month);
    await expect(page.getByTestId('report-table')).toContainText(first.name);
    await expect(page.getByTestId('report-table')).toContainText('Ensemble du réseau');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe(`rapport-sla-${month}.pdf`);
    const { text, totalPages } = await extractText(new Uint8Array(readFileSync((await pdf.path())!)), { mergePages: true });
    expect(text).toContain('Rapport SLA mensuel');
    expect(text).toContain(first.name);
    expect(text).toContain('Ensemble du réseau');
    expect(text).not.toContain('Aucun lead n’a été attribué');
    expect(totalPages).toBeGreaterThan(2);
    expect(text).toContain(`Page 2 sur ${totalPages}`);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe(`rapport-sla-${month}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Synthèse', 'Membres']);
    const sheet = wb.getWorksheet('Membres')!;
    expect(sheet.getCell('A2').value).toBe(first.name);
    expect(sheet.getCell('B2').value).toBe(first.received);
    expect(sheet.getCell('C2').value).toBe(first.accepted);
    expect(sheet.getCell('D2').value).toBe(first.acceptedInTime);
    expect(sheet.getCell('L2').value).toBe(first.won);
    expect(sheet.getCell('M2').value).toBe(first.revenueCents / 100);
    expect(wb.getWorksheet('Synthèse')!.getCell('B3').value).toBeInstanceOf(Date);
  });
});

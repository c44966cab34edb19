import ExcelJS from 'exceljs';
import { extractText } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { seedKpiFixture } from '../kpi/fixture';
import { withLanguage } from '../language';
import { caller, testContext } from '../test-support';
import { exportReport } from './commands';

function setup() {
  const ctx = testContext();
  const ids = seedKpiFixture(ctx);
  return { ctx, ids, ...caller(ctx) };
}

describe('monthly SLA report', () => {
  it('gives per member and overall figures for a Paris month', () => {
    const { call, ids } = setup();
    const report = call('reports.monthly', { month: '2026-10' });
    expect(report.leadsReceived).toBe(5);
    expect(report.whiteZone).toBe(1);
    expect(report.members.map((m) => m.name)).toEqual(['Énergie Loire', 'Solaire Touraine']);
    const a = report.members.find((m) => m.memberId === ids.a)!;
    expect(a).toMatchObject({
      received: 3,
      accepted: 2,
      acceptedInTime: 2,
      reassignments: 1,
      declined: 0,
      contacted: 2,
      contactedInTime: 2,
      treated: 2,
      won: 1,
      revenueCents: 1_000_000,
      medianAcceptHours: 1.75,
      medianContactHours: 5.5,
      treatedRate: 1,
      conversion: 0.5,
    });
    expect(a.acceptedInTimeRate).toBeCloseTo(2 / 3);
    const b = report.members.find((m) => m.memberId === ids.b)!;
    expect(b).toMatchObject({ received: 1, accepted: 1, acceptedInTime: 0, contacted: 0, treated: 0, won: 0, medianAcceptHours: 5.5, medianContactHours: null, conversion: 0 });
    expect(report.overall).toMatchObject({
      received: 4,
      accepted: 3,
      acceptedInTime: 2,
      reassignments: 1,
      contacted: 2,
      won: 1,
      revenueCents: 1_000_000,
      medianAcceptHours: 2.5,
      medianContactHours: 5.5,
    });
  });

  it('returns an empty report for a month without leads', () => {
    const { call } = setup();
    const report = call('reports.monthly', { month: '2027-02' });
    expect(report).toMatchObject({ leadsReceived: 0, members: [], overall: { received: 0, medianAcceptHours: null, conversion: null } });
  });

  it('refuses a malformed month', () => {
    expect(setup().tryCall('reports.monthly', { month: '2026-13' }).ok).toBe(false);
  });
});

describe('exports', () => {
  it('writes a PDF with the members, the totals and page numbers', async () => {
    const { ctx } = setup();
    const file = await exportReport(ctx, '2026-10', 'pdf');
    expect(file.fileName).toBe('sla-report-2026-10.pdf');
    const { text, totalPages } = await extractText(new Uint8Array(Buffer.from(file.base64, 'base64')), { mergePages: true });
    expect(totalPages).toBeGreaterThanOrEqual(3);
    expect(text).toContain('Solaire Touraine');
    expect(text).toContain('Énergie Loire');
    expect(text).toContain('€10,000.00');
    expect(text).toContain(`Page 1 of ${totalPages}`);
  });

  it('writes the PDF in French when asked', async () => {
    const { ctx } = setup();
    const file = await withLanguage('fr', () => exportReport(ctx, '2026-10', 'pdf'));
    const { text } = await extractText(new Uint8Array(Buffer.from(file.base64, 'base64')), { mergePages: true });
    expect(file.fileName).toBe('rapport-sla-2026-10.pdf');
    expect(text).toContain('Rapport SLA mensuel');
    expect(text).toMatch(/10.000,00.€/);
  });

  it('writes an XLSX whose cells are numbers and dates', async () => {
    const { ctx } = setup();
    const file = await exportReport(ctx, '2026-10', 'xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Summary', 'Members']);
    const summary = wb.getWorksheet('Summary')!;
    expect(summary.getCell('B3').value).toEqual(new Date(Date.UTC(2026, 9, 1)));
    expect(summary.getCell('B5').value).toBe(5);
    const members = wb.getWorksheet('Members')!;
    expect(members.getCell('A2').value).toBe('Énergie Loire');
    expect(members.getCell('A3').value).toBe('Solaire Touraine');
    expect(members.getCell('B3').value).toBe(3);
    expect(members.getCell('J3').value).toBe(1);
    expect(members.getCell('M3').value).toBe(10000);
    expect(members.getCell('M3').numFmt).toContain('0.00');
    expect(members.getCell('A4').value).toBe('Whole network');
  });

  it('writes a semicolon CSV with a BOM and neutralised text', async () => {
    const { ctx } = setup();
    ctx.db.prepare(`UPDATE members SET name = '=HYPERLINK("http://evil")' WHERE name = 'Énergie Loire'`).run();
    const file = await exportReport(ctx, '2026-10', 'csv');
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(text.startsWith('\uFEFFMember;Leads received (dispatched);')).toBe(true);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil""\)";1;1;0;/);
    expect(lines[2]).toContain('Solaire Touraine;3;2;2;2;1,75;5,5;1;0;1;0,5;1;10000');
  });

  it('runs as a job the renderer polls', async () => {
    const { call } = setup();
    const { jobId, fileName } = call('reports.export', { month: '2026-10', format: 'csv' });
    expect(fileName).toBe('sla-report-2026-10.csv');
    await new Promise((r) => setTimeout(r, 10));
    const done = call('exports.download', { jobId });
    expect(done.status).toBe('done');
    expect(setupFails(() => call('exports.download', { jobId }))).toBe(true);
  });
});

function setupFails(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch {
    return true;
  }
}

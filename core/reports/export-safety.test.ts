/**
 * Export safety over generated values: hostile member names go through the real monthly report
 * exports (CSV, XLSX, PDF), hostile files through the import report's CSV, and the files are read back the way a spreadsheet or a PDF reader
 * would. No spreadsheet cell may start with a formula trigger (= + - @ tab CR) unless
 * neutralised with a leading apostrophe, except phone numbers, which must read as written;
 * numbers, negative ones included, stay numbers; no XLSX cell is a formula; PDF text is literal.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import type { Context } from '../commands/define';
import { seedKpiFixture } from '../kpi/fixture';
import { caller, testContext } from '../test-support';
import { exportReport } from './commands';
import { isPhoneLike, safeCell } from '../exports/safe-cell';

const MONTH = '2026-10';
const checked = { csv: 0, xlsx: 0, pdf: 0, intake: 0, cells: 0 };
const TRIGGER = /^[=+\-@\t\r]/;

const hostileName = fc
  .tuple(
    fc.constantFrom('=', '+', '-', '@', '\t', '\r', '', ' =', '"=', "'"),
    fc.oneof(
      fc.constantFrom('HYPERLINK("http://evil.example","x")', "cmd|' /C calc'!A0", '1+1', 'SUM(A1:A9)', '33 6 12 34 56 78', '5', '2+3', ') Tj (x', '\\(a\\)', '%PDF', 'Énergie;"Loire"\n2'),
      fc.string({ minLength: 1, maxLength: 30 }),
    ),
  )
  .map(([head, tail]) => head + tail)
  .filter((s) => s.trim().length >= 2);

// Member names are unique (without regard to case).
const twoNames = fc.tuple(hostileName, hostileName).filter(([a, b]) => a.toLowerCase() !== b.toLowerCase());

/** The two members of the fixture, renamed as stored by an older version or another program. */
function withNames(names: [string, string]): Context {
  const ctx = testContext();
  const ids = seedKpiFixture(ctx);
  ctx.db.prepare('UPDATE members SET name = ? WHERE id = ?').run(names[0], ids.a);
  ctx.db.prepare('UPDATE members SET name = ? WHERE id = ?').run(names[1], ids.b);
  return ctx;
}

/** A text cell is safe when it cannot start a formula, or is a phone number kept as is. */
function expectSafeText(cell: string, where: string) {
  if (TRIGGER.test(cell)) expect(isPhoneLike(cell), `${where}: ${JSON.stringify(cell)} would run as a formula`).toBe(true);
}

/** What a reader sees once the neutralising apostrophe is taken off. */
const unneutralised = (cell: string) => (cell.startsWith("'") && TRIGGER.test(cell.slice(1)) ? cell.slice(1) : cell);

describe('export safety', () => {
  afterAll(() =>
    console.log(
      `export safety: ${checked.csv} CSV, ${checked.xlsx} XLSX and ${checked.pdf} PDF reports with hostile names, ${checked.intake} import reports of hostile files, ${checked.cells} spreadsheet cells read back, 0 unsafe`,
    ),
  );

  it('CSV: no cell runs as a formula, names read back whole, numbers stay numbers', async () => {
    await fc.assert(
      fc.asyncProperty(twoNames, async (names) => {
        const ctx = withNames(names);
        const file = await exportReport(ctx, MONTH, 'csv');
        checked.csv++;
        const text = Buffer.from(file.base64, 'base64')
          .toString('utf8')
          .replace(/^\uFEFF/, '');
        const rows = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true }).data;
        for (const [r, row] of rows.entries()) {
          for (const [c, cell] of row.entries()) {
            checked.cells++;
            if (c > 0 && r > 0) expect(cell, `row ${r} column ${c} is a number`).toMatch(/^(-?\d+(,\d+)?(e-?\d+)?)?$/);
            else expectSafeText(cell, `row ${r} column ${c}`);
          }
        }
        expect(
          rows
            .slice(1, -1)
            .map((r) => unneutralised(r[0]!))
            .sort(),
        ).toEqual([...names].sort());
        ctx.db.close();
      }),
      { seed: 8_0501, numRuns: 60 },
    );
  }, 120_000);

  it('import report CSV: hostile values quoted in the messages never start a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostileName, hostileName), { minLength: 1, maxLength: 6 }), (values) => {
        const ctx = testContext();
        const { call } = caller(ctx);
        const file = ['Nom;Téléphone;E-mail', ...values.map(([a, b]) => [a, b, b].map((v) => `"${v.replace(/"/g, '""')}"`).join(';'))].join('\n');
        const contentBase64 = Buffer.from(file).toString('base64');
        const report = call('intake.run', { fileName: 'hostile.csv', contentBase64, sourceName: 'Test', mapping: { lastName: 'Nom', phone: 'Téléphone', email: 'E-mail' } });
        const { text } = call('intake.reportCsv', { importId: report.importId });
        const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data;
        checked.intake++;
        expect(rows).toHaveLength(report.dataRows + 1);
        for (const [r, row] of rows.entries()) {
          for (const [c, cell] of row.entries()) {
            checked.cells++;
            if (r > 0 && (c === 0 || c === 3)) expect(cell).toMatch(/^\d*$/);
            else expectSafeText(cell, `row ${r} column ${c}`);
          }
        }
        ctx.db.close();
      }),
      { seed: 8_0504, numRuns: 60 },
    );
  }, 120_000);

  it('XLSX: no formula cell, no text cell that would run as one, numbers as numbers', async () => {
    await fc.assert(
      fc.asyncProperty(twoNames, async (names) => {
        const ctx = withNames(names);
        const file = await exportReport(ctx, MONTH, 'xlsx');
        checked.xlsx++;
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
        const memberNames: string[] = [];
        wb.eachSheet((sheet) =>
          sheet.eachRow((row, r) =>
            row.eachCell((cell, c) => {
              const where = `${sheet.name}!${cell.address}`;
              checked.cells++;
              expect(cell.type, `${where} is a formula`).not.toBe(ExcelJS.ValueType.Formula);
              if (typeof cell.value === 'string') expectSafeText(cell.value, where);
              if (sheet.id === 2 && r > 1 && c === 1) memberNames.push(String(cell.value));
              if (sheet.id === 2 && r > 1 && c > 1) expect(typeof cell.value === 'number' || cell.value === null, `${where} is a number`).toBe(true);
            }),
          ),
        );
        // XML reads a carriage return back as a line feed (end-of-line normalisation).
        // exceljs drops leading blanks of a shared string on reading.
        const xml = (v: string) => v.replace(/\r\n?/g, '\n').trim();
        expect(memberNames.slice(0, -1).map(xml).sort()).toEqual(names.map((n) => xml(safeCell(n))).sort());
        ctx.db.close();
      }),
      { seed: 8_0502, numRuns: 40 },
    );
  }, 120_000);

  it('PDF: hostile names are printed as literal text', async () => {
    await fc.assert(
      fc.asyncProperty(twoNames, async (names) => {
        const ctx = withNames(names);
        const file = await exportReport(ctx, MONTH, 'pdf');
        checked.pdf++;
        const { text } = await extractText(new Uint8Array(Buffer.from(file.base64, 'base64')), { mergePages: true });
        const flat = (s: string) => s.replace(/\s+/g, '');
        // Visible characters only: a PDF has no tab or line break inside a text run.
        for (const name of names) expect(flat(text)).toContain(flat(name).replace(/[^\p{L}\p{N}\p{P}\p{S}]/gu, ''));
        ctx.db.close();
      }),
      { seed: 8_0503, numRuns: 8 },
    );
  }, 120_000);
});

/**
 * XLSX with exceljs: a summary sheet and the members' table, numbers as numbers (with number
 * formats), dates as dates, text neutralised against formula injection.
 */
import { exceljs } from '../exports/libraries';
import { TZDate } from '@date-fns/tz';
import { cellValue } from './csv';
import type { ReportLabels } from './labels';
import type { MonthlyReport } from './monthly';
import { safeCell } from '../exports/safe-cell';

const FORMATS: Record<string, string> = { int: '0', hours: '0.0', rate: '0.0%', money: '#,##0.00 "€"', text: '@' };

/** Excel has no time zones: a date cell shows the Paris wall-clock time. */
export function excelDate(instant: number): Date {
  const l = new TZDate(instant, 'Europe/Paris');
  return new Date(Date.UTC(l.getFullYear(), l.getMonth(), l.getDate(), l.getHours(), l.getMinutes(), l.getSeconds()));
}

function sheetName(s: string): string {
  return s.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31);
}

export async function reportXlsx(report: MonthlyReport, labels: ReportLabels): Promise<Buffer> {
  const wb = new (exceljs().Workbook)();
  wb.creator = 'Aiguillage';
  wb.created = new Date(report.generatedAt);

  const summary = wb.addWorksheet(sheetName(labels.summary));
  summary.columns = [
    { header: labels.figure, width: 42 },
    { header: labels.value, width: 20 },
  ];
  summary.addRow([labels.title, labels.monthName]);
  const monthRow = summary.addRow([safeCell(labels.month), excelDate(report.from)]);
  monthRow.getCell(2).numFmt = 'mmmm yyyy';
  const gen = summary.addRow([labels.generated, excelDate(report.generatedAt)]);
  gen.getCell(2).numFmt = 'dd/mm/yyyy hh:mm';
  summary.addRow([labels.leadsReceived, report.leadsReceived]);
  summary.addRow([labels.whiteZone, report.whiteZone]);
  for (const col of labels.columns.slice(1)) {
    const row = summary.addRow([col.label, cellValue(report.overall, col.key, col.kind)]);
    row.getCell(2).numFmt = FORMATS[col.kind]!;
  }
  summary.getRow(1).font = { bold: true };

  const members = wb.addWorksheet(sheetName(labels.members));
  members.columns = labels.columns.map((c) => ({ header: c.label, width: c.kind === 'text' ? 32 : 16, style: { numFmt: FORMATS[c.kind] } }));
  for (const row of [...report.members, { ...report.overall, name: labels.overall }]) {
    members.addRow(labels.columns.map((c) => (c.kind === 'text' ? safeCell(String(row[c.key])) : cellValue(row, c.key, c.kind))));
  }
  members.getRow(1).font = { bold: true };
  members.getRow(members.rowCount).font = { bold: true };
  members.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

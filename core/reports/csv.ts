/** CSV for French spreadsheets: semicolons, UTF-8 with a BOM, CRLF lines, neutralised text. */
import type { ReportLabels } from './labels';
import type { MonthlyReport, ReportRow } from './monthly';
import { safeCell } from './safe-cell';

function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value).replace('.', ',');
  const safe = safeCell(value);
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function cellValue(row: ReportRow, key: keyof ReportRow, kind: string): string | number | null {
  const v = row[key];
  if (v === null) return null;
  if (kind === 'money') return (v as number) / 100;
  if (kind === 'hours') return Math.round((v as number) * 100) / 100;
  if (kind === 'rate') return Math.round((v as number) * 10000) / 10000;
  return v;
}

export function reportCsv(report: MonthlyReport, labels: ReportLabels): Buffer {
  const lines = [labels.columns.map((c) => field(c.label)).join(';')];
  for (const row of [...report.members, { ...report.overall, name: labels.overall }]) {
    lines.push(labels.columns.map((c) => field(cellValue(row, c.key, c.kind))).join(';'));
  }
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

export { cellValue };

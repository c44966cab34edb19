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

/** Every CSV the app writes goes through here, so every text cell is neutralised. */
export function csvText(rows: (string | number | null)[][]): string {
  return '\uFEFF' + rows.map((r) => r.map(field).join(';')).join('\r\n') + '\r\n';
}

export function reportCsv(report: MonthlyReport, labels: ReportLabels): Buffer {
  const rows = [...report.members, { ...report.overall, name: labels.overall }].map((row) => labels.columns.map((c) => cellValue(row, c.key, c.kind)));
  return Buffer.from(csvText([labels.columns.map((c) => c.label), ...rows]), 'utf8');
}

export { cellValue };

/** The monthly report as CSV, through the app's formula-safe CSV writer. */
import { csvText } from '../exports/csv';
import type { ReportLabels } from './labels';
import type { MonthlyReport, ReportRow } from './monthly';

function cellValue(row: ReportRow, key: keyof ReportRow, kind: string): string | number | null {
  const v = row[key];
  if (v === null) return null;
  if (kind === 'money') return (v as number) / 100;
  if (kind === 'hours') return Math.round((v as number) * 100) / 100;
  if (kind === 'rate') return Math.round((v as number) * 10000) / 10000;
  return v;
}

export function reportCsv(report: MonthlyReport, labels: ReportLabels): Buffer {
  const rows = [...report.members, { ...report.overall, name: labels.overall }].map((row) => labels.columns.map((c) => cellValue(row, c.key, c.kind)));
  return Buffer.from(csvText([labels.columns.map((c) => c.label), ...rows]), 'utf8');
}

export { cellValue };

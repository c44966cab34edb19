/**
 * reports.*: the monthly SLA report as data (preview) and its exports. Commands run
 * synchronously inside the host's call while pdfmake and exceljs only write asynchronously,
 * so reports.export gathers the figures and the words within the call, starts the rendering
 * and returns a job (exports/jobs.ts); exports.download returns the file once it is ready (the
 * renderer polls). `exportReport` is the same thing in one await, for scripts, the CLI and
 * tests. Every export is recorded in the audit log.
 */
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { tr } from '../language';
import { audit } from '../privacy/audit';
import { startJob, type ExportFile } from '../exports/jobs';
import { reportCsv } from './csv';
import { reportLabels, type ReportLabels } from './labels';
import { monthInput, monthlyReport, type MonthlyReport } from './monthly';
import { reportPdf } from './pdf';
import { reportXlsx } from './xlsx';

export const FORMATS = ['pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof FORMATS)[number];

const MIME: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
};

function render(report: MonthlyReport, labels: ReportLabels, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'pdf':
      return reportPdf(report, labels);
    case 'xlsx':
      return reportXlsx(report, labels);
    case 'csv':
      return Promise.resolve(reportCsv(report, labels));
    default: {
      const never: never = format;
      throw new Error(`Unknown format ${String(never)}`);
    }
  }
}

function fileName(month: string, format: ReportFormat): string {
  return `${tr('sla-report', 'rapport-sla')}-${month}.${format}`;
}

function start(ctx: Context, month: string, format: ReportFormat) {
  const report = monthlyReport(ctx, month);
  audit(ctx, 'report.export', month, { format });
  const labels = reportLabels(month);
  return { name: fileName(month, format), bytes: render(report, labels, format) };
}

/** One export, awaited: for the CLI, scripts and tests. Call inside withLanguage for French. */
export async function exportReport(ctx: Context, month: string, format: ReportFormat): Promise<ExportFile> {
  const { name, bytes } = start(ctx, month, format);
  return { fileName: name, mime: MIME[format], base64: (await bytes).toString('base64') };
}

export const reportsCommands = {
  'reports.monthly': command(monthInput, (ctx, { month }) => monthlyReport(ctx, month)),
  'reports.export': command(monthInput.extend({ format: z.enum(FORMATS) }), (ctx, { month, format }) => {
    const { name, bytes } = start(ctx, month, format);
    return startJob(name, MIME[format], bytes);
  }),
};

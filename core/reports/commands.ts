/**
 * reports.*: the monthly SLA report as data (preview) and its exports. Commands run
 * synchronously inside the host's call while pdfmake and exceljs only write asynchronously,
 * so reports.export gathers the figures and the words within the call, starts the rendering
 * and returns a job; reports.download returns the file once it is ready (the renderer polls).
 * `exportReport` is the same thing in one await, for scripts, the CLI and tests.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { tr } from '../language';
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

export interface ExportFile {
  fileName: string;
  mime: string;
  base64: string;
}

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

function start(ctx: Pick<Context, 'db' | 'now'>, month: string, format: ReportFormat) {
  const report = monthlyReport(ctx, month);
  const labels = reportLabels(month);
  return { name: fileName(month, format), bytes: render(report, labels, format) };
}

/** One export, awaited: for the CLI, scripts and tests. Call inside withLanguage for French. */
export async function exportReport(ctx: Pick<Context, 'db' | 'now'>, month: string, format: ReportFormat): Promise<ExportFile> {
  const { name, bytes } = start(ctx, month, format);
  return { fileName: name, mime: MIME[format], base64: (await bytes).toString('base64') };
}

type Job = { status: 'running'; fileName: string } | ({ status: 'done' } & ExportFile) | { status: 'failed'; fileName: string; message: string };
const jobs = new Map<string, Job>();
const MAX_JOBS = 20;

export const reportsCommands = {
  'reports.monthly': command(monthInput, (ctx, { month }) => monthlyReport(ctx, month)),
  'reports.export': command(monthInput.extend({ format: z.enum(FORMATS) }), (ctx, { month, format }) => {
    const { name, bytes } = start(ctx, month, format);
    const jobId = randomUUID();
    if (jobs.size >= MAX_JOBS) jobs.delete(jobs.keys().next().value!);
    jobs.set(jobId, { status: 'running', fileName: name });
    bytes.then(
      (b) => jobs.set(jobId, { status: 'done', fileName: name, mime: MIME[format], base64: b.toString('base64') }),
      (e: Error) => jobs.set(jobId, { status: 'failed', fileName: name, message: e.message }),
    );
    return { jobId, fileName: name };
  }),
  'reports.download': command(z.object({ jobId: z.string().uuid() }), (_ctx, { jobId }) => {
    const job = jobs.get(jobId);
    if (!job) throw new AppError('not_found', tr('This export is no longer available; export again.', 'Cet export n’est plus disponible ; relancez-le.'));
    if (job.status !== 'running') jobs.delete(jobId);
    return job;
  }),
};

/**
 * intake.*: look at a file before importing it (detected encoding and separator, proposed or
 * remembered column mapping, the first rows as they would be stored), import it in batches,
 * read the report, list imports, and undo one import as a whole. The app imports in the
 * background (intake.start, then intake.progress until done, intake.cancel to stop and undo).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { command, type Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { fileContentBase64 } from '../commands/limits';
import { tr } from '../language';
import { findInDb } from '../leads/duplicates';
import { mappingSchema, proposeMapping, savedMapping, saveMapping } from './mapping';
import { prepareRows, type ParsedFile } from './pipeline';
import { readOrRefuse } from './read';
import { cancelImportJob, importJobState, runningFingerprints, startImportJob } from './background';
import { importReportCsv } from './report-csv';
import { commitImport, resumableImport } from './run';
import { getReport, listImports, undoImport, type ImportReport } from './store';

const PREVIEW_ROWS = 20;

const fileInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  contentBase64: fileContentBase64,
});

function preview(ctx: Context, input: z.output<typeof fileInput> & { sourceName?: string }) {
  const file = readOrRefuse(input.fileName, Buffer.from(input.contentBase64, 'base64'));
  const proposed = proposeMapping(file.headers);
  const remembered = input.sourceName ? savedMapping(ctx.db, input.sourceName) : null;
  const mapping = remembered ?? proposed;
  const rows = prepareRows(file, mapping, { now: ctx.now(), sourceName: input.sourceName ?? '', fileName: input.fileName, limit: PREVIEW_ROWS });
  return {
    format: file.format,
    encoding: file.encoding,
    separator: file.separator,
    headers: file.headers,
    dataRows: file.records.length,
    proposedMapping: proposed,
    savedMapping: remembered,
    mapping,
    rows: rows.map((r) => ({
      line: r.line,
      outcome: r.outcome,
      lead: r.fields,
      warnings: r.warnings,
      errors: r.errors,
      duplicateOf: r.fields ? [...findInDb(ctx.db, r.fields).keys()] : [],
    })),
  };
}

const runInput = fileInput.extend({
  sourceName: z.string().trim().min(1).max(80),
  mapping: mappingSchema,
  saveMapping: z.boolean().default(false),
  batchSize: z.number().int().min(1).max(50_000).default(2000),
});
const jobRef = z.object({ jobId: z.string().uuid() });

/**
 * What the blocking and the background import both start with: the file recognised by its
 * fingerprint (refused if already imported, resumed if interrupted: checked before the costly
 * parse), read, and its mapping remembered.
 */
function begin(ctx: Context, input: z.output<typeof runInput>): { file: ParsedFile; fingerprint: string; resume: ImportReport | undefined } {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const fingerprint = createHash('sha256').update(bytes).digest('hex');
  const resume = resumableImport(ctx, fingerprint, runningFingerprints()) ?? undefined;
  const file = readOrRefuse(input.fileName, bytes);
  if (input.saveMapping) ctx.db.transaction(() => saveMapping(ctx.db, input.sourceName, input.mapping, ctx.now()))();
  return { file, fingerprint, resume };
}

export const intakeCommands = {
  'intake.preview': command(fileInput.extend({ sourceName: z.string().trim().max(80).optional() }), preview),
  /** The whole import in one call (command line, tests); the app uses intake.start. */
  'intake.run': command(
    runInput,
    (ctx, input) => {
      const { file, fingerprint, resume } = begin(ctx, input);
      const rows = prepareRows(file, input.mapping, { now: ctx.now(), sourceName: input.sourceName, fileName: input.fileName });
      const { records: _records, ...meta } = file;
      return commitImport(ctx, { file: { ...meta, dataRows: rows.length }, mapping: input.mapping, rows }, { ...input, fingerprint }, resume);
    },
    { ownTransactions: true },
  ),
  'intake.start': command(
    runInput,
    (ctx, input) => {
      const { file, fingerprint, resume } = begin(ctx, input);
      return startImportJob(ctx, { file, fingerprint, resume, fileName: input.fileName, sourceName: input.sourceName, mapping: input.mapping, batchSize: input.batchSize });
    },
    { ownTransactions: true },
  ),
  'intake.progress': command(jobRef, (_ctx, { jobId }) => importJobState(jobId)),
  'intake.cancel': command(jobRef, (_ctx, { jobId }) => cancelImportJob(jobId)),
  'intake.report': command(z.object({ importId: z.number().int().positive() }), (ctx, { importId }) => mustGetReport(ctx, importId)),
  'intake.reportCsv': command(z.object({ importId: z.number().int().positive() }), (ctx, { importId }) => importReportCsv(mustGetReport(ctx, importId))),
  'intake.list': command(z.object({ limit: z.number().int().min(1).max(500).default(50) }), (ctx, { limit }) => listImports(ctx.db, limit)),
  'intake.undo': command(z.object({ importId: z.number().int().positive() }), (ctx, { importId }) => undoImport(ctx.db, importId, ctx.now())),
};

function mustGetReport(ctx: Context, importId: number) {
  const report = getReport(ctx.db, importId);
  if (!report) throw new AppError('not_found', tr(`No import with id ${importId}.`, `Aucun import n°${importId}.`));
  return report;
}

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
import { currentLanguage, tr, withLanguage } from '../language';
import { findInDb } from '../leads/duplicates';
import { mappingSchema, savedMapping, saveMapping } from './mapping';
import { readOffThread, UnreadableFile } from './off-thread';
import { importFile } from './import-file';
import { unreadable } from './read';
import { cancelImportJob, importJobState, runningFingerprints, startImportJob } from './background';
import { importReportCsv } from './report-csv';
import { resumableImport } from './run';
import { getReport, listImports, undoImport, type ImportReport } from './store';
import { readSettings } from '../settings/read';
import type { MissingPlace } from '../leads/prepare';

/** What the settings say of rows with neither postal code nor town. */
function missingPlace(ctx: Context): MissingPlace {
  return readSettings(ctx)['intake.leadsWithoutPlace'] === 'head_office' ? 'hold' : 'reject';
}

const PREVIEW_ROWS = 20;

const fileInput = z.object({
  fileName: z.string().trim().min(1).max(255),
  contentBase64: fileContentBase64,
});

/**
 * The file as the mapping screen shows it. Read in the worker, which keeps it for the import
 * that usually follows (so the file is parsed once); only the rows shown are normalised.
 */
async function preview(ctx: Context, input: z.output<typeof fileInput> & { sourceName?: string }) {
  const language = currentLanguage();
  const remembered = input.sourceName ? savedMapping(ctx.db, input.sourceName) : null;
  let read;
  try {
    read = await readOffThread({
      kind: 'preview',
      limit: PREVIEW_ROWS,
      fileName: input.fileName,
      content: input.contentBase64,
      fingerprint: null,
      mapping: remembered,
      sourceName: input.sourceName ?? '',
      now: ctx.now(),
      missingPlace: missingPlace(ctx),
    });
  } catch (error) {
    if (error instanceof UnreadableFile) throw withLanguage(language, () => unreadable(error.message));
    throw error;
  }
  const proposed = read.proposedMapping ?? {};
  return {
    format: read.meta.format,
    encoding: read.meta.encoding,
    separator: read.meta.separator,
    headers: read.meta.headers,
    dataRows: read.dataRows,
    proposedMapping: proposed,
    savedMapping: remembered,
    mapping: remembered ?? proposed,
    rows: read.rows.map((r) => ({
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
  // Fewer, larger batches: each copies its leads set-based (core/leads/bulk.ts) and commits once. The bench's 100,000 rows took
  // 2.6-2.7 s in batches of 20,000, 2.75-2.9 s in batches of 10,000, 3.2-3.4 s in batches of 2,500; the first batches are smaller
  // anyway while the worker has fewer rows ready (commitImport), and the background import paces its batches by time.
  batchSize: z.number().int().min(1).max(50_000).default(20_000),
});
const jobRef = z.object({ jobId: z.string().uuid() });

/**
 * What the blocking and the background import both start with: the file recognised by its
 * fingerprint (refused if already imported, resumed if interrupted: checked before the costly
 * parse) and its mapping remembered.
 */
function begin(ctx: Context, input: z.output<typeof runInput>): { bytes: Buffer; fingerprint: string; resume: ImportReport | undefined } {
  const bytes = Buffer.from(input.contentBase64, 'base64');
  const fingerprint = createHash('sha256').update(bytes).digest('hex');
  const resume = resumableImport(ctx, fingerprint, runningFingerprints()) ?? undefined;
  if (input.saveMapping) ctx.db.transaction(() => saveMapping(ctx.db, input.sourceName, input.mapping, ctx.now()))();
  return { bytes, fingerprint, resume };
}

export const intakeCommands = {
  'intake.preview': command(fileInput.extend({ sourceName: z.string().trim().max(80).optional() }), preview, { asynchronous: true }),
  /** The whole import in one blocking call (command line, tests; import-file.ts); the app uses intake.start. */
  'intake.run': command(
    runInput,
    (ctx, input) => {
      const { bytes, fingerprint, resume } = begin(ctx, input);
      return importFile(ctx, { ...input, bytes, fingerprint, resume, missingPlace: missingPlace(ctx) });
    },
    { ownTransactions: true },
  ),
  /** The import in the background: read and normalised in the worker, committed on the writing thread or here by batches (background.ts). */
  'intake.start': command(
    runInput,
    (ctx, input) => {
      const { bytes, fingerprint, resume } = begin(ctx, input);
      return startImportJob(ctx, {
        bytes,
        fingerprint,
        resume,
        fileName: input.fileName,
        sourceName: input.sourceName,
        mapping: input.mapping,
        missingPlace: missingPlace(ctx),
        batchSize: input.batchSize,
      });
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

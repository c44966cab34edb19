/**
 * The database half of an import: prepared rows go in by batches, one transaction each, so a
 * failure half way keeps every committed batch whole and nothing of the failed one; the import
 * record says how far it got. Duplicates (in the file or already known) are imported anyway,
 * flagged, and proposed for a merge.
 */
import type { Context } from '../commands/define';
import { tr } from '../language';
import { DuplicateIndex, recordDuplicate, type DuplicateReason } from '../leads/duplicates';
import { EMPTY_AINT, EMPTY_BANT } from '../leads/service';
import { computeScore, readRules, type ScoringRules } from '../leads/scoring';
import { addEvent, insertLead } from '../leads/store';
import type { OnProgress, PreparedImport, PreparedRow } from './pipeline';
import { addLine, saveCounters, saveProgress, startImport, type ImportReport } from './store';

export interface CommitOptions {
  fileName: string;
  sourceName: string;
  batchSize: number;
  onProgress?: OnProgress;
}

const REASONS: Record<DuplicateReason, () => string> = {
  phone: () => tr('same phone', 'même téléphone'),
  email: () => tr('same e-mail', 'même e-mail'),
  name_postal_code: () => tr('same last name and postal code', 'même nom et code postal'),
};

interface Batch {
  ctx: Context;
  importId: number;
  rules: ScoringRules;
  dupes: DuplicateIndex;
  /** Lead id -> file line, to say "duplicate of line 12" for rows of the same file. */
  lineOf: Map<number, number>;
}

function insertRow(b: Batch, row: PreparedRow, report: ImportReport, now: number): void {
  const fields = row.fields!;
  const score = computeScore({ ...fields, bant: EMPTY_BANT, aint: EMPTY_AINT }, b.rules);
  const found = b.dupes.find(fields);
  const id = insertLead(b.ctx.db, { fields, score: score.score, scoreBreakdown: score.breakdown, importId: b.importId, importLine: row.line }, now);
  addEvent(b.ctx.db, id, 'imported', now, b.ctx.actor, { importId: b.importId, line: row.line });
  b.dupes.add(id, fields);
  b.lineOf.set(id, row.line);
  const messages = row.warnings.map((w) => w.message);
  for (const [other, reasons] of found) {
    recordDuplicate(b.ctx.db, id, other, b.importId, reasons, now);
    report.duplicates++;
    const where = b.lineOf.has(other) ? tr(`line ${b.lineOf.get(other)}`, `ligne ${b.lineOf.get(other)}`) : tr(`lead #${other}`, `lead n°${other}`);
    messages.push(tr(`Possible duplicate of ${where} (${reasons.map((r) => REASONS[r]()).join(', ')}); merge proposed`, `Doublon possible de ${where} (${reasons.map((r) => REASONS[r]()).join(', ')}) ; fusion proposée`));
  }
  if (messages.length) {
    report.counts.warned++;
    report.rows.push({ line: row.line, outcome: 'warned', messages, leadId: id });
  } else {
    report.counts.accepted++;
    addLine(report.acceptedLines, row.line);
  }
}

function runBatch(b: Batch, rows: PreparedRow[], report: ImportReport, now: number): void {
  for (const row of rows) {
    if (row.outcome === 'rejected') {
      report.counts.rejected++;
      report.rows.push({ line: row.line, outcome: 'rejected', messages: row.errors.concat(row.warnings).map((e) => e.message), leadId: null });
    } else insertRow(b, row, report, now);
  }
  report.committedRows += rows.length;
  report.committedBatches++;
  saveCounters(b.ctx.db, report);
}

/** Deep enough copy to roll the report back when a batch fails. */
function snapshot(r: ImportReport): ImportReport {
  return { ...r, counts: { ...r.counts }, acceptedLines: r.acceptedLines.map((x) => [x[0], x[1]]), rows: [...r.rows] };
}

export function commitImport(ctx: Context, prepared: PreparedImport, options: CommitOptions): ImportReport {
  const now = ctx.now();
  const importId = ctx.db.transaction(() => startImport(ctx.db, options.fileName, options.sourceName, prepared.rows.length, now))();
  let report: ImportReport = {
    importId, fileName: options.fileName, sourceName: options.sourceName, status: 'running', startedAt: now, finishedAt: null,
    dataRows: prepared.rows.length, committedRows: 0, committedBatches: 0, counts: { accepted: 0, warned: 0, rejected: 0 },
    acceptedLines: [], rows: [], duplicates: 0, error: null,
  };
  const batch: Batch = { ctx, importId, rules: readRules(ctx.db), dupes: DuplicateIndex.load(ctx.db), lineOf: new Map() };
  const { rows } = prepared;
  for (let start = 0; start < rows.length; start += options.batchSize) {
    const before = snapshot(report);
    try {
      ctx.db.transaction(() => runBatch(batch, rows.slice(start, start + options.batchSize), report, now))();
    } catch (error) {
      report = { ...before, status: 'failed', finishedAt: ctx.now(), error: error instanceof Error ? error.message : String(error) };
      ctx.db.transaction(() => saveProgress(ctx.db, report))();
      return report;
    }
    options.onProgress?.({ phase: 'insert', done: Math.min(rows.length, start + options.batchSize), total: rows.length });
  }
  report = { ...report, status: 'completed', finishedAt: ctx.now() };
  ctx.db.transaction(() => saveProgress(ctx.db, report))();
  return report;
}

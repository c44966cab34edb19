/**
 * Import records and their reports. A report names every row by its file line: accepted
 * lines as compact ranges, warned and rejected rows one by one with their reasons.
 */
import { AppError } from '../commands/errors';
import type { Db } from '../db/connection';
import { tr } from '../language';
import type { Outcome } from './pipeline';

export type ImportStatus = 'running' | 'completed' | 'failed' | 'undone';

export interface ReportRow {
  line: number;
  outcome: Exclude<Outcome, 'accepted'>;
  messages: string[];
  leadId: number | null;
}

export interface ImportReport {
  importId: number;
  fileName: string;
  sourceName: string;
  status: ImportStatus;
  startedAt: number;
  finishedAt: number | null;
  dataRows: number;
  /** Rows handled by committed batches: how far the import got. */
  committedRows: number;
  committedBatches: number;
  counts: { accepted: number; warned: number; rejected: number };
  /** Accepted lines as [first, last] ranges. */
  acceptedLines: [number, number][];
  rows: ReportRow[];
  duplicates: number;
  error: string | null;
}

interface ImportRow {
  id: number;
  file_name: string;
  source_name: string;
  status: ImportStatus;
  started_at: number;
  finished_at: number | null;
  data_rows: number;
  committed_rows: number;
  committed_batches: number;
  accepted: number;
  warned: number;
  rejected: number;
  error: string | null;
  report: string;
}

export function startImport(db: Db, fileName: string, sourceName: string, dataRows: number, now: number, fingerprint: string | null): number {
  return db
    .prepare("INSERT INTO imports (file_name, source_name, status, started_at, data_rows, fingerprint) VALUES (?, ?, 'running', ?, ?, ?) RETURNING id")
    .pluck()
    .get(fileName, sourceName, now, dataRows, fingerprint) as number;
}

/** The latest import of a file with these bytes. */
export function findByFingerprint(db: Db, fingerprint: string): ImportReport | undefined {
  const row = db.prepare('SELECT * FROM imports WHERE fingerprint = ? ORDER BY id DESC LIMIT 1').get(fingerprint) as ImportRow | undefined;
  return row && toReport(row);
}

/**
 * At start-up no import can be running: one still marked so was cut off by a crash or a kill.
 * Its committed batches are whole; importing the same file again resumes it.
 */
export function markInterrupted(db: Db, now: number): number {
  return db.prepare("UPDATE imports SET status = 'failed', finished_at = ?, error = ? WHERE status = 'running'").run(now, INTERRUPTED).changes;
}

/** Stored as a marker and worded when read, in the language of the reader. */
const INTERRUPTED = 'interrupted';

function errorText(error: string | null): string | null {
  return error === INTERRUPTED
    ? tr(
        'Interrupted: the app stopped during the import. Import the same file again to resume it.',
        'Interrompu : l’application s’est arrêtée pendant l’import. Importez à nouveau le même fichier pour le reprendre.',
      )
    : error;
}

/** After each batch: the counters only, so a 100k-row import does not rewrite a growing report 50 times. */
export function saveCounters(db: Db, report: ImportReport): void {
  db.prepare('UPDATE imports SET committed_rows = ?, committed_batches = ?, accepted = ?, warned = ?, rejected = ? WHERE id = ?').run(
    report.committedRows,
    report.committedBatches,
    report.counts.accepted,
    report.counts.warned,
    report.counts.rejected,
    report.importId,
  );
}

/** At the end (completed or failed): everything, with the per-row report. */
export function saveProgress(db: Db, report: ImportReport): void {
  db.prepare(`UPDATE imports SET status = ?, finished_at = ?, committed_rows = ?, committed_batches = ?, accepted = ?, warned = ?, rejected = ?, error = ?, report = ? WHERE id = ?`).run(
    report.status,
    report.finishedAt,
    report.committedRows,
    report.committedBatches,
    report.counts.accepted,
    report.counts.warned,
    report.counts.rejected,
    report.error,
    JSON.stringify({ acceptedLines: report.acceptedLines, rows: report.rows, duplicates: report.duplicates }),
    report.importId,
  );
}

function toReport(r: ImportRow): ImportReport {
  const saved = JSON.parse(r.report) as Partial<Pick<ImportReport, 'acceptedLines' | 'rows' | 'duplicates'>>;
  return {
    importId: r.id,
    fileName: r.file_name,
    sourceName: r.source_name,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    dataRows: r.data_rows,
    committedRows: r.committed_rows,
    committedBatches: r.committed_batches,
    counts: { accepted: r.accepted, warned: r.warned, rejected: r.rejected },
    acceptedLines: saved.acceptedLines ?? [],
    rows: saved.rows ?? [],
    duplicates: saved.duplicates ?? 0,
    error: errorText(r.error),
  };
}

export function getReport(db: Db, id: number): ImportReport | undefined {
  const row = db.prepare('SELECT * FROM imports WHERE id = ?').get(id) as ImportRow | undefined;
  return row && toReport(row);
}

export function listImports(db: Db, limit: number): Omit<ImportReport, 'rows' | 'acceptedLines'>[] {
  const rows = db.prepare('SELECT * FROM imports ORDER BY id DESC LIMIT ?').all(limit) as ImportRow[];
  return rows.map((r) => {
    const { rows: _rows, acceptedLines: _lines, ...summary } = toReport(r);
    return summary;
  });
}

/** Appends a line to [first, last] ranges (lines arrive in increasing order). */
export function addLine(ranges: [number, number][], line: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] === line - 1) last[1] = line;
  else ranges.push([line, line]);
}

/** Removes the import's leads, their events and duplicate proposals (cascade), in one go. */
export function undoImport(db: Db, importId: number, now: number): { importId: number; removedLeads: number } {
  const report = getReport(db, importId);
  if (!report) throw new AppError('not_found', tr(`No import with id ${importId}.`, `Aucun import n°${importId}.`));
  if (report.status === 'undone') throw new AppError('conflict', tr('This import was already undone.', 'Cet import a déjà été annulé.'));
  const { changes } = db.prepare('DELETE FROM leads WHERE import_id = ?').run(importId);
  db.prepare('DELETE FROM lead_duplicates WHERE import_id = ?').run(importId);
  db.prepare("UPDATE imports SET status = 'undone', finished_at = ? WHERE id = ?").run(now, importId);
  return { importId, removedLeads: changes };
}

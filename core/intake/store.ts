/**
 * Import records and their reports. A report names every row by its file line: accepted
 * lines as compact ranges, warned and rejected rows one by one with their reasons.
 */
import type { Db } from '../db/connection';
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
  id: number; file_name: string; source_name: string; status: ImportStatus; started_at: number; finished_at: number | null;
  data_rows: number; committed_rows: number; committed_batches: number; accepted: number; warned: number; rejected: number; error: string | null; report: string;
}

export function startImport(db: Db, fileName: string, sourceName: string, dataRows: number, now: number): number {
  return Number(db.prepare("INSERT INTO imports (file_name, source_name, status, started_at, data_rows) VALUES (?, ?, 'running', ?, ?)").run(fileName, sourceName, now, dataRows).lastInsertRowid);
}

/** After each batch: the counters only, so a 100k-row import does not rewrite a growing report 50 times. */
export function saveCounters(db: Db, report: ImportReport): void {
  db.prepare('UPDATE imports SET committed_rows = ?, committed_batches = ?, accepted = ?, warned = ?, rejected = ? WHERE id = ?')
    .run(report.committedRows, report.committedBatches, report.counts.accepted, report.counts.warned, report.counts.rejected, report.importId);
}

/** At the end (completed or failed): everything, with the per-row report. */
export function saveProgress(db: Db, report: ImportReport): void {
  db.prepare(
    `UPDATE imports SET status = ?, finished_at = ?, committed_rows = ?, committed_batches = ?, accepted = ?, warned = ?, rejected = ?, error = ?, report = ? WHERE id = ?`,
  ).run(report.status, report.finishedAt, report.committedRows, report.committedBatches, report.counts.accepted, report.counts.warned, report.counts.rejected, report.error,
    JSON.stringify({ acceptedLines: report.acceptedLines, rows: report.rows, duplicates: report.duplicates }), report.importId);
}

function toReport(r: ImportRow): ImportReport {
  const saved = JSON.parse(r.report) as Partial<Pick<ImportReport, 'acceptedLines' | 'rows' | 'duplicates'>>;
  return {
    importId: r.id, fileName: r.file_name, sourceName: r.source_name, status: r.status, startedAt: r.started_at, finishedAt: r.finished_at,
    dataRows: r.data_rows, committedRows: r.committed_rows, committedBatches: r.committed_batches,
    counts: { accepted: r.accepted, warned: r.warned, rejected: r.rejected },
    acceptedLines: saved.acceptedLines ?? [], rows: saved.rows ?? [], duplicates: saved.duplicates ?? 0, error: r.error,
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

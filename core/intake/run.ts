/**
 * The database half of an import: prepared rows go in by batches, one transaction each, so a
 * failure half way keeps every committed batch whole and nothing of the failed one; the import
 * record says how far it got. Duplicates (in the file or already known) are imported anyway,
 * flagged, and proposed for a merge. The same file imported twice is recognised by its
 * fingerprint: refused once complete, resumed where it stopped after a crash.
 */
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { durably, writeTransaction } from '../db/connection';
import { tr } from '../language';
import { DuplicateIndex, recordNewDuplicates, type DuplicateReason, type NewDuplicate } from '../leads/duplicates';
import { EMPTY_AINT, EMPTY_BANT } from '../leads/service';
import { computeScore, readScoring, type Scoring } from '../leads/scoring';
import { addImportedFacts, copyStagedLeads, insertImportedLeads, reserveLeadIds } from '../leads/bulk';
import { withoutForeignKeyChecks, withoutRowTriggers } from '../db/bulk';
import type { WriterTurn } from '../db/write-turn';
import { blockingCheckpoints } from './checkpoints';
import type { OnProgress, PreparedRow } from './pipeline';
import { addLine, findByFingerprint, saveCounters, saveProgress, startImport, undoImport, type ImportReport } from './store';

export interface CommitOptions {
  fileName: string;
  sourceName: string;
  batchSize: number;
  /** SHA-256 of the file's bytes (see resumableImport). */
  fingerprint: string | null;
  /** Where the worker stages the leads of the rows it sends without their fields (ImportStage's schema). */
  stage?: string | null;
  onProgress?: OnProgress;
  /** How the import shares the database with the app's connection when it writes from a thread of its own (writer.ts). */
  control?: ImportControl;
}

/**
 * An import committing from a thread of its own beside the app's connection (writer.ts): each
 * transaction goes through `write` and a batch ends at its next slice when the app `wanted` the
 * lock (db/write-turn.ts); between batches `cancelled` stops the import, which is then undone.
 */
export interface ImportControl extends WriterTurn {
  cancelled(): boolean;
}

const ALONE: ImportControl = { write: (fn) => fn(), wanted: () => false, cancelled: () => false };

/** Thrown by commitImport when its control cancelled it; what it had committed is undone. */
export class ImportCancelled extends Error {
  constructor(readonly removedLeads: number) {
    super('The import was cancelled');
  }
}

const REASONS: Record<DuplicateReason, () => string> = {
  phone: () => tr('same phone', 'même téléphone'),
  email: () => tr('same e-mail', 'même e-mail'),
  name_postal_code: () => tr('same last name and postal code', 'même nom et code postal'),
  reference: () => tr('same reference from the same source', 'même référence de la même source'),
};

interface Batch {
  ctx: Context;
  importId: number;
  scoring: Scoring;
  /** The leads known before the import; and its rows' too, unless the worker finds those (staged rows, see duplicatesOf). */
  dupes: DuplicateIndex;
  /** Lead id -> file line, to say "duplicate of line 12" for rows of the same file. */
  lineOf: Map<number, number>;
  stage: string | null;
  /** The first staged row of each slice and its lead's id, in order: a slice's rows and ids both follow on. */
  slices: { staged: number; id: number }[];
  /** The staged leads of the batch under way whose facts are not written yet (see addImportedFacts). */
  factless: { from: number; to: number } | null;
}

/** A row's lead, its id reserved in file order, waiting for the insert of its slice. */
interface Planned {
  id: number;
  row: PreparedRow;
}

/** Finds an accepted or warned row's duplicates and reports it, in file order; its lead is inserted with the rest of its slice (insertSlice). */
function planRow(b: Batch, row: PreparedRow, id: number, report: ImportReport, duplicates: NewDuplicate[]): Planned {
  const found = duplicatesOf(b, row, id);
  const messages = row.warnings.map((w) => w.message);
  for (const [other, reasons] of found ?? []) {
    duplicates.push([id, other, reasons]);
    report.duplicates++;
    const where = b.lineOf.has(other) ? tr(`line ${b.lineOf.get(other)}`, `ligne ${b.lineOf.get(other)}`) : tr(`lead #${other}`, `lead n°${other}`);
    messages.push(
      tr(
        `Possible duplicate of ${where} (${reasons.map((r) => REASONS[r]()).join(', ')}); merge proposed`,
        `Doublon possible de ${where} (${reasons.map((r) => REASONS[r]()).join(', ')}) ; fusion proposée`,
      ),
    );
  }
  if (messages.length) {
    report.counts.warned++;
    report.rows.push({ line: row.line, outcome: 'warned', messages, leadId: id });
  } else {
    report.counts.accepted++;
    addLine(report.acceptedLines, row.line);
  }
  return { id, row };
}

/**
 * The leads a row's lead duplicates, and why. A staged row comes with the earlier rows of the
 * file it duplicates (the worker keeps their keys: 300,000 lookups and insertions into maps of
 * 100,000 keys, a tenth of this thread's time); a known lead counts first for a reason, as
 * when one index held both, the known leads loaded first.
 */
function duplicatesOf(b: Batch, row: PreparedRow, id: number): Map<number, DuplicateReason[]> | null {
  if (row.staged === undefined) {
    b.lineOf.set(id, row.line);
    return b.dupes.add(id, row.duplicateKeys);
  }
  let found = b.dupes.find(row.duplicateKeys);
  const knownReasons = new Set([...(found?.values() ?? [])].flat());
  for (const same of row.sameAs ?? []) {
    const reasons = same.reasons.filter((r) => !knownReasons.has(r));
    if (reasons.length === 0) continue;
    const other = idOfStaged(b, same.staged);
    b.lineOf.set(other, same.line);
    (found ??= new Map()).set(other, reasons);
  }
  return found;
}

/** The lead id of a staged row already planned (this slice's or an earlier one). */
function idOfStaged(b: Batch, staged: number): number {
  let lo = 0;
  let hi = b.slices.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (b.slices[mid]!.staged <= staged) lo = mid;
    else hi = mid - 1;
  }
  const slice = b.slices[lo];
  if (!slice || slice.staged > staged) throw new Error(`No lead for staged row ${staged}`);
  return slice.id + staged - slice.staged;
}

/**
 * Reports a slice of rows and inserts its leads. Ids and the report follow the file's order, so
 * "duplicate of line 12" names an earlier line, as rows read one by one would. The leads go in in
 * that order too: the table is keyed by id, and rows appended at its end cost far less than rows
 * inserted across the range in order of reception (which leads' indexes by reception gained less
 * than the table lost). The duplicate proposals follow, once both leads exist.
 */
function insertSlice(b: Batch, rows: PreparedRow[], report: ImportReport, now: number): void {
  const ids = reserveLeadIds(b.ctx.db, rows.filter((r) => r.outcome !== 'rejected').length);
  const staged = rows.find((r) => r.outcome !== 'rejected')?.staged;
  if (staged !== undefined) b.slices.push({ staged, id: ids[0]! });
  const planned: Planned[] = [];
  const duplicates: NewDuplicate[] = [];
  for (const row of rows) {
    if (row.outcome === 'rejected') {
      report.counts.rejected++;
      report.rows.push({ line: row.line, outcome: 'rejected', messages: row.errors.concat(row.warnings).map((e) => e.message), leadId: null });
    } else planned.push(planRow(b, row, ids[planned.length]!, report, duplicates));
  }
  insertLeads(b, planned, now);
  recordNewDuplicates(b.ctx.db, duplicates, b.importId, now);
}

/** Inserts a slice's leads: copied from the staging file if the worker wrote them there (stage.ts), else scored here and inserted. */
function insertLeads(b: Batch, planned: Planned[], now: number): void {
  if (planned.length === 0) return;
  const from = planned[0]!.row.staged;
  if (from === undefined) {
    const leads = planned.map(({ id, row }) => {
      const bant = row.bant ?? EMPTY_BANT;
      const score = computeScore({ ...row.fields!, bant, aint: EMPTY_AINT }, b.scoring);
      return { id, fields: row.fields!, bant, score: score.score, scoreBreakdown: score.breakdown, importId: b.importId, importLine: row.line };
    });
    return insertImportedLeads(b.ctx.db, leads, now, b.ctx.actor);
  }
  const to = from + planned.length - 1;
  // Staged in file order, one row per lead: anything else is a bug that would mix leads up.
  if (!b.stage || planned.at(-1)!.row.staged !== to) throw new Error(`The staged leads of lines ${planned[0]!.row.line}-${planned.at(-1)!.row.line} are not in sequence`);
  copyStagedLeads(b.ctx.db, b.stage, { from, to }, planned[0]!.id, b.importId, now, b.ctx.actor);
  b.factless = { from: b.factless?.from ?? planned[0]!.id, to: planned.at(-1)!.id };
}

/** Rows of a paced batch's first slice, before the batch knows what a row costs. */
const FIRST_SLICE = 16;
/**
 * Rows of an unpaced batch's slices when the app may ask for the write lock meanwhile
 * (ImportControl.wanted, checked between slices): some 50 ms of work.
 */
const YIELDING_SLICE = 2_000;

/**
 * Inserts rows until they run out, `limit` is reached, the clock passes `until` or the app
 * wants the lock (one slice at least); returns how many it took. Unpaced, the batch is one slice, or
 * slices of YIELDING_SLICE rows when it may have to yield; paced, each slice is sized from the
 * time per row of the slices before it, to end near `until`.
 */
function runBatch(b: Batch, rows: PreparedRow[], limit: number, report: ImportReport, now: number, until: number, control: ImportControl): number {
  const end = Math.min(limit, rows.length);
  let taken = 0;
  // A bulk load: each slice's leads, then their events, search entries, KPI facts and dirty hours set-based.
  withoutRowTriggers(b.ctx.db, () => {
    b.factless = null;
    let perRow = 0;
    const started = performance.now();
    while (taken < end) {
      const left = until - performance.now();
      if (taken > 0 && (left <= 0 || control.wanted())) break;
      const unpaced = control === ALONE ? end - taken : YIELDING_SLICE;
      const size = until === Infinity ? unpaced : perRow ? Math.max(1, Math.floor(left / perRow)) : FIRST_SLICE;
      const slice = rows.slice(taken, Math.min(end, taken + size));
      insertSlice(b, slice, report, now);
      taken += slice.length;
      perRow = (performance.now() - started) / taken;
    }
    if (b.factless) addImportedFacts(b.ctx.db, b.factless);
  });
  report.committedRows += taken;
  report.committedBatches++;
  saveCounters(b.ctx.db, report);
  return taken;
}

/**
 * What a batch may change in the report, to put it back when the batch fails: the counts, and
 * how far the rows and accepted lines reached (a batch only appends to them, or extends the
 * last range of lines). O(1) per batch, whatever the size of the report so far.
 */
function rollbackPoint(r: ImportReport): (failed: ImportReport) => ImportReport {
  const counts = { ...r.counts };
  const { committedRows, committedBatches, duplicates } = r;
  const rows = r.rows.length;
  const ranges = r.acceptedLines.length;
  const lastEnd = r.acceptedLines[ranges - 1]?.[1];
  return (failed) => {
    failed.rows.length = rows;
    failed.acceptedLines.length = ranges;
    if (lastEnd !== undefined) failed.acceptedLines[ranges - 1]![1] = lastEnd;
    return { ...failed, counts, committedRows, committedBatches, duplicates };
  };
}

/**
 * One import going into the database a batch at a time. `step()` commits the next batch, taken
 * from the rows the caller hands it (the next ones of the file), in its own transaction; a
 * caller may yield between steps (the background import does, so the app answers other calls
 * meanwhile), and needs to hold no more than a batch of rows at a time. An interrupted import of the same file resumes after its
 * last committed batch: the rows of the file are in the same order, and a committed batch is
 * whole, with the count of rows it reached. Batches commit without waiting for the disk
 * (synchronous = NORMAL): a power cut may lose the last ones, which the import then resumes
 * like any interrupted one; the end of the import (completed or failed) is written durably,
 * which puts every batch before it on disk too.
 */
export class ImportRun {
  report: ImportReport;
  private readonly batch: Batch;
  private readonly control: ImportControl;
  private next: number;

  /** `dataRows`: the file's; `dupes`: the leads known before the import (DuplicateIndex). */
  constructor(
    private readonly ctx: Context,
    private readonly dataRows: number,
    private readonly options: CommitOptions,
    resume: ImportReport | undefined,
    dupes: DuplicateIndex,
  ) {
    const now = ctx.now();
    this.control = options.control ?? ALONE;
    if (resume) {
      this.report = { ...resume, status: 'running', finishedAt: null, error: null };
    } else {
      const importId = this.control.write(() => writeTransaction(ctx.db, () => startImport(ctx.db, options.fileName, options.sourceName, dataRows, now, options.fingerprint)));
      this.report = {
        importId,
        fileName: options.fileName,
        sourceName: options.sourceName,
        status: 'running',
        startedAt: now,
        finishedAt: null,
        dataRows,
        committedRows: 0,
        committedBatches: 0,
        counts: { accepted: 0, warned: 0, rejected: 0 },
        acceptedLines: [],
        rows: [],
        duplicates: 0,
        error: null,
      };
    }
    this.next = this.report.committedRows;
    this.batch = { ctx, importId: this.report.importId, scoring: readScoring(ctx.db), dupes, lineOf: new Map(), stage: options.stage ?? null, slices: [], factless: null };
  }

  get done(): boolean {
    return this.report.status !== 'running' || this.next >= this.dataRows;
  }

  /**
   * Commits the next batch from `rows` (the file's rows from the first one not committed yet):
   * batchSize rows, or fewer when the caller paces itself by time (the batch ends at the first
   * row after `until`, a performance.now() instant). Returns how many rows it took: none when
   * the batch failed, which ends the import.
   */
  step(rows: readonly PreparedRow[], until = Infinity): number {
    if (this.done) return 0;
    if (rows.length === 0) throw new Error(`The import has no row to commit after ${this.next} of ${this.dataRows}`);
    const rollback = rollbackPoint(this.report);
    let taken = 0;
    try {
      const batch = () => (taken = runBatch(this.batch, rows as PreparedRow[], this.options.batchSize, this.report, this.ctx.now(), until, this.control));
      // Not BEGIN IMMEDIATE (writeTransaction): its first statement writes (withoutRowTriggers), so the lock is taken before any
      // read, and the bench's import took twice as long that way (7.7 s against 4.1), its checkpoints running beside it.
      this.control.write(() => withoutForeignKeyChecks(this.ctx.db, () => this.ctx.db.transaction(batch)()));
    } catch (error) {
      this.report = { ...rollback(this.report), status: 'failed', finishedAt: this.ctx.now(), error: error instanceof Error ? error.message : String(error) };
      this.save();
      return 0;
    }
    this.next += taken;
    this.options.onProgress?.({ phase: 'insert', done: this.next, total: this.dataRows });
    return taken;
  }

  finish(): ImportReport {
    if (this.report.status === 'running') {
      this.report = { ...this.report, status: 'completed', finishedAt: this.ctx.now() };
      this.save();
    }
    return this.report;
  }

  /** Undoes what the import committed (it was cancelled). */
  undo(): { removedLeads: number } {
    return this.control.write(() => writeTransaction(this.ctx.db, () => undoImport(this.ctx.db, this.report.importId, this.ctx.now())));
  }

  /** Writes the end of the import (completed or failed) durably: every batch before it goes to disk with it. */
  private save(): void {
    this.control.write(() => durably(this.ctx.db, () => writeTransaction(this.ctx.db, () => saveProgress(this.ctx.db, this.report))));
  }
}

/**
 * Where an import of this file stands: null for a new file, the import to resume when it was
 * interrupted or failed; a complete one (or one running now) is refused.
 */
export function resumableImport(ctx: Context, fingerprint: string, running: ReadonlySet<string>): ImportReport | null {
  const last = findByFingerprint(ctx.db, fingerprint);
  if (!last || last.status === 'undone') return null;
  const when = new Date(last.startedAt).toISOString().slice(0, 16).replace('T', ' ');
  if (last.status === 'completed') {
    throw new AppError(
      'conflict',
      tr(
        `This file was already imported (import #${last.importId}, ${when} UTC). Undo that import to import the file again.`,
        `Ce fichier a déjà été importé (import n°${last.importId}, ${when} UTC). Annulez cet import pour importer le fichier à nouveau.`,
      ),
    );
  }
  if (running.has(fingerprint)) throw new AppError('conflict', tr('This file is being imported right now.', 'Ce fichier est en cours d’import.'));
  return last;
}

/**
 * Rows a blocking import's batch waits for when the worker has fewer ready: the import starts
 * writing once the worker has prepared these, not a whole batch (10,000 rows: a fifth of a
 * second), and commits by larger batches whenever the worker is ahead.
 */
const MIN_BATCH = 2_000;

/**
 * The whole import on the calling thread, the rows taken from `next` (chunks in file order from
 * the first row not committed yet, null after the last) and committed by batches of batchSize;
 * `known`: the leads known before the import (DuplicateIndex.load).
 */
export function commitImport(
  ctx: Context,
  dataRows: number,
  next: (wait: boolean) => readonly PreparedRow[] | null,
  options: CommitOptions,
  known: DuplicateIndex,
  resume?: ImportReport,
): ImportReport {
  const run = new ImportRun(ctx, dataRows, options, resume, known);
  const checkpoints = blockingCheckpoints(ctx);
  try {
    let rows: PreparedRow[] = [];
    while (!run.done) {
      if (options.control?.cancelled()) throw new ImportCancelled(run.undo().removedLeads);
      // Rows the worker has ready, waiting for more only below a batch's minimum: a batch commits what the worker has prepared rather than wait for all of it.
      for (let chunk; rows.length < options.batchSize && (chunk = next(rows.length < Math.min(MIN_BATCH, options.batchSize))) && chunk.length;) rows = rows.concat(chunk);
      checkpoints.beforeBatch();
      const taken = run.step(rows);
      checkpoints.afterBatch(taken);
      rows = rows.slice(taken);
    }
  } finally {
    checkpoints.end();
  }
  return run.finish();
}

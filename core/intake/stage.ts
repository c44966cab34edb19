/**
 * An import's staging file on SQLite: the import worker writes each lead it prepares there,
 * scored and typed as the leads table types it, so the thread that writes the database copies a
 * slice's leads by a range of staged rows (core/leads/bulk.ts, copyStagedLeads) instead of
 * receiving each lead's fields from the worker and binding them one by one. On the bench's
 * 100,000 rows that was about a third of the writing thread's time (transfer, binding, scoring),
 * now done beside it. PostgreSQL has no such file: its leads go in as multi-row inserts.
 * The file is a scratch SQLite database in the temporary folder, attached to the app's
 * connection for the import's duration (WAL: the worker writes while the app reads it), then
 * deleted; one left by a crash holds nothing the import needs (a resumed import stages again),
 * and the next import deletes it after a day.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteOf, type Db } from '../db/connection';
import { EMPTY_AINT, EMPTY_BANT } from '../leads/schema';
import { computeScore, readRules, scoringOf, type ScoringRules } from '../leads/scoring';
import { DuplicateIndex } from '../leads/duplicates';
import { INSERT_COLUMNS, leadValues } from '../leads/store';
import { Catalogue, loadCatalogue, type ProductLine } from '../products/catalogue';
import type { Issue } from '../leads/prepare';
import type { PreparedRow } from './pipeline';

/** What the worker needs to stage an import's leads: the file, and the scoring rules and catalogue as the database has them. */
export interface StageSpec {
  file: string;
  rules: ScoringRules;
  lines: ProductLine[];
}

let attached = 0;
/** Staging files attached to each connection now, and how many may be: imports past that go on unstaged. */
const openStages = new WeakMap<Db, number>();
const MAX_OPEN = 4;
/** Files smaller than this (some 600 call-center rows) are imported unstaged. */
const MIN_FILE_BYTES = 64 * 1024;

const PREFIX = 'aig-import-stage-';
/** A staging folder older than this was left by an import cut off (a crash): none runs for a day. */
const LEFTOVER_MS = 24 * 3600_000;

let swept = false;

/** Deletes the staging folders imports cut off left behind (they hold personal data), once a process: only a process that stopped leaves any. */
function sweepLeftovers(): void {
  if (swept) return;
  swept = true;
  try {
    for (const name of readdirSync(tmpdir())) {
      if (!name.startsWith(PREFIX)) continue;
      const dir = join(tmpdir(), name);
      if (Date.now() - statSync(dir).mtimeMs > LEFTOVER_MS) rmSync(dir, { recursive: true, force: true });
    }
  } catch (error) {
    console.error('import: could not clear old staging folders', error);
  }
}

/** The staging file of one import, attached to the app's connection as `schema`. */
export class ImportStage {
  private constructor(
    private readonly db: Db,
    private readonly dir: string,
    readonly schema: string,
    readonly spec: StageSpec,
  ) {}

  /**
   * A new staging file for an import of a file of `fileBytes` into `db`; null (the leads then
   * come from the worker with their fields, as on PostgreSQL) for a small file, which the file
   * would slow down (3 ms an import), or when the temporary folder takes no file. Outside a
   * transaction (ATTACH).
   */
  static open(db: Db, fileBytes: number): ImportStage | null {
    if (db.engine !== 'sqlite' || fileBytes < MIN_FILE_BYTES) return null;
    // Inside a caller's transaction (the demo plays its imports in one) SQLite cannot attach a file; nor more than ten at once.
    if (db.inTransaction || (openStages.get(db) ?? 0) >= MAX_OPEN) return null;
    const sqlite = sqliteOf(db, 'import stage');
    sweepLeftovers();
    // One name per import: two imports of different files may run at once.
    const schema = `import_stage_${++attached}`;
    let dir: string | null = null;
    try {
      dir = mkdtempSync(join(tmpdir(), PREFIX));
      const file = join(dir, 'stage.sqlite');
      sqlite.prepare(`ATTACH DATABASE ? AS ${schema}`).run(file);
      sqlite.pragma(`${schema}.journal_mode = WAL`);
      // Scratch: a crash loses nothing the import needs.
      sqlite.pragma(`${schema}.synchronous = OFF`);
      // Typed as the leads' columns (CREATE ... AS), so a value is stored there as leads would store it.
      sqlite.exec(`CREATE TABLE ${schema}.rows AS SELECT ${INSERT_COLUMNS} FROM main.leads WHERE 0`);
      const stage = new ImportStage(db, dir, schema, { file, rules: readRules(db), lines: loadCatalogue(db).lines });
      openStages.set(db, (openStages.get(db) ?? 0) + 1);
      return stage;
    } catch (error) {
      console.error('import: no staging file, the worker sends the leads themselves', error);
      if (sqlite.prepare('SELECT 1 FROM pragma_database_list WHERE name = ?').get(schema)) sqlite.exec(`DETACH DATABASE ${schema}`);
      if (dir) rmSync(dir, { recursive: true, force: true });
      return null;
    }
  }

  close(): void {
    const sqlite = sqliteOf(this.db, 'import stage');
    openStages.set(this.db, (openStages.get(this.db) ?? 1) - 1);
    if (sqlite.open) sqlite.exec(`DETACH DATABASE ${this.schema}`);
    try {
      rmSync(this.dir, { recursive: true, force: true });
    } catch {
      // Windows refuses to delete a file still open: the worker closes it when it reads that the import stopped. The temporary folder is the system's to empty.
    }
  }
}

/**
 * The worker's side: each prepared lead scored and written to the staging file under its
 * sequence number (the count of leads staged before it in this import), with the earlier rows
 * of the file it duplicates, then sent on without its fields, which the writing thread no longer
 * needs: that thread finds the database's duplicates and writes.
 */
export class StageWriter {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly scoring;
  private next = 0;
  /** The duplicate keys of the rows staged so far, to their place; and the file line of each place. */
  private readonly seen = new DuplicateIndex();
  private readonly lines: number[] = [];

  constructor(spec: StageSpec) {
    this.db = new Database(spec.file, { fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('synchronous = OFF');
    this.insert = this.db.prepare(`INSERT INTO rows (rowid, ${INSERT_COLUMNS}) VALUES (?, ${INSERT_COLUMNS.split(', ').map(() => '?')})`);
    this.scoring = scoringOf(spec.rules, new Catalogue(spec.lines));
  }

  /** Stages the leads of `rows` (their creation time is set by the copy) and returns the rows as the writing thread takes them. */
  write(rows: PreparedRow[]): PreparedRow[] {
    // One empty list for the rows without any: the message that carries them to the writing thread copies it once.
    const none: Issue[] = [];
    this.db.transaction(() => {
      for (const row of rows) {
        if (row.warnings.length === 0) row.warnings = none;
        if (row.errors.length === 0) row.errors = none;
        if (!row.fields) continue;
        const bant = row.bant ?? EMPTY_BANT;
        const { score, breakdown } = computeScore({ ...row.fields, bant, aint: EMPTY_AINT }, this.scoring);
        this.insert.run(this.next, ...leadValues({ fields: row.fields, bant, score, scoreBreakdown: breakdown, importLine: row.line }, 0));
        const found = this.seen.add(this.next, row.duplicateKeys);
        if (found) row.sameAs = [...found].map(([staged, reasons]) => ({ staged, line: this.lines[staged]!, reasons }));
        this.lines.push(row.line);
        row.staged = this.next++;
        row.fields = null;
        row.bant = null;
      }
    })();
    return rows;
  }

  close(): void {
    this.db.close();
  }
}

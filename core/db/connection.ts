/**
 * Opening a database: a `postgres://` (or `postgresql://`) URL opens the PostgreSQL adapter,
 * anything else is a SQLite file (or ':memory:'). The only place that opens better-sqlite3 for
 * the app. SQLite pragmas: WAL so readers never block the writer, foreign keys on, a busy
 * timeout so a second process (the CLI beside the app) waits instead of failing, then the
 * numbered migrations. synchronous is NORMAL (in WAL a power cut may lose the last commits,
 * never corrupt) and FULL around the writes nobody may lose (see durably). Reads are memory-mapped.
 */
import Database from 'better-sqlite3';
import type { Db, Statement } from './engine';
import { migrate } from './migrate';
import { openPostgres } from './postgres';

export type { Db, Statement } from './engine';

/** better-sqlite3 itself, marked with its engine: every statement goes straight to SQLite. */
export type SqliteDb = Database.Database & { readonly engine: 'sqlite' };

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Marks a better-sqlite3 connection with its engine (nothing else changes: no wrapper). */
export function sqliteDb(raw: Database.Database): SqliteDb {
  return Object.defineProperty(raw, 'engine', { value: 'sqlite', enumerable: true }) as SqliteDb;
}

/** How long a SQLite connection waits for another's write lock before it fails (SQLITE_BUSY). */
export const BUSY_TIMEOUT_MS = 5_000;

/** A SQLite connection with the app's pragmas, not yet migrated. */
export function openConnection(file: string): SqliteDb {
  const db = sqliteDb(new Database(file));
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Freed space is zeroed whenever that costs no extra write: text a person had erased must not
  // survive in a page's unused bytes (privacy/anonymise.ts turns it fully on while erasing).
  db.pragma('secure_delete = FAST');
  // Reads through the OS's page cache in place rather than copied page by page into SQLite's own
  // 2 MB cache: the dashboard's indexed reads of a year of a département's leads (1M leads) took
  // 30-50 % less CPU. Address space only (reads; writes still go through the WAL).
  if (file !== ':memory:') db.pragma('mmap_size = 1073741824');
  return db;
}

/** The SQLite connection behind `db`, for the operations only SQLite has; a clear error on PostgreSQL. */
export function sqliteOf(db: Db, operation: string): SqliteDb {
  if (db.engine !== 'sqlite') throw new Error(`${operation} works on a SQLite database only; this one is ${db.engine}.`);
  return db as SqliteDb;
}

/**
 * Runs `fn` with synchronous = FULL: each commit inside is on disk before it returns, even
 * through a power cut. For imports and dispatches, whose loss would be a lead lost or sent
 * twice. SQLite ignores the pragma inside a transaction, so callers wrap whole transactions.
 * PostgreSQL's commits are durable already (synchronous_commit is on by default).
 */
export function durably<T>(db: Db, fn: () => T): T {
  if (db.engine !== 'sqlite') return fn();
  // SQLite refuses to change the level inside a transaction: there the outer commit decides (the demo's history is played in one).
  if (db.inTransaction) return fn();
  const sqlite = db as SqliteDb;
  sqlite.pragma('synchronous = FULL');
  try {
    return fn();
  } finally {
    sqlite.pragma('synchronous = NORMAL');
  }
}

/**
 * Runs `fn` as a transaction that takes SQLite's write lock at its start (BEGIN IMMEDIATE),
 * waiting on the busy handler for it: a transaction that read first and met another
 * connection's commit before its first write would fail at once instead (its snapshot is out of
 * date), which an import writing beside the app's connection must not (db/write-turn.ts).
 * Nested, it is a savepoint; on PostgreSQL a plain transaction.
 */
export function writeTransaction<T>(db: Db, fn: () => T): T {
  if (db.engine !== 'sqlite') return db.transaction(fn)();
  return (db as SqliteDb).transaction(fn).immediate();
}

/**
 * Runs `fn` with freed bytes overwritten by zeros (erased text must not stay in the file), then
 * puts the connection's setting back. PostgreSQL has no such setting: the old row versions go
 * when the table is vacuumed (maintenance.ts, releaseFreedPages).
 */
export function withSecureDelete<T>(db: Db, fn: () => T): T {
  if (db.engine !== 'sqlite') return fn();
  const sqlite = db as SqliteDb;
  const secure = sqlite.pragma('secure_delete', { simple: true }) as number;
  sqlite.pragma('secure_delete = ON');
  try {
    return fn();
  } finally {
    // The pragma reads back FAST as 2 but takes 2 as plain "on".
    sqlite.pragma(`secure_delete = ${secure === 2 ? 'FAST' : secure}`);
  }
}

/** A connection migrated to the current schema (tests and tools; the app goes through openApp). */
export function openDatabase(location: string): Db {
  const db: Db = isPostgresUrl(location) ? openPostgres(location) : openConnection(location);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Runs an INSERT of one row (cached like prepared) and returns its id, the fast way on each
 * engine: SQLite's last insert rowid, PostgreSQL's RETURNING id. For the inserts repeated per
 * row in bulk (a lead per imported line, a dispatch per lead): in SQLite, RETURNING id costs
 * about 1.7 times the insert itself (200k rows: 3.6 s against 2.0 s, measured here). Other
 * inserts say RETURNING id, one text for both engines.
 */
export function insertId(db: Db, sql: string, ...params: unknown[]): number {
  if (db.engine === 'sqlite') return Number((prepared(db, sql) as Database.Statement).run(...params).lastInsertRowid);
  return prepared(db, `${sql} RETURNING id`)
    .pluck()
    .get(...params) as number;
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/**
 * A prepared statement kept per connection and SQL text, for loops that run the same query a
 * great many times (imports insert 100k rows through the same statements; the dashboard's
 * totals rebuild hundreds of days): preparing costs more than running a query over a few rows.
 */
export function prepared(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/**
 * Bulk writes: a transaction that fills the rows derived from new leads (search index, KPI
 * facts, dirty hours) itself, set-based for many leads at once, turns off the row triggers that
 * would do it one lead at a time (migration 22). The switch lives inside the caller's
 * transaction only: on SQLite the row of bulk_writes, deleted again before the commit; on
 * PostgreSQL a transaction-local setting. Other connections and later transactions never see it.
 */
import { prepared, type Db, type SqliteDb } from './connection';

export function withoutRowTriggers<T>(db: Db, fn: () => T): T {
  if (!db.inTransaction) throw new Error('withoutRowTriggers must run inside a transaction');
  if (db.engine === 'postgres') {
    // Rolled back with the transaction if fn fails (as a SET LOCAL is).
    prepared(db, "SELECT set_config('aiguillage.bulk_writes', 'on', true)").get();
    const result = fn();
    prepared(db, "SELECT set_config('aiguillage.bulk_writes', 'off', true)").get();
    return result;
  }
  prepared(db, 'INSERT INTO bulk_writes (id) VALUES (1)').run();
  try {
    return fn();
  } finally {
    prepared(db, 'DELETE FROM bulk_writes').run();
  }
}

/**
 * Runs `fn`, a bulk write whose rows refer only to rows it wrote itself or knows exist (an
 * import's leads, their events and facts), with SQLite's foreign key checks off: a lookup per
 * row and per key, a tenth of an import's time. The setting is the connection's and SQLite
 * ignores it inside a transaction, so `fn` is a whole transaction; it is put back after. On
 * PostgreSQL, or inside a caller's transaction, `fn` runs as it is.
 */
export function withoutForeignKeyChecks<T>(db: Db, fn: () => T): T {
  if (db.engine !== 'sqlite' || db.inTransaction) return fn();
  const sqlite = db as SqliteDb;
  if (!sqlite.pragma('foreign_keys', { simple: true })) return fn();
  sqlite.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

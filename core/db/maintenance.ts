/**
 * Upkeep that each engine does its own way, so domain code asks for the effect and never for
 * a pragma: checking that the database is sound, releasing the pages that still hold erased
 * text, measuring the database's size.
 */
import type { Db } from './engine';
import type { SqliteDb } from './connection';

/**
 * Problems found by SQLite's page check ('quick': quick_check, 'full': integrity_check) and its
 * foreign-key check; empty when sound. PostgreSQL keeps its own pages and constraints checked
 * as it writes (a foreign key cannot be left dangling there), so there is nothing to scan.
 */
export function integrityProblems(db: Db, depth: 'quick' | 'full'): string[] {
  if (db.engine !== 'sqlite') return [];
  const sqlite = db as SqliteDb;
  const rows = sqlite.pragma(depth === 'quick' ? 'quick_check' : 'integrity_check') as Record<string, string>[];
  const problems = rows.map((r) => Object.values(r)[0]!).filter((r) => r !== 'ok');
  const fk = sqlite.pragma('foreign_key_check') as unknown[];
  if (fk.length) problems.push(`${fk.length} rows point to missing rows (foreign keys)`);
  return problems;
}

/**
 * After erasing text, drops the old copies the engine still keeps: SQLite's WAL holds the pages
 * as they were until a checkpoint empties it; PostgreSQL keeps old row versions in the table
 * until it is vacuumed. Call it after the erasing transaction has committed. Best effort on
 * SQLite: a reader in another process (the CLI) can leave part of the WAL for a later checkpoint.
 */
export function releaseFreedPages(db: Db, tables: readonly string[]): void {
  if (db.engine === 'sqlite') {
    (db as SqliteDb).pragma('wal_checkpoint(TRUNCATE)');
    return;
  }
  // VACUUM cannot run inside a transaction: there, the next autovacuum pass does it.
  if (db.inTransaction || !tables.length) return;
  db.exec(`VACUUM ${tables.map((t) => `"${t.replace(/"/g, '""')}"`).join(', ')}`);
}

/** The database's size in bytes (what a full copy of it needs on disk). */
export function databaseBytes(db: Db): number {
  if (db.engine === 'sqlite') {
    const sqlite = db as SqliteDb;
    return (sqlite.pragma('page_count', { simple: true }) as number) * (sqlite.pragma('page_size', { simple: true }) as number);
  }
  return db.prepare('SELECT pg_database_size(current_database())').pluck().get() as number;
}

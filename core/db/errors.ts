/**
 * What kind of database failure an error is, the same answer on both engines: better-sqlite3
 * names it in `code` (SQLITE_CONSTRAINT_UNIQUE…), PostgreSQL in its SQLSTATE (23505…), which
 * the adapter puts in `code` too (postgres.ts).
 */
export type DbFailure = 'unique' | 'foreign_key' | 'check' | 'not_null' | 'disk_full' | 'corrupt' | 'busy';

const SQLITE: Record<string, DbFailure> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
  SQLITE_FULL: 'disk_full',
  SQLITE_CORRUPT: 'corrupt',
  SQLITE_NOTADB: 'corrupt',
  SQLITE_BUSY: 'busy',
  SQLITE_LOCKED: 'busy',
};

const POSTGRES: Record<string, DbFailure> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
  '53100': 'disk_full', // disk_full
  XX001: 'corrupt', // data_corrupted
  XX002: 'corrupt', // index_corrupted
  '40001': 'busy', // serialization_failure
  '40P01': 'busy', // deadlock_detected
  '55P03': 'busy', // lock_not_available
};

export function dbFailure(error: unknown): DbFailure | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_')) {
    // Extended codes (SQLITE_CORRUPT_VTAB, SQLITE_BUSY_SNAPSHOT…) share their primary code's meaning.
    return SQLITE[code] ?? SQLITE[code.split('_').slice(0, 2).join('_')] ?? null;
  }
  if (code === 'ENOSPC') return 'disk_full';
  return POSTGRES[code] ?? null;
}

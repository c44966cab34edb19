/**
 * Runs numbered migrations in order, each in its own transaction, and records the schema
 * version: in PRAGMA user_version on SQLite, in the one-row table schema_version on PostgreSQL.
 * A database written by a newer app is refused rather than opened and damaged.
 */
import type { Db, Engine } from './engine';
import type { SqliteDb } from './connection';
import { migrations, postgresMigrations, type Migration } from './migrations';
import { AppError } from '../commands/errors';

/** The first key of every advisory lock the application takes on PostgreSQL (ASCII "Aigu"); the second names the lock (core/jobs/once.ts: one per job). */
export const APP_LOCK_KEY = 0x41696775;
/** The advisory lock migrations hold: the second key 0, which no job uses. */
const MIGRATION_LOCK = [APP_LOCK_KEY, 0] as const;

/** Both lists are numbered in step (core/db/migrations/engines.test.ts checks it). */
export const SCHEMA_VERSION = migrations.length;

export function migrationsFor(engine: Engine): readonly Migration[] {
  return engine === 'sqlite' ? migrations : postgresMigrations;
}

export function schemaVersion(db: Db): number {
  if (db.engine === 'sqlite') return (db as SqliteDb).pragma('user_version', { simple: true }) as number;
  const exists = db.prepare("SELECT to_regclass('schema_version') IS NOT NULL").pluck().get() as number;
  return exists ? ((db.prepare('SELECT version FROM schema_version').pluck().get() as number | undefined) ?? 0) : 0;
}

function recordVersion(db: Db, version: number): void {
  if (db.engine === 'sqlite') {
    (db as SqliteDb).pragma(`user_version = ${version}`);
    return;
  }
  // One row at most: the primary key is a constant.
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (one integer PRIMARY KEY DEFAULT 1 CHECK (one = 1), version integer NOT NULL)');
  db.prepare('INSERT INTO schema_version (version) VALUES (?) ON CONFLICT (one) DO UPDATE SET version = excluded.version').run(version);
}

export function migrate(db: Db, list: readonly Migration[] = migrationsFor(db.engine), target = list.length): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  // Server processes started together on one PostgreSQL database would each read the same old
  // version and run the same migrations at once: the first to come migrates, the others wait here
  // and then read the version it left. A session lock, as each migration commits on its own.
  if (db.engine === 'postgres') db.prepare('SELECT pg_advisory_lock(?, ?)').run(MIGRATION_LOCK[0], MIGRATION_LOCK[1]);
  try {
    const current = schemaVersion(db);
    if (current > list.length) {
      throw new AppError(
        'db_too_new',
        `This database has schema version ${current} but this app knows only up to ${list.length}. It was written by a newer version of Aiguillage; update the app to open it.`,
      );
    }
    for (const m of list.slice(current, target)) {
      db.transaction(() => {
        m.up(db);
        recordVersion(db, m.version);
      })();
    }
  } finally {
    if (db.engine === 'postgres' && db.open) db.prepare('SELECT pg_advisory_unlock(?, ?)').run(MIGRATION_LOCK[0], MIGRATION_LOCK[1]);
  }
}

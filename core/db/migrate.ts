/**
 * Runs numbered migrations in order, each in its own transaction, and records the schema
 * version in PRAGMA user_version. A database written by a newer app is refused rather than
 * opened and damaged.
 */
import type { Db } from './connection';
import { migrations, type Migration } from './migrations';
import { AppError } from '../commands/errors';

export const SCHEMA_VERSION = migrations.length;

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Db, list: readonly Migration[] = migrations, target = list.length): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
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
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

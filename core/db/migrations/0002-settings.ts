import type { Db } from '../connection';
import { dialectOf } from './dialect';

/** Application settings as validated JSON values, one row per key. */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at ${t.int} NOT NULL
    )${t.table};
  `);
}

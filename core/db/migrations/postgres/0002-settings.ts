import type { Db } from '../../connection';

/** PostgreSQL twin of ../0002-settings.ts. */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at BIGINT NOT NULL
    );
  `);
}

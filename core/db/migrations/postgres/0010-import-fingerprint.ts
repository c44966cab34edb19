import type { Db } from '../../connection';

/** PostgreSQL twin of ../0010-import-fingerprint.ts: see there for what and why. */
export function up(db: Db): void {
  db.exec(`
    ALTER TABLE imports ADD COLUMN fingerprint TEXT;
    CREATE INDEX imports_fingerprint ON imports (fingerprint);
  `);
}

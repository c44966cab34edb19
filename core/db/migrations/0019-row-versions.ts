import type { Db } from '../connection';

/**
 * Row versions for the rows several people edit at once (issue 17, "several people at once"):
 * leads, members and territories each count their changes. Every write of such a row raises
 * `version` (core/db/row-version.ts), and an edit that says which version it saw is refused
 * with a conflict when the row has moved since, by one conditional UPDATE. Existing rows start
 * at 1. The PostgreSQL twin runs this same function: ADD COLUMN … DEFAULT is portable.
 */
export function up(db: Db): void {
  db.exec(`
    ALTER TABLE leads ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE members ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE territories ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  `);
}

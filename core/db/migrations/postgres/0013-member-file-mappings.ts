import type { Db } from '../../connection';

/** PostgreSQL twin of ../0013-member-file-mappings.ts: see there for what and why. */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE member_file_mappings (
      kind TEXT PRIMARY KEY CHECK (kind IN ('members', 'absences')),
      mapping TEXT NOT NULL,
      updated_at BIGINT NOT NULL
    );
  `);
}

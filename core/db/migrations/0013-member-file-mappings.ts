import type { Db } from '../connection';
import { dialectOf } from './dialect';

/** The column mapping of the last network file imported (members, and absences), so the next one maps itself. */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    CREATE TABLE member_file_mappings (
      kind TEXT PRIMARY KEY CHECK (kind IN ('members', 'absences')),
      mapping TEXT NOT NULL,
      updated_at ${t.int} NOT NULL
    )${t.table};
  `);
}

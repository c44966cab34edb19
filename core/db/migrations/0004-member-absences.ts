import type { Db } from '../connection';

/** Periods a member cannot take leads (holidays, sickness), as inclusive local dates. */
export function up(db: Db): void {
  db.exec(`
    CREATE TABLE member_absences (
      id INTEGER PRIMARY KEY,
      member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
      starts_on TEXT NOT NULL CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      ends_on TEXT NOT NULL CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      reason TEXT NOT NULL DEFAULT '',
      created_at INTEGER NOT NULL,
      CHECK (starts_on <= ends_on)
    ) STRICT;
    CREATE INDEX member_absences_by_member_id ON member_absences (member_id, starts_on);
  `);
}

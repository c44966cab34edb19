import type { Db } from '../../connection';

/** PostgreSQL twin of ../0015-lead-import-fields.ts: see there for what and why. */
export function up(db: Db): void {
  db.exec(`
    ALTER TABLE leads ADD COLUMN external_ref TEXT NOT NULL DEFAULT '';
    ALTER TABLE leads ADD COLUMN budget_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE leads ADD COLUMN timeline_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE leads ADD COLUMN extra TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE leads ADD COLUMN location_check TEXT;
    CREATE INDEX leads_by_external_ref ON leads (external_ref COLLATE nocase);
    CREATE INDEX leads_by_location_check ON leads (id) WHERE location_check IS NOT NULL;
  `);
}

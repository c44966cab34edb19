import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * What an import used to drop: the source's own reference for the lead (searchable, matched by
 * feedback files and re-sends), the budget and timeline as the source wrote them, every other
 * column of the file under its header (JSON list of {name, value}), and why the lead's place
 * waits for a person (JSON, null when it does not).
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    ALTER TABLE leads ADD COLUMN external_ref TEXT NOT NULL DEFAULT '';
    ALTER TABLE leads ADD COLUMN budget_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE leads ADD COLUMN timeline_text TEXT NOT NULL DEFAULT '';
    ALTER TABLE leads ADD COLUMN extra TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE leads ADD COLUMN location_check TEXT;
    CREATE INDEX leads_by_external_ref ON leads (external_ref COLLATE ${t.nocase});
    CREATE INDEX leads_by_location_check ON leads (id) WHERE location_check IS NOT NULL;
  `);
}

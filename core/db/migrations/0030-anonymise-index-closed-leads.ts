import type { Db } from '../connection';

/**
 * leads_to_anonymise served one query, the retention job's (core/privacy/retention.ts), which
 * only looks for closed leads (won, lost, discarded), yet held every lead not anonymised: the same
 * entries as leads_by_status, written again for every new lead. Each import wrote it for all of
 * its leads, none of them closed. It now holds the closed leads only: a lead enters it when it
 * closes, and the job's scan reads the same entries as before (its WHERE names the same statuses,
 * in the same order: SQLite and PostgreSQL use a partial index when the query repeats its terms).
 */
export function up(db: Db): void {
  db.exec(`
    DROP INDEX leads_to_anonymise;
    CREATE INDEX leads_to_anonymise ON leads (status, received_at) WHERE anonymised_at IS NULL AND status IN ('won', 'lost', 'discarded');
  `);
}

import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * Index entries every import wrote for each lead and no query reads (issue 19): an imported lead
 * went into 17 secondary indexes of leads, lead_facts and lead_events; it now goes into 12.
 * - A lead's reference from its source, and its owner in the KPI facts, are looked for only by a
 *   value ('', NULL: an imported lead has neither), so their indexes now hold the leads that have
 *   one. SQLite and PostgreSQL still choose them: `owner_member_id = ?` implies IS NOT NULL, and
 *   the queries by reference repeat `external_ref <> ''` (core/leads/duplicates.ts, search.ts,
 *   core/workflow/feedback.ts).
 * - The KPI facts' indexes by source, by status and by temperature served the dashboard before
 *   it read stored totals (0011, 0021, 0033): a view filtered by a source or a temperature now
 *   reads those, and only a member or a département is read from the facts through an index
 *   (core/kpi/scope.ts, narrow). Measured over 1,000,000 leads, no section of any filtered view
 *   changed without them; the filter's list of sources reads the leads' index by source.
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    DROP INDEX leads_by_external_ref;
    CREATE INDEX leads_by_external_ref ON leads (external_ref COLLATE ${t.nocase}) WHERE external_ref <> '';
    DROP INDEX lead_facts_by_owner_member_id;
    CREATE INDEX lead_facts_by_owner_member_id ON lead_facts (owner_member_id, received_at) WHERE owner_member_id IS NOT NULL;
    DROP INDEX lead_facts_by_source;
    DROP INDEX lead_facts_by_status;
    DROP INDEX lead_facts_by_temperature;
  `);
}

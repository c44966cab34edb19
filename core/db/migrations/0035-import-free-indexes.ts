import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * Three indexes held an entry for every lead although the queries they serve only ever look for
 * leads that have the value: a lead's reference from its source (''), and in the KPI facts its
 * owner and its temperature (NULL). An imported lead has none of the three, so each import wrote
 * three entries per lead that no query reads. They now hold the leads that have the value.
 * SQLite and PostgreSQL still choose them: `owner_member_id = ?` and `temperature = ?` imply IS
 * NOT NULL, and the queries by reference repeat `external_ref <> ''` (core/leads/duplicates.ts,
 * search.ts, core/workflow/feedback.ts).
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    DROP INDEX leads_by_external_ref;
    CREATE INDEX leads_by_external_ref ON leads (external_ref COLLATE ${t.nocase}) WHERE external_ref <> '';
    DROP INDEX lead_facts_by_owner_member_id;
    CREATE INDEX lead_facts_by_owner_member_id ON lead_facts (owner_member_id, received_at) WHERE owner_member_id IS NOT NULL;
    DROP INDEX lead_facts_by_temperature;
    CREATE INDEX lead_facts_by_temperature ON lead_facts (temperature, received_at) WHERE temperature IS NOT NULL;
  `);
}

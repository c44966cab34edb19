import type { Db } from '../connection';
import { dialectOf } from './dialect';

/**
 * Two indexes held an entry for every lead although the queries they serve only ever look for
 * leads that have the value: a lead's reference from its source (''), and its owner in the KPI
 * facts (NULL). An imported lead has neither, so each import wrote two entries per lead that no
 * query reads. They now hold the leads that have the value. SQLite and PostgreSQL still choose
 * them: `owner_member_id = ?` implies IS NOT NULL, and the queries by reference repeat
 * `external_ref <> ''` (core/leads/duplicates.ts, search.ts, core/workflow/feedback.ts).
 * The facts' index by temperature stays whole: SQLite, which has no statistics here, prefers a
 * partial index to a whole one, and a dashboard filtered by a member and a temperature must read
 * the member's leads (a few thousand), not every hot lead (a third of them).
 */
export function up(db: Db): void {
  const t = dialectOf(db);
  db.exec(`
    DROP INDEX leads_by_external_ref;
    CREATE INDEX leads_by_external_ref ON leads (external_ref COLLATE ${t.nocase}) WHERE external_ref <> '';
    DROP INDEX lead_facts_by_owner_member_id;
    CREATE INDEX lead_facts_by_owner_member_id ON lead_facts (owner_member_id, received_at) WHERE owner_member_id IS NOT NULL;
  `);
}

import type { Db } from '../../connection';

/**
 * PostgreSQL twin of ../0020-bulk-import-writes.ts: the same three insert triggers skip while the
 * writing transaction has set aiguillage.bulk_writes (a transaction-local setting, see
 * core/db/bulk.ts; a trigger's WHEN cannot read a table here). Their functions stay as they are.
 */
const BYPASSED: [trigger: string, table: string, fn: string][] = [
  ['leads_fts_insert', 'leads', 'leads_fts_write'],
  ['lead_facts_insert', 'leads', 'lead_facts_insert'],
  ['kpi_dirty_insert', 'lead_facts', 'kpi_dirty_insert'],
];

export function up(db: Db): void {
  for (const [trigger, table, fn] of BYPASSED) {
    db.exec(`DROP TRIGGER ${trigger} ON ${table};
      CREATE TRIGGER ${trigger} AFTER INSERT ON ${table} FOR EACH ROW
        WHEN (current_setting('aiguillage.bulk_writes', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION ${fn}()`);
  }
}

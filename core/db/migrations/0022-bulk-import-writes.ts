import type { Db } from '../connection';

/**
 * Imports write their leads in bulk (core/leads/bulk.ts): a batch's transaction fills the
 * search index, the KPI facts and the dirty hours of its leads with one statement each, instead
 * of three row triggers per lead. Those three insert triggers skip while the writing transaction
 * holds the one row of bulk_writes (core/db/bulk.ts), which it deletes before it commits: no
 * other connection ever sees it, and every other writer keeps the triggers.
 * The triggers keep their bodies; each is re-created with the WHEN clause added.
 */
const BYPASSED = ['leads_fts_insert', 'lead_facts_insert', 'kpi_dirty_insert'];

export function up(db: Db): void {
  db.exec('CREATE TABLE bulk_writes (id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT');
  for (const name of BYPASSED) {
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(name) as string;
    const begin = sql.indexOf(' BEGIN');
    const head = sql.slice(0, begin);
    if (begin < 0 || / WHEN /.test(head)) throw new Error(`Migration 22 cannot add its WHEN clause to trigger ${name}: ${sql}`);
    db.exec(`DROP TRIGGER ${name}; ${head} WHEN NOT EXISTS (SELECT 1 FROM bulk_writes)${sql.slice(head.length)}`);
  }
}

/**
 * The rows that follow a lead's insert, written for many leads at once: its "imported" event,
 * its search index entry, its KPI facts row and the dirty hour of its reception (migrations 5,
 * 7 and 11 write the last three by row triggers). An import batch inserts its leads inside
 * withoutRowTriggers (core/db/bulk.ts), then calls completeImportedLeads in the same
 * transaction: one statement each for the whole batch instead of four per lead.
 */
import { withoutRowTriggers } from '../db/bulk';
import { prepared, type Db } from '../db/connection';
import { phoneDoc } from '../db/migrations/0005-leads';
import { LEAD_COLUMNS } from '../db/migrations/0007-kpi';

/** The leads of one import with ids from first to last (its batch: nobody else writes inside the transaction). */
export interface ImportedRange {
  importId: number;
  firstId: number;
  lastId: number;
}

const OF_RANGE = 'FROM leads WHERE id BETWEEN ? AND ? AND import_id = ?';

/**
 * `count` ids for leads about to be inserted, in increasing order, so a batch can give its rows
 * their ids in file order and insert them in another order. SQLite gives a new row the highest
 * id plus one, which these are (nobody else writes inside the caller's transaction); on
 * PostgreSQL they come from the identity column's sequence, as a plain insert's would.
 */
export function reserveLeadIds(db: Db, count: number): number[] {
  if (count === 0) return [];
  if (db.engine === 'postgres') {
    return prepared(db, "SELECT nextval(pg_get_serial_sequence('leads', 'id')) AS id FROM generate_series(1, CAST(? AS INTEGER)) ORDER BY 1").pluck().all(count) as number[];
  }
  const first = prepared(db, 'SELECT coalesce(max(id), 0) + 1 FROM leads').pluck().get() as number;
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Inserts leads through `insert` with the row triggers off, then writes what they would have for the leads it inserted. */
export function insertLeadsInBulk(db: Db, at: number, actor: string, insert: () => ImportedRange | null): void {
  withoutRowTriggers(db, () => {
    const range = insert();
    if (range) completeImportedLeads(db, range, at, actor);
  });
}

function completeImportedLeads(db: Db, { importId, firstId, lastId }: ImportedRange, at: number, actor: string): void {
  const range = [firstId, lastId, importId];
  // The event's data as JSON.stringify writes it ({"importId":1,"line":2}), in SQL both engines run.
  prepared(db, `INSERT INTO lead_events (lead_id, type, at, actor, data) SELECT id, 'imported', ?, ?, '{"importId":' || import_id || ',"line":' || import_line || '}' ${OF_RANGE} ORDER BY id`).run(
    at,
    actor,
    ...range,
  );
  if (db.engine === 'sqlite') {
    prepared(
      db,
      `INSERT INTO leads_fts (rowid, name, phone, email, city, company) SELECT id, first_name || ' ' || last_name, ${phoneDoc('leads')}, email, postal_code || ' ' || city, company ${OF_RANGE}`,
    ).run(...range);
  } else {
    prepared(db, `INSERT INTO leads_fts (lead_id, document) SELECT id, lead_search_document(leads) ${OF_RANGE}`).run(...range);
  }
  // In reception order: the facts table is keyed by it, and so are its indexes after their first column.
  prepared(db, `INSERT INTO lead_facts (lead_id, ${LEAD_COLUMNS.join(', ')}) SELECT id, ${LEAD_COLUMNS.join(', ')} ${OF_RANGE} ORDER BY received_at, id`).run(...range);
  prepared(db, `INSERT INTO kpi_dirty_hours (hour) SELECT DISTINCT received_at / 3600000 ${OF_RANGE}`).run(...range);
}

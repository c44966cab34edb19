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
  prepared(db, `INSERT INTO lead_facts (lead_id, ${LEAD_COLUMNS.join(', ')}) SELECT id, ${LEAD_COLUMNS.join(', ')} ${OF_RANGE}`).run(...range);
  prepared(db, `INSERT INTO kpi_dirty_hours (hour) SELECT DISTINCT received_at / 3600000 ${OF_RANGE}`).run(...range);
}

/**
 * An import's leads written in bulk: the leads, then what follows each lead's insert (its
 * "imported" event, its search index entry, its KPI facts row and the dirty hour of its
 * reception, which migrations 5, 7 and 11 write by row triggers), one statement each for the
 * whole slice instead of four per lead. The caller has turned the row triggers off
 * (withoutRowTriggers, core/db/bulk.ts) for its transaction.
 * On SQLite the slice is staged in a temporary table, unindexed, and everything is copied from
 * there set-based: binding each row into the stage and then copying them into leads costs about
 * half of binding them straight into leads, with its indexes and triggers (measured at 100k rows:
 * 2.6 s straight, 0.6 s staging plus 0.9 s copying).
 */
import { prepared, type Db } from '../db/connection';
import { phoneDoc } from '../db/migrations/0005-leads';
import { LEAD_COLUMNS } from '../db/migrations/0007-kpi';
import { INSERT_COLUMNS, insertLeadsWithIds, leadValues, type NewLead } from './store';

/**
 * `count` ids for leads about to be inserted, in increasing order, so a batch can give its rows
 * their ids in file order before it inserts them. SQLite gives a new row the highest id plus
 * one, which these are (nobody else writes inside the caller's transaction); on PostgreSQL they
 * come from the identity column's sequence, as a plain insert's would.
 */
export function reserveLeadIds(db: Db, count: number): number[] {
  if (count === 0) return [];
  if (db.engine === 'postgres') {
    return prepared(db, "SELECT nextval(pg_get_serial_sequence('leads', 'id')) AS id FROM generate_series(1, CAST(? AS INTEGER)) ORDER BY 1").pluck().all(count) as number[];
  }
  const first = prepared(db, 'SELECT coalesce(max(id), 0) + 1 FROM leads').pluck().get() as number;
  return Array.from({ length: count }, (_, i) => first + i);
}

const STAGED = `id, ${INSERT_COLUMNS}`;

/** Inserts leads of one import, their ids reserved (reserveLeadIds) and increasing, with their event, search entry, KPI facts and dirty hours. */
export function insertImportedLeads(db: Db, leads: readonly (NewLead & { id: number })[], at: number, actor: string): void {
  if (!db.inTransaction) throw new Error('insertImportedLeads must run inside a transaction with the row triggers off');
  if (leads.length === 0) return;
  if (db.engine === 'postgres') {
    insertLeadsWithIds(db, leads, at);
    const from = 'leads AS l WHERE id BETWEEN ? AND ? AND import_id = ?';
    const params = [leads[0]!.id, leads.at(-1)!.id, leads[0]!.importId];
    completeImportedLeads(db, from, params, at, actor);
    addFacts(db, from, params);
    return;
  }
  // Typed as the leads' columns (CREATE ... AS), so a value is stored there as leads would store it; owner_member_id (none yet) for the facts' copy.
  prepared(db, `CREATE TEMP TABLE IF NOT EXISTS import_stage AS SELECT ${STAGED}, owner_member_id FROM leads WHERE 0`).run();
  const stage = prepared(
    db,
    `INSERT INTO temp.import_stage (${STAGED}) VALUES (${STAGED.split(', ')
      .map(() => '?')
      .join(', ')})`,
  );
  for (const lead of leads) stage.run(lead.id, ...leadValues(lead, at));
  prepared(db, `INSERT INTO leads (${STAGED}) SELECT ${STAGED} FROM temp.import_stage ORDER BY id`).run();
  completeImportedLeads(db, 'temp.import_stage AS l', [], at, actor);
  addFacts(db, 'temp.import_stage AS l', []);
  prepared(db, 'DELETE FROM temp.import_stage').run();
}

/** A staged lead's columns as copied into leads: the import, and the time of the copy, bound then (named parameters). */
const COPIED = INSERT_COLUMNS.split(', ')
  .map((column) => ({ import_id: '@importId', created_at: '@at', updated_at: '@at' })[column] ?? column)
  .join(', ');

/**
 * Inserts leads of one import from its staging file (core/intake/stage.ts, attached as
 * `schema`): staged rows `from`..`to` become leads `firstId`.. in that order, with their event
 * and search entry; their KPI facts and dirty hours are the caller's to add (addImportedFacts).
 * SQLite only; inside the caller's transaction, row triggers off.
 */
export function copyStagedLeads(db: Db, schema: string, staged: { from: number; to: number }, firstId: number, importId: number, at: number, actor: string): void {
  if (!db.inTransaction) throw new Error('copyStagedLeads must run inside a transaction with the row triggers off');
  prepared(db, `INSERT INTO main.leads (${STAGED}) SELECT rowid + @offset, ${COPIED} FROM ${schema}.rows WHERE rowid BETWEEN @from AND @to ORDER BY rowid`).run({
    offset: firstId - staged.from,
    importId,
    at,
    from: staged.from,
    to: staged.to,
  });
  completeImportedLeads(db, 'main.leads AS l WHERE id BETWEEN ? AND ?', [firstId, firstId + staged.to - staged.from], at, actor);
}

/**
 * The KPI facts and dirty hours of the leads `from`..`to` copied by copyStagedLeads, which
 * leaves them to the caller: an import writes them once for its whole batch, whose slices are
 * small (the app may need the write lock between two) while the facts' indexes, keyed by
 * reception time, take a batch's rows in order far better than a slice's (the bench's facts
 * took 0.7 s for 100,000 leads by batches of 20,000, 1.0-1.2 s by slices of 2,000).
 */
export function addImportedFacts(db: Db, ids: { from: number; to: number }): void {
  addFacts(db, 'main.leads AS l WHERE id BETWEEN ? AND ?', [ids.from, ids.to]);
}

/** The event and search entry that follow the insert of the leads `from` selects (as `l`, with `params`); their facts: addFacts. */
function completeImportedLeads(db: Db, from: string, params: unknown[], at: number, actor: string): void {
  // The event's data as JSON.stringify writes it ({"importId":1,"line":2}), in SQL both engines run.
  prepared(db, `INSERT INTO lead_events (lead_id, type, at, actor, data) SELECT id, 'imported', ?, ?, '{"importId":' || import_id || ',"line":' || import_line || '}' FROM ${from} ORDER BY id`).run(
    at,
    actor,
    ...params,
  );
  if (db.engine === 'sqlite') {
    prepared(
      db,
      `INSERT INTO leads_fts (rowid, name, phone, email, city, company) SELECT id, first_name || ' ' || last_name, ${phoneDoc('l')}, email, postal_code || ' ' || city, company FROM ${from}`,
    ).run(...params);
  } else {
    prepared(db, `INSERT INTO leads_fts (lead_id, document) SELECT id, lead_search_document(l) FROM ${from}`).run(...params);
  }
}

/** The KPI facts and dirty hours of the leads `from` selects (as `l`, with `params`). */
function addFacts(db: Db, from: string, params: unknown[]): void {
  // In reception order: the facts table is keyed by it, and so are its indexes after their first column.
  prepared(db, `INSERT INTO lead_facts (lead_id, ${LEAD_COLUMNS.join(', ')}) SELECT id, ${LEAD_COLUMNS.join(', ')} FROM ${from} ORDER BY received_at, id`).run(...params);
  prepared(db, `INSERT INTO kpi_dirty_hours (hour) SELECT DISTINCT received_at / 3600000 FROM ${from}`).run(...params);
}

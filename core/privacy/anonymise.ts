/**
 * Anonymising leads in place, for the retention job and for an erasure on request. The row
 * stays (status, dates, source, postal code, département, temperature, amounts, owner), so the
 * KPI facts and reports keep counting it; what identifies the person is blanked everywhere it
 * was copied: the lead's fields, its events' text, manual dispatch reasons, the e-mails to
 * members, the import report's messages about its line and its duplicate proposals.
 *
 * Erased text must not be readable from the file afterwards. SQLite's secure_delete overwrites
 * freed cells and pages with zeros, and the contentless full-text index, which only marks
 * deleted rows with tombstones (FTS5's secure-delete does not apply to contentless_delete
 * tables), is rebuilt by 'optimize' (about 2.4 s for 1M leads on a slow machine; the retention
 * job needs it at most once a day, see retention.ts). On PostgreSQL the search rows are
 * rewritten with the leads by their trigger, and VACUUM drops the old row versions of every
 * table rewritten here, the search rows' included (emptyWal).
 */
import type { Context } from '../commands/define';
import { withSecureDelete } from '../db/connection';
import { releaseFreedPages } from '../db/maintenance';
import type { Engine } from '../db/engine';
import { jsonIds } from '../db/json';
import { scrubEventData } from './scrub';

const BLANKED = ['civility', 'first_name', 'last_name', 'phone', 'email', 'company', 'address', 'comment', 'external_ref', 'budget_text', 'timeline_text'];

/**
 * The extra columns of an import may hold anything (a second phone, a note about the person):
 * their values are blanked, their headers kept. The source's reference goes too, since it names
 * the person in the source's own files, and the budget and timeline as typed (free text about
 * the person's project; the amounts and classes read from them stay in the BANT answers).
 */
const BLANKED_EXTRA: Record<Engine, string> = {
  sqlite: `(SELECT json_group_array(json_object('name', json_extract(e.value, '$.name'), 'value', '')) FROM json_each(extra) AS e)`,
  postgres: `(SELECT coalesce(jsonb_agg(jsonb_build_object('name', e -> 'name', 'value', '') ORDER BY n), '[]')::text FROM jsonb_array_elements(extra::jsonb) WITH ORDINALITY AS x(e, n))`,
};

/** A dispatch made by hand keeps a mark that it was, without the reason typed then. */
const ERASED_REASON = '—';

/** Anonymises the given leads (those not already anonymised) and returns how many were. */
export function anonymiseLeads(ctx: Pick<Context, 'db' | 'now'>, ids: readonly number[]): number {
  return withSecureDelete(ctx.db, () => {
    const changes = blank(ctx, ids);
    if (changes) rebuildSearchIndex(ctx);
    return changes;
  });
}

export interface BatchAnonymised {
  /** The leads anonymised: all of them, or all but the damaged ones. */
  leadIds: number[];
  /** Leads that could not be anonymised (a damaged row), each with the kind of error: left as they were. */
  damaged: { leadId: number; errorName: string }[];
}

/**
 * The retention job's batch, inside the caller's transaction: the whole batch under one
 * savepoint; if it fails, lead by lead, each under its own savepoint, so one damaged lead is
 * left as it was (and reported) instead of holding back every other lead of the batch on
 * every tick.
 */
export function anonymiseBatch(ctx: Pick<Context, 'db' | 'now'>, ids: readonly number[]): BatchAnonymised {
  const { db } = ctx;
  return withSecureDelete(db, () => {
    const result: BatchAnonymised = { leadIds: [], damaged: [] };
    try {
      db.transaction(() => blank(ctx, ids))();
      result.leadIds = [...ids];
    } catch (error) {
      // A failure that ended the caller's transaction (disk full, I/O) is not a lead's: no retry.
      if (!db.inTransaction) throw error;
      for (const id of ids) {
        try {
          db.transaction(() => blank(ctx, [id]))();
          result.leadIds.push(id);
        } catch (leadError) {
          if (!db.inTransaction) throw leadError;
          result.damaged.push({ leadId: id, errorName: leadError instanceof Error ? leadError.name : 'Error' });
        }
      }
    }
    if (result.leadIds.length) rebuildSearchIndex(ctx);
    return result;
  });
}

/** Blanks what identifies the person in the leads and everywhere it was copied; the full-text index is rebuilt by the caller. */
function blank(ctx: Pick<Context, 'db' | 'now'>, ids: readonly number[]): number {
  const { db } = ctx;
  const now = ctx.now();
  const list = JSON.stringify(ids);
  const inList = `IN ${jsonIds(db.engine, '@list')}`;
  const { changes } = db
    .prepare(
      `UPDATE leads SET ${BLANKED.map((c) => `${c} = ''`).join(', ')}, extra = ${BLANKED_EXTRA[db.engine]}, anonymised_at = @now, updated_at = @now, version = version + 1 WHERE anonymised_at IS NULL AND id ${inList}`,
    )
    .run({ list, now });
  if (changes === 0) return 0;

  const events = db.prepare(`SELECT id, data FROM lead_events WHERE lead_id ${inList}`).all({ list }) as { id: number; data: string }[];
  const setData = db.prepare('UPDATE lead_events SET data = ? WHERE id = ?');
  for (const e of events) {
    const scrubbed = JSON.stringify(scrubEventData(JSON.parse(e.data)));
    if (scrubbed !== e.data) setData.run(scrubbed, e.id);
  }

  db.prepare(`UPDATE dispatches SET manual_reason = '${ERASED_REASON}' WHERE manual_reason IS NOT NULL AND lead_id ${inList}`).run({ list });
  // A mail never sent disclosed nothing and must not go out (or be retried) any more; a sent one
  // stays as the record of which member received the data, and when, without the data.
  db.prepare(`DELETE FROM outbox WHERE status <> 'sent' AND lead_id ${inList}`).run({ list });
  db.prepare(`UPDATE outbox SET subject = '[' || reference || ']', body = '' WHERE lead_id ${inList}`).run({ list });
  db.prepare(`DELETE FROM lead_duplicates WHERE lead_id ${inList} OR other_id ${inList}`).run({ list });
  scrubImportReports(ctx, list);
  return changes;
}

/**
 * SQLite's contentless index keeps erased terms until rebuilt (see the top of this file).
 * PostgreSQL's search rows hold no tombstones: the leads' update trigger has already rewritten
 * each anonymised lead's document from its blanked fields, and the old row versions go with
 * the VACUUM of emptyWal.
 */
function rebuildSearchIndex(ctx: Pick<Context, 'db'>): void {
  if (ctx.db.engine === 'sqlite') ctx.db.prepare(`INSERT INTO leads_fts (leads_fts) VALUES ('optimize')`).run();
}

/** Import reports quote the raw cell in their warnings ("06 12... is not a valid phone number"). */
function scrubImportReports(ctx: Pick<Context, 'db'>, list: string): void {
  const { db } = ctx;
  const imports = db
    .prepare(`SELECT i.id, i.report FROM imports i WHERE i.id IN (SELECT DISTINCT import_id FROM leads WHERE import_id IS NOT NULL AND id IN ${jsonIds(db.engine, '?')})`)
    .all(list) as { id: number; report: string }[];
  const erased = new Set(JSON.parse(list) as number[]);
  for (const i of imports) {
    const report = JSON.parse(i.report) as { rows?: { leadId: number | null; messages: string[] }[] };
    let touched = false;
    for (const row of report.rows ?? []) {
      if (row.leadId !== null && erased.has(row.leadId) && row.messages.length) {
        row.messages = [];
        touched = true;
      }
    }
    if (touched) db.prepare('UPDATE imports SET report = ? WHERE id = ?').run(JSON.stringify(report), i.id);
  }
}

/** The tables anonymising rewrites. */
const ERASED_IN = ['leads', 'leads_fts', 'lead_events', 'dispatches', 'outbox', 'lead_duplicates', 'imports'];

/**
 * The engine still holds the text as it was before anonymising (SQLite's WAL, PostgreSQL's old
 * row versions); dropping it needs the transaction committed, so callers run this after.
 */
export function emptyWal(ctx: Pick<Context, 'db'>): void {
  releaseFreedPages(ctx.db, ERASED_IN);
}

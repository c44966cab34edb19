/**
 * Duplicates: the same person reached twice (same phone, same e-mail, or same last name in the
 * same postal code), or the same lead sent again (the same reference from the same source). They are never dropped: both leads are kept, the pair is recorded as a
 * proposed merge, and a person decides with leads.merge.
 */
import { prepared, type Db } from '../db/connection';
import { insertRows } from '../db/insert-rows';
import { fold } from '../search/fold';
import { duplicateKeys, type DuplicateKey, type DuplicateReason, type Keyed } from './duplicate-keys';
import type { Lead, LeadFields } from './schema';
import { columnValue, FIELD_COLUMNS, getLead, SAME_REFERENCE } from './store';

export type { DuplicateReason } from './duplicate-keys';

/** Leads read per page by DuplicateIndex (about 10 ms of work on a quiet machine). */
const PAGE = 5000;

/**
 * Known keys -> first lead holding them, for an import: one read of the table up front instead
 * of three lookups per row, and rows of the same file are added as they go in.
 */
export class DuplicateIndex {
  private readonly maps: Record<DuplicateReason, Map<string, number>> = { phone: new Map(), email: new Map(), name_postal_code: new Map(), reference: new Map() };

  /** Where the next page of known leads starts (see readPage). */
  private readAfter = 0;

  static load(db: Db): DuplicateIndex {
    const index = new DuplicateIndex();
    while (index.readPage(db));
    return index;
  }

  /**
   * The same, a page of leads at a time with `pause` awaited between pages: a table of a million
   * leads takes seconds to read, which must not hold the background import's event loop at once.
   * Leads written between two pages are read too when their id comes after the page read.
   */
  static async loadInPages(db: Db, pause: () => Promise<unknown>): Promise<DuplicateIndex> {
    const index = new DuplicateIndex();
    while (index.readPage(db)) await pause();
    return index;
  }

  /** Adds the next page of known leads; false once every lead is read. */
  private readPage(db: Db): boolean {
    const rows = prepared(db, 'SELECT id, phone, email, last_name AS "lastName", postal_code AS "postalCode", external_ref AS "externalRef", source FROM leads WHERE id > ? ORDER BY id LIMIT ?').all(
      this.readAfter,
      PAGE,
    ) as (Keyed & { id: number })[];
    for (const row of rows) this.add(row.id, duplicateKeys(row));
    if (rows.length) this.readAfter = rows[rows.length - 1]!.id;
    return rows.length === PAGE;
  }

  /** Leads known with one of these keys (duplicateKeys of a lead), and why; null for none. */
  find(keys: readonly DuplicateKey[]): Map<number, DuplicateReason[]> | null {
    let found: Map<number, DuplicateReason[]> | null = null;
    for (const [reason, key] of keys) {
      const known = this.maps[reason].get(key);
      if (known !== undefined) (found ??= new Map()).set(known, [...(found.get(known) ?? []), reason]);
    }
    return found;
  }

  /**
   * Adds lead `id` with its keys (duplicateKeys), and returns the leads known before it with one
   * of them, and why (none: null, the common case, in one lookup per key).
   */
  add(id: number, keys: readonly DuplicateKey[]): Map<number, DuplicateReason[]> | null {
    let found: Map<number, DuplicateReason[]> | null = null;
    for (const [reason, key] of keys) {
      const map = this.maps[reason];
      const known = map.get(key);
      if (known === undefined) map.set(key, id);
      else (found ??= new Map()).set(known, [...(found.get(known) ?? []), reason]);
    }
    return found;
  }
}

/** Duplicates of one lead in the database (manual entry: a few indexed queries). */
export function findInDb(db: Db, lead: Keyed, exceptId = 0): Map<number, DuplicateReason[]> {
  const found = new Map<number, DuplicateReason[]>();
  const note = (ids: { id: number }[], reason: DuplicateReason) => ids.forEach(({ id }) => id !== exceptId && found.set(id, [...(found.get(id) ?? []), reason]));
  if (lead.phone) note(prepared(db, "SELECT id FROM leads WHERE phone = ? AND phone <> '' LIMIT 5").all(lead.phone) as { id: number }[], 'phone');
  if (lead.email) note(prepared(db, "SELECT id FROM leads WHERE email = ? AND email <> '' LIMIT 5").all(lead.email) as { id: number }[], 'email');
  if (lead.lastName && lead.postalCode) {
    note(prepared(db, 'SELECT id FROM leads WHERE postal_code = ? AND last_name = ? COLLATE NOCASE LIMIT 5').all(lead.postalCode, lead.lastName) as { id: number }[], 'name_postal_code');
  }
  if (lead.externalRef) {
    const same = prepared(db, `SELECT id, source FROM leads WHERE ${SAME_REFERENCE} LIMIT 20`).all(lead.externalRef) as { id: number; source: string }[];
    note(
      same.filter((r) => fold(r.source) === fold(lead.source)),
      'reference',
    );
  }
  return found;
}

export function recordDuplicate(db: Db, leadId: number, otherId: number, importId: number | null, reasons: DuplicateReason[], now: number): void {
  prepared(db, 'INSERT INTO lead_duplicates (lead_id, other_id, import_id, reasons, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING').run(
    leadId,
    otherId,
    importId,
    JSON.stringify(reasons),
    now,
  );
}

/** A new lead's duplicate: [lead id, the other lead's id, why]. */
export type NewDuplicate = [number, number, DuplicateReason[]];

/** Merge proposals of leads just inserted (an import's batch), many per statement: a new lead has none yet, so none conflicts. */
export function recordNewDuplicates(db: Db, duplicates: readonly NewDuplicate[], importId: number | null, now: number): void {
  insertRows(
    db,
    'lead_duplicates',
    'lead_id, other_id, import_id, reasons, created_at',
    duplicates.map(([leadId, otherId, reasons]) => [leadId, otherId, importId, JSON.stringify(reasons), now]),
  );
}

export interface DuplicatePair {
  leadId: number;
  otherId: number;
  importId: number | null;
  reasons: DuplicateReason[];
  /** Fields whose values differ (both sides filled), and fields only one side has. */
  differences: { field: keyof LeadFields; lead: unknown; other: unknown }[];
  lead: Lead;
  other: Lead;
}

const COMPARED: (keyof LeadFields)[] = ['civility', 'firstName', 'lastName', 'phone', 'email', 'company', 'address', 'postalCode', 'city', 'source', 'campaign', 'product', 'comment'];

export function differences(a: Lead, b: Lead): DuplicatePair['differences'] {
  return COMPARED.filter((f) => a[f] !== b[f]).map((field) => ({ field, lead: a[field], other: b[field] }));
}

/** Pending merge proposals: all of them, those of one import, or those involving one lead. */
export function listDuplicates(db: Db, filter: { importId?: number; leadId?: number }, limit = 500): DuplicatePair[] {
  const rows = (
    filter.leadId !== undefined
      ? db.prepare('SELECT * FROM lead_duplicates WHERE lead_id = ? OR other_id = ? ORDER BY created_at, lead_id LIMIT ?').all(filter.leadId, filter.leadId, limit)
      : filter.importId !== undefined
        ? db.prepare('SELECT * FROM lead_duplicates WHERE import_id = ? ORDER BY lead_id LIMIT ?').all(filter.importId, limit)
        : db.prepare('SELECT * FROM lead_duplicates ORDER BY created_at, lead_id LIMIT ?').all(limit)
  ) as { lead_id: number; other_id: number; import_id: number | null; reasons: string }[];
  return rows.map((r) => {
    const lead = getLead(db, r.lead_id)!;
    const other = getLead(db, r.other_id)!;
    return { leadId: r.lead_id, otherId: r.other_id, importId: r.import_id, reasons: JSON.parse(r.reasons) as DuplicateReason[], differences: differences(lead, other), lead, other };
  });
}

/** Empty fields of `keep` that `merge` has, as column -> value. */
export function fillableColumns(keep: Lead, merge: Lead): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const key of Object.keys(FIELD_COLUMNS) as (keyof LeadFields)[]) {
    // A place check belongs to the lead's own place, which the kept lead has or lacks on its own.
    if (key === 'locationCheck') continue;
    const empty = keep[key] === '' || keep[key] === null || (Array.isArray(keep[key]) && keep[key].length === 0);
    const has = merge[key] !== '' && merge[key] !== null && !(Array.isArray(merge[key]) && merge[key].length === 0);
    if (empty && has) columns[FIELD_COLUMNS[key]] = columnValue(merge[key]);
  }
  return columns;
}

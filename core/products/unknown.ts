/**
 * Labels the catalogue does not know, gathered where they occur (leads, by import or all, and
 * members), each with how many leads and which members use it and the line it looks most like.
 * Mapping one makes it a synonym: every lead and member written with it resolves from then on
 * (resolution happens when routing reads them), and the leads held at the head office for it
 * are routed again at once.
 */
import type { Context } from '../commands/define';
import { dispatchMany, type BulkSummary } from '../routing/dispatch';
import { loadCatalogue, type Catalogue, type Proposal } from './catalogue';
import { productKey } from './normalise';
import { jsonText } from '../db/json';

export interface UnknownLabel {
  /** The matching key the spellings below share. */
  key: string;
  /** The spellings seen, most used first (at most 5). */
  labels: string[];
  leads: number;
  /** Leads held at the head office because of this label, waiting to be routed. */
  held: number;
  members: { id: number; name: string; city: string }[];
  proposal: Proposal | null;
}

/** Leads at the head office (qualified, open head-office dispatch) held for an unknown product, with their label. */
function heldLeads(ctx: Context): { id: number; product: string }[] {
  return ctx.db
    .prepare(
      `SELECT l.id, l.product FROM leads l JOIN dispatches d ON d.lead_id = l.id AND d.ended_at IS NULL AND d.outcome = 'head_office'
       WHERE l.status = 'qualified' AND ${jsonText(ctx.db.engine, 'd.decision', 'outcome', 'reason')} = 'unknown_product' ORDER BY l.id`,
    )
    .all() as { id: number; product: string }[];
}

export function unknownLabels(ctx: Context, importId?: number): UnknownLabel[] {
  const catalogue = loadCatalogue(ctx.db);
  const found = new Map<string, { spellings: Map<string, number>; leads: number; held: number; members: UnknownLabel['members'] }>();
  const entry = (label: string) => {
    const key = productKey(label);
    if (key === '' || catalogue.resolve(label)) return null;
    let e = found.get(key);
    if (!e) found.set(key, (e = { spellings: new Map(), leads: 0, held: 0, members: [] }));
    return e;
  };
  // Distinct labels are few (tens to hundreds) whatever the number of leads: group in SQL, fold here.
  const labels = ctx.db
    .prepare(`SELECT product, count(*) AS n FROM leads WHERE product <> '' ${importId === undefined ? '' : 'AND import_id = @importId'} GROUP BY product`)
    .all(importId === undefined ? {} : { importId }) as { product: string; n: number }[];
  for (const { product, n } of labels) {
    const e = entry(product);
    if (!e) continue;
    e.leads += n;
    e.spellings.set(product, (e.spellings.get(product) ?? 0) + n);
  }
  for (const lead of heldLeads(ctx)) {
    const e = found.get(productKey(lead.product));
    if (e) e.held++;
  }
  if (importId === undefined) {
    // Members are few: their label lists (JSON text) are read here, the same way on both engines.
    const members = ctx.db.prepare('SELECT id, name, city, product_lines AS "productLines" FROM members WHERE archived_at IS NULL ORDER BY lower(name), id').all() as {
      id: number;
      name: string;
      city: string;
      productLines: string;
    }[];
    for (const { productLines, ...member } of members) {
      for (const label of JSON.parse(productLines) as string[]) {
        const e = entry(label);
        if (!e) continue;
        e.spellings.set(label, e.spellings.get(label) ?? 0);
        if (!e.members.some((m) => m.id === member.id)) e.members.push(member);
      }
    }
  }
  return [...found]
    .map(([key, e]) => {
      const spellings = [...e.spellings].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([s]) => s);
      return { key, labels: spellings.slice(0, 5), leads: e.leads, held: e.held, members: e.members, proposal: catalogue.propose(spellings[0]!) };
    })
    .sort((a, b) => b.leads - a.leads || b.members.length - a.members.length || a.key.localeCompare(b.key));
}

/** After a label became known: the leads held for it go through routing again (each in its own transaction). */
export function rerouteHeld(ctx: Context, catalogue: Catalogue, label: string): BulkSummary | null {
  const key = productKey(label);
  const ids = heldLeads(ctx)
    .filter((l) => productKey(l.product) === key && catalogue.resolve(l.product))
    .map((l) => l.id);
  return ids.length ? dispatchMany(ctx, ids) : null;
}

/**
 * leads.list: full-text search and filters over the lead table, paged, with the total count.
 * Built to stay fast at 100k leads: every filter has an index, the text search goes through
 * FTS5 (a GIN-indexed tsvector on PostgreSQL), and the page is fetched with LIMIT/OFFSET after
 * sorting on an indexed column.
 */
import { z } from 'zod';
import type { Db } from '../db/connection';
import { zmsg } from '../language';
import { instantSchema } from './dates';
import { LEAD_STATUSES, TEMPERATURES } from './schema';
import { SAME_REFERENCE, toLead, type LeadRow } from './store';

/**
 * A filter picks among a list's values, each at most once: a longer array is refused with a
 * clear error rather than reaching SQLite as thousands of bound variables.
 */
function choiceOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .array(z.enum(values))
    .max(values.length, zmsg(`At most ${values.length} values, each once`, `${values.length} valeurs au plus, chacune une fois`))
    .transform((picked) => [...new Set(picked)]);
}

export const listInput = z.object({
  search: z.string().max(200).default(''),
  status: choiceOf(LEAD_STATUSES).default([]),
  temperature: choiceOf([...TEMPERATURES, 'none'] as const).default([]),
  source: z.string().max(80).optional(),
  departement: z.string().max(3).optional(),
  importId: z.number().int().positive().optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  sort: z.enum(['received_desc', 'received_asc', 'score_desc', 'name']).default('received_desc'),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});
export type ListInput = z.output<typeof listInput>;

const ORDER: Record<ListInput['sort'], string> = {
  received_desc: 'received_at DESC, id DESC',
  received_asc: 'received_at ASC, id ASC',
  score_desc: 'score DESC, received_at DESC',
  name: 'last_name COLLATE NOCASE, first_name COLLATE NOCASE, id',
};

/**
 * The words of what a person typed, each to be matched as the prefix of a word of the lead. A
 * phone typed as "+33 6 12" or "06 12" becomes the digits of its national form, as indexed.
 */
export function searchWords(search: string): string[] {
  const text = search.trim();
  if (!text) return [];
  if (/^[+\d][\d\s.\-()]*$/.test(text) && /\d{2}/.test(text)) {
    let digits = text.replace(/\D/g, '');
    if (text.startsWith('+33')) digits = '0' + digits.slice(2);
    else if (digits.startsWith('0033')) digits = '0' + digits.slice(4);
    return [digits];
  }
  return text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * The ids of the leads whose words match, on each engine: FTS5's MATCH on SQLite, the tsvector
 * of leads_fts on PostgreSQL (migrations/postgres/0005-leads.ts: the same words, folded the
 * same way, so both find the same leads). Words hold only letters and digits, so quoting them
 * needs no escaping.
 */
function fullText(db: Db, words: string[]): { sql: string; param: string } {
  if (db.engine === 'postgres') {
    return { sql: "SELECT lead_id FROM leads_fts WHERE document @@ to_tsquery('lead_search', ?)", param: words.map((w) => `'${w}':*`).join(' & ') };
  }
  return { sql: 'SELECT rowid FROM leads_fts WHERE leads_fts MATCH ?', param: words.map((w) => `"${w}"*`).join(' ') };
}

/**
 * How a text search reaches the leads. `set`: the matching ids (full text, or the source's
 * reference) fetched first, then their leads by key; what counts them, and what pages through
 * a few hundred matches. `scan`: the leads read in the list's order, each kept if its id is
 * among the matches, stopping at the page's end; what pages through many matches. Measured on
 * 50,000 leads (PostgreSQL, which cannot turn the OR of `scan` into index lookups): counting
 * 1,400 matches 2-3 ms as a set against 60-80 ms as a scan; the first page of 1,400 matches
 * 3-9 ms as a scan against 55-80 ms as a set (its planner joins by a pass over every lead), and
 * of 130 matches 1-3 ms as a set against 20-30 ms as a scan, which reads half the table to
 * fill the page (a search matching nothing, the whole table).
 */
type TextForm = 'set' | 'scan';
/** Up to this many matches, a page is read as a set. */
const PAGE_AS_SET = 500;

function where(db: Db, input: ListInput, form: TextForm): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  // The words of names, phone, e-mail, town and company, or the source's own reference as typed.
  const text = input.search.trim();
  const words = searchWords(text);
  if (words.length) {
    const match = fullText(db, words);
    clauses.push(form === 'set' ? `id IN (${match.sql} UNION SELECT id FROM leads WHERE ${SAME_REFERENCE})` : `(id IN (${match.sql}) OR (${SAME_REFERENCE}))`);
    params.push(match.param, text);
  } else if (text) {
    clauses.push(SAME_REFERENCE);
    params.push(text);
  }
  if (input.status.length) {
    clauses.push(`status IN (${input.status.map(() => '?').join(', ')})`);
    params.push(...input.status);
  }
  if (input.temperature.length) {
    const temps = input.temperature.filter((t) => t !== 'none');
    const parts = temps.length ? [`temperature IN (${temps.map(() => '?').join(', ')})`] : [];
    if (input.temperature.includes('none')) parts.push('temperature IS NULL');
    clauses.push(`(${parts.join(' OR ')})`);
    params.push(...temps);
  }
  const eq: [string, unknown][] = [
    ['source', input.source],
    ['departement', input.departement],
    ['import_id', input.importId],
  ];
  for (const [column, value] of eq) {
    if (value === undefined) continue;
    clauses.push(`${column} = ?`);
    params.push(value);
  }
  if (input.from !== undefined) clauses.push(`received_at >= ${Number(input.from)}`);
  if (input.to !== undefined) clauses.push(`received_at < ${Number(input.to)}`);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** How many leads the filters select, and the `max` first of them from `offset` in the list's order. */
function page(db: Db, input: ListInput, max: number, offset: number): { total: number; rows: LeadRow[] } {
  const counted = where(db, input, 'set');
  const total = Number((db.prepare(`SELECT count(*) AS n FROM leads ${counted.sql}`).get(...counted.params) as { n: number }).n);
  const { sql, params } = total <= PAGE_AS_SET ? counted : where(db, input, 'scan');
  const rows = db.prepare(`SELECT * FROM leads ${sql} ORDER BY ${ORDER[input.sort]} LIMIT ? OFFSET ?`).all(...params, max, offset) as LeadRow[];
  return { total, rows };
}

export function listLeads(db: Db, input: ListInput) {
  const { total, rows } = page(db, input, input.limit, input.offset);
  return { total, limit: input.limit, offset: input.offset, items: rows.map(toLead) };
}

/** Every lead the filters select, in the list's order, up to `max` (an export). */
export function selectLeads(db: Db, input: ListInput, max: number): { total: number; items: ReturnType<typeof toLead>[] } {
  const { total, rows } = page(db, input, max, 0);
  return { total, items: rows.map(toLead) };
}

/** SQL for leads and their events; rows in, plain objects out. */
import { insertId, prepared, type Db } from '../db/connection';
import { insertRows } from '../db/insert-rows';
import { claimVersion } from '../db/row-version';
import {
  EMPTY_AINT,
  EMPTY_BANT,
  type Aint,
  type Bant,
  type Lead,
  type LeadEvent,
  type LeadFields,
  type LeadStatus,
  type ScoreLine,
  type Temperature,
  type ExtraField,
  type LocationCheck,
} from './schema';

/** A camelCase name as its snake_case column: `postalCode` -> `postal_code`. */
type Snake<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}` : S;
/** An object's fields under their column names, with the same types. */
type AsColumns<T> = { [K in keyof T & string as Snake<K>]: T[K] };

/** A leads row: the stored fields under their column names, the JSON ones as text. */
export interface LeadRow extends AsColumns<Omit<LeadFields, 'extra' | 'locationCheck'>> {
  id: number;
  bant: string;
  aint: string;
  temperature: Temperature | null;
  score: number;
  score_breakdown: string;
  status: LeadStatus;
  requalify_on: string | null;
  extra: string;
  location_check: string | null;
  import_id: number | null;
  import_line: number | null;
  owner_member_id?: number | null;
  reassignments?: number;
  anonymised_at?: number | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export function toLead(r: LeadRow): Lead {
  return {
    id: r.id,
    civility: r.civility,
    firstName: r.first_name,
    lastName: r.last_name,
    phone: r.phone,
    email: r.email,
    company: r.company,
    companySize: r.company_size,
    address: r.address,
    postalCode: r.postal_code,
    city: r.city,
    country: r.country,
    lat: r.lat,
    lon: r.lon,
    geoPrecision: r.geo_precision,
    departement: r.departement,
    source: r.source,
    channel: r.channel,
    campaign: r.campaign,
    product: r.product,
    comment: r.comment,
    consentAt: r.consent_at,
    consentHow: r.consent_how,
    consentFor: r.consent_for,
    bant: { ...EMPTY_BANT, ...(JSON.parse(r.bant) as Partial<Bant>) },
    aint: { ...EMPTY_AINT, ...(JSON.parse(r.aint) as Partial<Aint>) },
    temperature: r.temperature,
    score: r.score,
    scoreBreakdown: JSON.parse(r.score_breakdown) as ScoreLine[],
    status: r.status,
    requalifyOn: r.requalify_on,
    receivedAt: r.received_at,
    externalRef: r.external_ref,
    budgetText: r.budget_text,
    timelineText: r.timeline_text,
    extra: JSON.parse(r.extra) as ExtraField[],
    locationCheck: r.location_check === null ? null : (JSON.parse(r.location_check) as LocationCheck),
    importId: r.import_id,
    importLine: r.import_line,
    ownerMemberId: r.owner_member_id ?? null,
    reassignments: r.reassignments ?? 0,
    anonymisedAt: r.anonymised_at ?? null,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Lead field -> column, for the fields a person or an import may set. */
export const FIELD_COLUMNS: Record<keyof LeadFields, string> = {
  civility: 'civility',
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'phone',
  email: 'email',
  company: 'company',
  companySize: 'company_size',
  address: 'address',
  postalCode: 'postal_code',
  city: 'city',
  country: 'country',
  lat: 'lat',
  lon: 'lon',
  geoPrecision: 'geo_precision',
  departement: 'departement',
  source: 'source',
  channel: 'channel',
  campaign: 'campaign',
  product: 'product',
  comment: 'comment',
  consentAt: 'consent_at',
  consentHow: 'consent_how',
  consentFor: 'consent_for',
  receivedAt: 'received_at',
  externalRef: 'external_ref',
  budgetText: 'budget_text',
  timelineText: 'timeline_text',
  extra: 'extra',
  locationCheck: 'location_check',
};

/** A field's value as its column stores it: the lists and objects as JSON. */
export function columnValue(value: LeadFields[keyof LeadFields]): unknown {
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
}
const FIELD_KEYS = Object.keys(FIELD_COLUMNS) as (keyof LeadFields)[];

export interface NewLead {
  fields: LeadFields;
  /** BANT answers read from the source (an import's budget and timeline columns). */
  bant?: Bant;
  score: number;
  scoreBreakdown: ScoreLine[];
  status?: LeadStatus;
  temperature?: Temperature | null;
  importId?: number | null;
  importLine?: number | null;
}

export const INSERT_COLUMNS = `${FIELD_KEYS.map((k) => FIELD_COLUMNS[k]).join(', ')}, bant, score, score_breakdown, status, temperature, import_id, import_line, created_at, updated_at`;
const INSERT_SQL = `INSERT INTO leads (${INSERT_COLUMNS}) VALUES (${FIELD_KEYS.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A new lead's values, in the order of INSERT_COLUMNS. */
/**
 * Leads whose source reference is the bound value, in any case. Its second term, true whenever
 * the value is not empty, is the WHERE of leads_by_external_ref (migration 0035): SQLite and
 * PostgreSQL read that index only for a query that repeats it.
 */
export const SAME_REFERENCE = "external_ref = ? COLLATE NOCASE AND external_ref <> ''";

export function leadValues(lead: NewLead, now: number): unknown[] {
  const values = FIELD_KEYS.map((k) => columnValue(lead.fields[k]));
  values.push(
    JSON.stringify(lead.bant ?? {}),
    lead.score,
    JSON.stringify(lead.scoreBreakdown),
    lead.status ?? 'new',
    lead.temperature ?? null,
    lead.importId ?? null,
    lead.importLine ?? null,
    now,
    now,
  );
  return values;
}

/** Inserts a lead and returns its id. */
export function insertLead(db: Db, lead: NewLead, now: number): number {
  return insertId(db, INSERT_SQL, ...leadValues(lead, now));
}

/** Inserts leads whose ids were reserved beforehand (reserveLeadIds, core/leads/bulk.ts), several rows per statement: an import's batch. */
export function insertLeadsWithIds(db: Db, leads: readonly (NewLead & { id: number })[], now: number): void {
  insertRows(
    db,
    'leads',
    `id, ${INSERT_COLUMNS}`,
    leads.map((lead) => [lead.id, ...leadValues(lead, now)]),
  );
}

export function addEvent(db: Db, leadId: number, type: string, at: number, actor: string, data: object = {}): void {
  prepared(db, 'INSERT INTO lead_events (lead_id, type, at, actor, data) VALUES (?, ?, ?, ?, ?)').run(leadId, type, at, actor, JSON.stringify(data));
}

export function getLead(db: Db, id: number): Lead | undefined {
  const row = prepared(db, 'SELECT * FROM leads WHERE id = ?').get(id) as LeadRow | undefined;
  return row && toLead(row);
}

/**
 * Claims the lead for an edit made from version `expected` (core/db/row-version.ts); a stale one
 * gets the lead now and the actor of its latest event, who changed it last.
 */
export function claimLead(db: Db, id: number, expected: number | undefined): void {
  claimVersion(db, 'leads', id, expected, () => {
    const current = getLead(db, id);
    if (!current) return undefined;
    const actor = prepared(db, 'SELECT actor FROM lead_events WHERE lead_id = ? ORDER BY at DESC, id DESC LIMIT 1').pluck().get(id) as string | undefined;
    return { current, changedBy: actor ?? null };
  });
}

export function listEvents(db: Db, leadId: number): LeadEvent[] {
  const rows = prepared(db, 'SELECT * FROM lead_events WHERE lead_id = ? ORDER BY at, id').all(leadId) as { id: number; lead_id: number; type: string; at: number; actor: string; data: string }[];
  return rows.map((r) => ({ id: r.id, leadId: r.lead_id, type: r.type, at: r.at, actor: r.actor, data: JSON.parse(r.data) as Record<string, unknown> }));
}

/** Writes the given columns (already in column names), touches updated_at and raises the row's version. */
export function updateColumns(db: Db, id: number, columns: Record<string, unknown>, now: number): void {
  const names = Object.keys(columns);
  if (names.length === 0) return;
  const sets = names.map((c) => `${c} = @${c}`).join(', ');
  prepared(db, `UPDATE leads SET ${sets}, updated_at = @now__, version = version + 1 WHERE id = @id__`).run({ ...columns, now__: now, id__: id });
}

export function writeFields(db: Db, id: number, fields: Partial<LeadFields>, now: number): void {
  const columns: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields) as [keyof LeadFields, LeadFields[keyof LeadFields]][]) columns[FIELD_COLUMNS[k]] = columnValue(v);
  updateColumns(db, id, columns, now);
}

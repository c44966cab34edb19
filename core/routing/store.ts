/** SQL for routing: settings versions, dispatches (the owner history) and pool offers. */
import { insertId, prepared, type Db } from '../db/connection';
import { jsonInteger } from '../db/json';
import { DEFAULT_ROUTING_SETTINGS, routingSettingsSchema, type RoutingSettings } from './settings';
import type { Decision } from './types';

export interface SettingsVersion {
  version: number | null;
  settings: RoutingSettings;
  createdAt: number | null;
  actor: string | null;
}

export function currentSettings(db: Db): SettingsVersion {
  const row = db.prepare('SELECT id, settings, created_at AS "createdAt", actor FROM routing_settings ORDER BY id DESC LIMIT 1').get() as
    { id: number; settings: string; createdAt: number; actor: string } | undefined;
  if (!row) return { version: null, settings: DEFAULT_ROUTING_SETTINGS, createdAt: null, actor: null };
  return { version: row.id, settings: routingSettingsSchema.parse(JSON.parse(row.settings)), createdAt: row.createdAt, actor: row.actor };
}

export function saveSettings(db: Db, settings: RoutingSettings, now: number, actor: string): SettingsVersion {
  const version = db.prepare('INSERT INTO routing_settings (settings, created_at, actor) VALUES (?, ?, ?) RETURNING id').pluck().get(JSON.stringify(settings), now, actor) as number;
  return { version, settings, createdAt: now, actor };
}

export function listSettingsVersions(db: Db): SettingsVersion[] {
  const rows = db.prepare('SELECT id, settings, created_at AS "createdAt", actor FROM routing_settings ORDER BY id DESC LIMIT 100').all() as {
    id: number;
    settings: string;
    createdAt: number;
    actor: string;
  }[];
  return rows.map((r) => ({ version: r.id, settings: routingSettingsSchema.parse(JSON.parse(r.settings)), createdAt: r.createdAt, actor: r.actor }));
}

export interface DispatchRow {
  id: number;
  leadId: number;
  outcome: 'member' | 'pool' | 'head_office';
  memberId: number | null;
  memberName: string | null;
  manualReason: string | null;
  settingsVersion: number | null;
  decision: Decision;
  at: number;
  actor: string;
  acceptDueAt: number | null;
  endedAt: number | null;
  endReason: 'accepted' | 'declined' | 'expired' | 'claimed' | 'cancelled' | null;
  offeredTo: number[];
}

// The pool's members in rank order, as a JSON array's text: each engine has its own aggregate.
const OFFERED_TO: Record<Db['engine'], string> = {
  sqlite: '(SELECT json_group_array(member_id) FROM (SELECT member_id FROM pool_offers p WHERE p.dispatch_id = d.id ORDER BY rank))',
  postgres: "(SELECT coalesce(json_agg(member_id ORDER BY rank), '[]') FROM pool_offers p WHERE p.dispatch_id = d.id)",
};

function dispatchSelect(db: Db): string {
  return `SELECT d.id, d.lead_id AS "leadId", d.outcome, d.member_id AS "memberId", m.name AS "memberName", d.manual_reason AS "manualReason",
  d.settings_version AS "settingsVersion", d.decision, d.at, d.actor, d.accept_due_at AS "acceptDueAt", d.ended_at AS "endedAt", d.end_reason AS "endReason",
  ${OFFERED_TO[db.engine]} AS "offeredTo"
  FROM dispatches d LEFT JOIN members m ON m.id = d.member_id`;
}

function toDispatch(r: Record<string, unknown>): DispatchRow {
  return { ...(r as unknown as DispatchRow), decision: JSON.parse(r.decision as string) as Decision, offeredTo: JSON.parse(r.offeredTo as string) as number[] };
}

export function insertDispatch(db: Db, d: Omit<DispatchRow, 'id' | 'memberName' | 'endedAt' | 'endReason'>): number {
  const id = insertId(
    db,
    `INSERT INTO dispatches (lead_id, outcome, member_id, manual_reason, settings_version, decision, at, actor, accept_due_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    d.leadId,
    d.outcome,
    d.memberId,
    d.manualReason,
    d.settingsVersion,
    JSON.stringify(d.decision),
    d.at,
    d.actor,
    d.acceptDueAt,
  );
  const offer = prepared(db, 'INSERT INTO pool_offers (dispatch_id, member_id, rank) VALUES (?, ?, ?)');
  d.offeredTo.forEach((memberId, rank) => offer.run(id, memberId, rank + 1));
  return id;
}

export function openDispatch(db: Db, leadId: number): DispatchRow | undefined {
  const row = prepared(db, `${dispatchSelect(db)} WHERE d.lead_id = ? AND d.ended_at IS NULL ORDER BY d.id DESC LIMIT 1`).get(leadId) as Record<string, unknown> | undefined;
  return row && toDispatch(row);
}

/**
 * The open dispatch's id and outcome only: what dispatching checks and cancels, without reading
 * its decision. The latest is picked here rather than by ORDER BY ... LIMIT 1, whose sorter
 * cost more than the lookup itself on every lead a bulk dispatch or the re-assignment job routes.
 */
export function openDispatchRef(db: Db, leadId: number): Pick<DispatchRow, 'id' | 'outcome'> | undefined {
  const open = prepared(db, 'SELECT id, outcome FROM dispatches WHERE lead_id = ? AND ended_at IS NULL').all(leadId) as Pick<DispatchRow, 'id' | 'outcome'>[];
  return open.reduce<Pick<DispatchRow, 'id' | 'outcome'> | undefined>((latest, d) => (latest && latest.id > d.id ? latest : d), undefined);
}

export function dispatchesOf(db: Db, leadId: number): DispatchRow[] {
  return (db.prepare(`${dispatchSelect(db)} WHERE d.lead_id = ? ORDER BY d.id`).all(leadId) as Record<string, unknown>[]).map(toDispatch);
}

/**
 * Ends a dispatch still open; false when it had ended already. The condition is what makes an
 * answer atomic across server processes: of two answers racing for one dispatch (two claims of
 * a pooled lead, an acceptance and the re-assignment job), the second UPDATE waits for the
 * first's commit on PostgreSQL, then finds the row ended and changes nothing.
 */
export function endDispatch(db: Db, id: number, reason: NonNullable<DispatchRow['endReason']>, at: number): boolean {
  return prepared(db, 'UPDATE dispatches SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL').run(at, reason, id).changes === 1;
}

/** Members who declined this lead or let it expire: they are not offered it again (in id order; deduplicated here, for the same reason as above). */
export function excludedMembers(db: Db, leadId: number): number[] {
  const ids = prepared(db, "SELECT member_id FROM dispatches WHERE lead_id = ? AND member_id IS NOT NULL AND end_reason IN ('declined','expired')").pluck().all(leadId) as number[];
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** The timeline event saying a dispatch's re-assignment failed (see reassign.ts). */
export const REASSIGN_FAILED = 'reassign_failed';

const OVERDUE = "FROM dispatches WHERE ended_at IS NULL AND outcome = 'member' AND accept_due_at IS NOT NULL AND accept_due_at < ?";

/**
 * A dispatch whose re-assignment failed, and whose lead has not changed since (its updated_at
 * is not later than the failure): retrying it would fail the same way, so the job leaves it
 * until a person edits the lead.
 */
const heldBack = (db: Db) => `EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = dispatches.lead_id AND e.type = '${REASSIGN_FAILED}'
  AND e.at >= (SELECT updated_at FROM leads l WHERE l.id = dispatches.lead_id) AND ${jsonInteger(db.engine, 'e.data', 'dispatchId')} = dispatches.id)`;

export interface OverdueDispatch {
  id: number;
  leadId: number;
  acceptDueAt: number;
}

/** Open push dispatches whose acceptance deadline has passed (but not those held back after a failure), oldest deadline first. */
export function expiredDispatches(db: Db, now: number, limit: number): OverdueDispatch[] {
  return db.prepare(`SELECT id, lead_id AS "leadId", accept_due_at AS "acceptDueAt" ${OVERDUE} AND NOT ${heldBack(db)} ORDER BY accept_due_at, id LIMIT ?`).all(now, limit) as OverdueDispatch[];
}

/** How many overdue dispatches wait for the re-assignment job, and how many it holds back after a failure. */
export function countOverdue(db: Db, now: number): { backlog: number; failed: number } {
  const [all, failed] = db
    .prepare(`SELECT count(*), count(*) FILTER (WHERE ${heldBack(db)}) ${OVERDUE}`)
    .raw()
    .get(now) as [number, number];
  return { backlog: all - failed, failed };
}

/**
 * Pull mode for members: the pooled leads offered to the member (routing put them in the pool
 * for the members of their area and product lines: pool_offers), and the weekly limit of leads a
 * member may take from it, its capacity per week (the routing's own measure of what it can work).
 * A lead past its claim deadline is no longer listed: it is going back to the head office.
 */
import type { Context } from '../commands/define';
import { prepared, type Db } from '../db/connection';
import { toLead, type LeadRow } from '../leads/store';
import { readSettings, slaSettings } from '../settings/read';
import { memberView, type MemberLead } from './view';

const WEEK_MS = 7 * 24 * 3_600_000;
const POOL_SHOWN = 200;

export function poolFor(ctx: Context, memberId: number): MemberLead[] {
  const sla = slaSettings(readSettings(ctx));
  const rows = prepared(
    ctx.db,
    `SELECT l.*, d.at AS dispatched_at FROM pool_offers p JOIN dispatches d ON d.id = p.dispatch_id JOIN leads l ON l.id = d.lead_id
     WHERE p.member_id = ? AND d.outcome = 'pool' AND d.ended_at IS NULL AND l.status = 'dispatched' AND (d.accept_due_at IS NULL OR d.accept_due_at > ?) ORDER BY d.at, l.id LIMIT ?`,
  ).all(memberId, ctx.now(), POOL_SHOWN) as (LeadRow & { dispatched_at: number })[];
  return rows.map((r) => memberView(toLead(r), Number(r.dispatched_at), null, sla, ctx.now()));
}

/** Leads the member took from the pool in the last seven days. */
export function claimsThisWeek(db: Db, memberId: number, now: number): number {
  return Number(
    prepared(db, "SELECT count(*) FROM dispatches d JOIN leads l ON l.id = d.lead_id WHERE d.outcome = 'pool' AND d.end_reason = 'claimed' AND d.ended_at > ? AND l.owner_member_id = ?")
      .pluck()
      .get(now - WEEK_MS, memberId),
  );
}

export function claimLimit(db: Db, memberId: number): number {
  return Number(prepared(db, 'SELECT capacity_per_week FROM members WHERE id = ?').pluck().get(memberId) ?? 0);
}

/**
 * Pull mode's deadline: a lead published to the pool carries a claim deadline, the acceptance
 * deadline of its temperature counted from its publication (common/sla.ts, stored with the
 * dispatch as a member's dispatch stores its own, and moved with the SLA settings by
 * deadlines.ts). A pooled lead nobody took by then goes back to the head office: its pool dispatch
 * ends as expired, the lead is qualified again with no owner (the head office dispatches it by
 * hand, as after the re-assignment limit) and its timeline says why. The background jobs run this
 * (core/jobs/scheduler.ts, in one process at a time); the conditional end of the dispatch makes
 * each lead fall back once even so, and lets a claim racing the job win or lose whole.
 */
import type { Context } from '../commands/define';
import { prepared, type Db } from '../db/connection';
import { addEvent, updateColumns } from '../leads/store';
import { endDispatch } from './store';

/** Pool dispatches ended per transaction. */
export const POOL_SLICE = 250;

/** The timeline event of a pooled lead nobody took in time. */
export const POOL_EXPIRED = 'pool_expired';

interface Unclaimed {
  id: number;
  leadId: number;
  dueAt: number;
}

/** Open pool dispatches whose claim deadline has passed, oldest deadline first (the open dispatches' deadline index). */
function unclaimed(db: Db, now: number, limit: number): Unclaimed[] {
  return (
    prepared(
      db,
      `SELECT id, lead_id AS "leadId", accept_due_at AS "dueAt" FROM dispatches
       WHERE ended_at IS NULL AND outcome = 'pool' AND accept_due_at IS NOT NULL AND accept_due_at < ? ORDER BY accept_due_at, id LIMIT ?`,
    ).all(now, limit) as Unclaimed[]
  ).map((d) => ({ id: Number(d.id), leadId: Number(d.leadId), dueAt: Number(d.dueAt) }));
}

/** One slice, in one transaction: gives the leads sent back to the head office. */
export function returnUnclaimed(ctx: Context, limit = POOL_SLICE): number[] {
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const back: number[] = [];
    for (const d of unclaimed(ctx.db, now, limit)) {
      // Claimed meanwhile (another process, or a member a moment ago): left as it is.
      if (!endDispatch(ctx.db, d.id, 'expired', now)) continue;
      updateColumns(ctx.db, d.leadId, { status: 'qualified', owner_member_id: null }, now);
      addEvent(ctx.db, d.leadId, POOL_EXPIRED, now, ctx.actor, { dispatchId: d.id, claimDueAt: d.dueAt });
      back.push(d.leadId);
    }
    return back;
  })();
}

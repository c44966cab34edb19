/**
 * Re-assignment: a lead declined, or not accepted before its deadline (counted in business
 * hours), goes to the next candidate — never back to a member who declined or let it expire —
 * until the maximum number of re-assignments, after which the head office takes it.
 */
import type { Context } from '../commands/define';
import { prepared } from '../db/connection';
import { addEvent, updateColumns } from '../leads/store';
import { dispatchLead, startRun, type DispatchRun } from './dispatch';
import { currentSettings, endDispatch, expiredDispatches, REASSIGN_FAILED } from './store';

/**
 * Overdue dispatches re-routed in one transaction, against one network snapshot: a few hundred
 * keep the write lock short and the memory flat, and the snapshot is paid once for all of them.
 */
export const REASSIGN_SLICE = 250;

/** A deadline that passed this long before the scan (the app was closed) is noted on the lead's timeline. */
export const LATE_NOTE_MS = 3_600_000;

export function reroute(ctx: Context, leadId: number, why: 'declined' | 'expired', run?: DispatchRun): void {
  const settings = run?.settings ?? currentSettings(ctx.db);
  const count = (prepared(ctx.db, 'SELECT reassignments FROM leads WHERE id = ?').pluck().get(leadId) as number) + 1;
  if (count > settings.settings.maxReassignments) {
    updateColumns(ctx.db, leadId, { reassignments: count, status: 'qualified', owner_member_id: null }, ctx.now());
    addEvent(ctx.db, leadId, 'routed_to_head_office', ctx.now(), ctx.actor, { reason: 'reassignment_limit', reassignments: count - 1, after: why });
    return;
  }
  // The count goes with the dispatch's one write of the lead's new status and owner.
  const result = dispatchLead(ctx, leadId, { run, rerouting: true, reassignments: count });
  addEvent(ctx.db, leadId, 'reassigned', ctx.now(), ctx.actor, { after: why, reassignment: count, dispatchId: result.dispatchId, memberId: result.memberId });
}

export interface ScanResult {
  expired: number;
  leadIds: number[];
  /** Leads whose re-assignment failed: left with their member, their timeline says why, held back until the lead changes. */
  failed: { leadId: number; dispatchId: number; errorName: string }[];
}

/**
 * One slice of the scheduler's job (and `aiguillage call sla.scan`): expire the `limit` oldest
 * overdue dispatches and re-route their leads from now. Run in one transaction by the command,
 * so a slice cut off by a crash is redone whole and no lead is re-routed twice. Each lead is
 * re-routed in its own savepoint: one that fails (a damaged row, a bug on some edge case) is
 * rolled back alone, noted on its timeline and held back (see expiredDispatches), so it
 * neither undoes the slice nor stands at the head of the queue on every tick.
 */
export function expireOverdue(ctx: Context, limit = REASSIGN_SLICE): ScanResult {
  const now = ctx.now();
  const overdue = expiredDispatches(ctx.db, now, limit);
  const result: ScanResult = { expired: 0, leadIds: [], failed: [] };
  if (!overdue.length) return result;
  // The slice happens at one instant (it is one transaction): its leads share one run.
  const at: Context = { ...ctx, now: () => now };
  let run = startRun(at);
  for (const d of overdue) {
    try {
      ctx.db.transaction(() => {
        endDispatch(ctx.db, d.id, 'expired', now);
        const late = now - d.acceptDueAt;
        addEvent(ctx.db, d.leadId, 'expired', now, ctx.actor, { dispatchId: d.id, ...(late >= LATE_NOTE_MS ? { acceptDueAt: d.acceptDueAt, foundLateMs: late } : {}) });
        reroute(at, d.leadId, 'expired', run);
      })();
      result.expired++;
      result.leadIds.push(d.leadId);
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      addEvent(ctx.db, d.leadId, REASSIGN_FAILED, now, ctx.actor, { dispatchId: d.id, error: message.slice(0, 500) });
      result.failed.push({ leadId: d.leadId, dispatchId: d.id, errorName: error instanceof Error ? error.name : 'Error' });
      // The snapshot may have counted the rolled-back assignment: read it again for the rest of the slice.
      run = startRun(at);
    }
  }
  return result;
}

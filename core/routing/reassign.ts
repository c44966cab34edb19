/**
 * Re-assignment: a lead declined, or not accepted before its deadline (counted in business
 * hours), goes to the next candidate — never back to a member who declined or let it expire —
 * until the maximum number of re-assignments, after which the head office takes it.
 */
import type { Context } from '../commands/define';
import { prepared } from '../db/connection';
import { addEvent, updateColumns } from '../leads/store';
import { dispatchable, planDispatch, startRun, writeDispatches, type DispatchPlan, type DispatchRun } from './dispatch';
import { recordAssignment } from './snapshot';
import { currentSettings, endDispatch, expiredDispatches, REASSIGN_FAILED, type OverdueDispatch } from './store';

/**
 * Overdue dispatches re-routed in one transaction, against one network snapshot: a few hundred
 * keep the write lock short and the memory flat, and the snapshot is paid once for all of them.
 */
export const REASSIGN_SLICE = 250;

/** A deadline that passed this long before the scan (the app was closed) is noted on the lead's timeline. */
export const LATE_NOTE_MS = 3_600_000;

export function reroute(ctx: Context, leadId: number, why: 'declined' | 'expired'): void {
  rerouteLeads(ctx, [leadId], why);
}

/**
 * Re-routes leads whose dispatch just ended, at one instant, against `run` when given (the caller
 * builds it again if this throws: its snapshot may count assignments that were rolled back).
 * Routed lead after lead against the snapshot, then written one kind of row at a time across
 * them (see writeDispatches); each lead's timeline reads as before: its dispatch, then its
 * re-assignment.
 */
function rerouteLeads(ctx: Context, leadIds: number[], why: 'declined' | 'expired', run?: DispatchRun): void {
  const settings = run?.settings ?? currentSettings(ctx.db);
  const now = ctx.now();
  const toHeadOffice: { leadId: number; count: number }[] = [];
  const plans: { plan: DispatchPlan; count: number }[] = [];
  for (const leadId of leadIds) {
    const count = (prepared(ctx.db, 'SELECT reassignments FROM leads WHERE id = ?').pluck().get(leadId) as number) + 1;
    if (count > settings.settings.maxReassignments) {
      toHeadOffice.push({ leadId, count });
      continue;
    }
    run ??= startRun(ctx);
    // The count goes with the dispatch's one write of the lead's new status and owner.
    const plan = planDispatch(ctx, dispatchable(ctx, leadId, true), run, { rerouting: true, reassignments: count });
    if (plan.memberId !== null) recordAssignment(run.snapshot, plan.memberId, now);
    plans.push({ plan, count });
  }
  for (const { leadId, count } of toHeadOffice) updateColumns(ctx.db, leadId, { reassignments: count, status: 'qualified', owner_member_id: null }, now);
  for (const { leadId, count } of toHeadOffice) addEvent(ctx.db, leadId, 'routed_to_head_office', now, ctx.actor, { reason: 'reassignment_limit', reassignments: count - 1, after: why });
  if (!plans.length) return;
  const ids = writeDispatches(
    ctx,
    run!,
    plans.map((p) => p.plan),
  );
  plans.forEach(({ plan, count }, i) => addEvent(ctx.db, plan.lead.id, 'reassigned', now, ctx.actor, { after: why, reassignment: count, dispatchId: ids[i], memberId: plan.memberId }));
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
  // The whole slice at once (a lead twice in it, two of its dispatches overdue, goes lead by lead).
  if (new Set(overdue.map((d) => d.leadId)).size === overdue.length) {
    try {
      const leadIds = ctx.db.transaction(() => expire(at, overdue, startRun(at)))();
      return { expired: leadIds.length, leadIds, failed: [] };
    } catch {
      // A lead of the slice cannot be re-routed: the slice is undone and redone lead by lead below, which finds it.
    }
  }
  let run = startRun(at);
  for (const d of overdue) {
    try {
      const [leadId] = ctx.db.transaction(() => expire(at, [d], run))();
      if (leadId === undefined) continue;
      result.expired++;
      result.leadIds.push(leadId);
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

/**
 * Ends the overdue dispatches (a note on the timeline when the scan found one long after its
 * deadline) and re-routes their leads; gives those leads. A dispatch another process ended
 * meanwhile (its member accepted it) is left alone.
 */
function expire(ctx: Context, overdue: OverdueDispatch[], run: DispatchRun): number[] {
  const now = ctx.now();
  const ended = overdue.filter((d) => endDispatch(ctx.db, d.id, 'expired', now));
  for (const d of ended) {
    const late = now - d.acceptDueAt;
    addEvent(ctx.db, d.leadId, 'expired', now, ctx.actor, { dispatchId: d.id, ...(late >= LATE_NOTE_MS ? { acceptDueAt: d.acceptDueAt, foundLateMs: late } : {}) });
  }
  const leadIds = ended.map((d) => d.leadId);
  rerouteLeads(ctx, leadIds, 'expired', run);
  return leadIds;
}

/**
 * Re-assignment: a lead declined, or not accepted before its deadline (counted in business
 * hours), goes to the next candidate — never back to a member who declined or let it expire —
 * until the maximum number of re-assignments, after which the head office takes it.
 */
import type { Context } from '../commands/define';
import { addEvent, getLead, updateColumns } from '../leads/store';
import { dispatchLead } from './dispatch';
import { currentSettings, endDispatch, expiredDispatches } from './store';

export function reroute(ctx: Context, leadId: number, why: 'declined' | 'expired'): void {
  const lead = getLead(ctx.db, leadId)!;
  const settings = currentSettings(ctx.db);
  const count = (ctx.db.prepare('SELECT reassignments FROM leads WHERE id = ?').pluck().get(leadId) as number) + 1;
  updateColumns(ctx.db, leadId, { reassignments: count, status: 'declined', owner_member_id: null }, ctx.now());
  if (count > settings.settings.maxReassignments) {
    updateColumns(ctx.db, leadId, { status: 'qualified' }, ctx.now());
    addEvent(ctx.db, leadId, 'routed_to_head_office', ctx.now(), ctx.actor, { reason: 'reassignment_limit', reassignments: count - 1, after: why });
    return;
  }
  const result = dispatchLead(ctx, lead.id, { settings });
  addEvent(ctx.db, leadId, 'reassigned', ctx.now(), ctx.actor, { after: why, reassignment: count, dispatchId: result.dispatchId, memberId: result.memberId });
}

/** The scheduler's job (and `aiguillage call sla.scan`): expire overdue dispatches and re-route their leads. */
export function expireOverdue(ctx: Context): { expired: number; leadIds: number[] } {
  const overdue = expiredDispatches(ctx.db, ctx.now());
  for (const d of overdue) {
    endDispatch(ctx.db, d.id, 'expired', ctx.now());
    addEvent(ctx.db, d.leadId, 'expired', ctx.now(), ctx.actor, { dispatchId: d.id });
    reroute(ctx, d.leadId, 'expired');
  }
  return { expired: overdue.length, leadIds: overdue.map((d) => d.leadId) };
}

/**
 * The acceptance deadlines stored with the open dispatches follow the SLA settings: when the
 * targets or the business calendar change, each open dispatch to a member (or to the pool, whose
 * claim deadline is the same clock) gets the deadline
 * the model gives it now (common/sla.ts). The re-assignment job, the status line, the dashboard
 * and the report then keep judging by one deadline; the lead's timeline keeps the deadline
 * announced at dispatch.
 */
import type { Temperature } from '../../common/leads';
import { acceptanceDeadline, type SlaSettings } from '../../common/sla';
import type { Db } from '../db/connection';

/** Moves the open dispatches' deadlines to the model's; returns how many moved. */
export function rescheduleOpenDispatches(db: Db, sla: SlaSettings): number {
  const open = db
    .prepare(
      `SELECT d.id, d.at, d.accept_due_at AS "dueAt", l.temperature FROM dispatches d JOIN leads l ON l.id = d.lead_id
       WHERE d.ended_at IS NULL AND d.outcome IN ('member', 'pool') AND d.accept_due_at IS NOT NULL`,
    )
    .all() as { id: number; at: number; dueAt: number; temperature: Temperature | null }[];
  const update = db.prepare('UPDATE dispatches SET accept_due_at = ? WHERE id = ?');
  let moved = 0;
  for (const d of open) {
    const dueAt = acceptanceDeadline({ temperature: d.temperature, dispatchedAt: d.at }, sla);
    if (dueAt === d.dueAt) continue;
    update.run(dueAt, d.id);
    moved++;
  }
  return moved;
}

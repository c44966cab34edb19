/**
 * One reminder per dispatch: when a lead dispatched to a member turns at risk (common/sla.ts,
 * `atRiskShare` of its acceptance time used) without an answer, the member gets a mail with new
 * links to answer it (links.ts), through the outbox. The instant is noted with the dispatch's
 * mail (outbox.ts); the jobs' tick sends what is due (scheduler.ts). Each reminder is marked done
 * by one conditional UPDATE in the transaction that writes its mail, and the job runs in one
 * process at a time (jobs/once.ts): a reminder goes once, whichever process sends it. A dispatch
 * answered, re-assigned or past its deadline by then gets none; nor does a member that chose the
 * daily digest since.
 */
import type { Context } from '../commands/define';
import { prepared, type Db } from '../db/connection';
import { getLead } from '../leads/store';
import { getMember } from '../members/store';
import { mailDeliveryOf } from './delivery';
import { issueLinks } from './links';
import { enqueueMail } from './outbox';
import { reminderMailText } from './templates';

/** Reminders looked at per slice (one transaction). */
export const REMINDER_SLICE = 200;

export function noteReminder(db: Db, dispatchId: number, remindAt: number): void {
  prepared(db, 'INSERT INTO dispatch_reminders (dispatch_id, remind_at) VALUES (?, ?)').run(dispatchId, remindAt);
}

interface DueReminder {
  dispatchId: number;
  leadId: number;
  memberId: number;
  dueAt: number;
  open: boolean;
}

/** Writes the due reminders' mails, up to `limit`; returns how many reminders it dealt with (sent or not needed). */
export function sendReminders(ctx: Context, limit = REMINDER_SLICE): { handled: number; sent: number } {
  const now = ctx.now();
  return ctx.db.transaction(() => {
    const due = (
      prepared(
        ctx.db,
        `SELECT r.dispatch_id AS "dispatchId", d.lead_id AS "leadId", d.member_id AS "memberId", d.accept_due_at AS "dueAt", d.ended_at IS NULL AS open
         FROM dispatch_reminders r JOIN dispatches d ON d.id = r.dispatch_id WHERE r.done_at IS NULL AND r.remind_at <= ? ORDER BY r.remind_at, r.dispatch_id LIMIT ?`,
      ).all(now, limit) as DueReminder[]
    ).map((r) => ({ dispatchId: Number(r.dispatchId), leadId: Number(r.leadId), memberId: Number(r.memberId), dueAt: Number(r.dueAt), open: Boolean(r.open) }));
    const done = prepared(ctx.db, 'UPDATE dispatch_reminders SET done_at = ? WHERE dispatch_id = ? AND done_at IS NULL');
    let sent = 0;
    for (const r of due) {
      if (done.run(now, r.dispatchId).changes === 0) continue;
      if (!r.open || now > r.dueAt) continue;
      const { delivery, language } = mailDeliveryOf(ctx.db, r.memberId);
      const member = getMember(ctx.db, r.memberId);
      const lead = getLead(ctx.db, r.leadId);
      if (delivery === 'digest' || !member || !lead || lead.anonymisedAt !== null) continue;
      const reference = `AIG-${lead.id}-${r.dispatchId}`;
      const text = reminderMailText(lead, member, reference, { language, dueAt: r.dueAt, links: issueLinks(ctx, r.dispatchId) });
      enqueueMail(ctx, { leadId: lead.id, dispatchId: r.dispatchId, recipient: member.email, reference: `${reference}-R`, ...text });
      sent++;
    }
    return { handled: due.length, sent };
  })();
}

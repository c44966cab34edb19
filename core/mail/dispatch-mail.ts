/** The mail a member gets when a lead is dispatched to it (outbox.ts sends it, the routing writes it with the dispatch). */
import type { Context } from '../commands/define';
import type { Lead } from '../leads/schema';
import type { Member } from '../members/schema';
import { readSettings, slaSettings } from '../settings/read';
import type { Settings } from '../settings/registry';
import { acceptanceClock } from '../../common/sla';
import { mailDeliveryOf } from './delivery';
import { issueLinks } from './links';
import { enqueueMail } from './outbox';
import { noteReminder } from './reminders';
import { dispatchMailText } from './templates';

/**
 * The mail to the member a lead was just dispatched to (the caller has both at hand, and the
 * settings of its run), in the member's language, with links to answer it when the server has a
 * public address (links.ts). A member that chose the daily digest gets none: digest.ts lists the
 * lead. A mail that goes out is followed by a reminder when the lead turns at risk unanswered
 * (reminders.ts).
 */
export function enqueueDispatchMail(ctx: Context, lead: Lead, dispatchId: number, member: Member, settings: Settings = readSettings(ctx)): void {
  const { delivery, language } = mailDeliveryOf(ctx.db, member.id);
  if (delivery === 'digest') return;
  const smtp = settings['mail.smtp'];
  const reference = `AIG-${lead.id}-${dispatchId}`;
  // A mail kept as skipped (no SMTP, no address: the demo, the re-assignment job's thousands) needs no clock, link nor reminder.
  const sending = smtp.enabled && member.email !== '';
  const clock = sending ? acceptanceClock({ temperature: lead.temperature, dispatchedAt: ctx.now() }, slaSettings(settings)) : null;
  const links = clock && issueLinks(ctx, dispatchId);
  const answer = clock && links ? { links, dueAt: clock.dueAt } : null;
  enqueueMail(ctx, { leadId: lead.id, dispatchId, recipient: member.email, reference, ...dispatchMailText(lead, member, reference, language, answer) }, smtp);
  if (clock) noteReminder(ctx.db, dispatchId, clock.riskAt);
}

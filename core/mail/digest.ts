/**
 * The daily digest (issue 18): a member that chose it (delivery.ts) gets no mail per lead but,
 * once a day from DIGEST_HOUR (Paris time), one mail listing the leads waiting for its answer,
 * each with new links to answer it (links.ts). The day's digest of a member is a row of
 * member_digests written in the transaction that writes its mail: of two processes, or two ticks,
 * only the first writes it (the job also runs in one process at a time, jobs/once.ts). A member
 * with nothing waiting gets no mail that day. A server that was stopped at DIGEST_HOUR sends the
 * day's digests when it starts again, the same day.
 */
import { TZDate } from '@date-fns/tz';
import type { Context } from '../commands/define';
import { prepared } from '../db/connection';
import { getLead } from '../leads/store';
import { getMember } from '../members/store';
import { parisDay, ZONE } from '../../common/paris';
import { mailDeliveryOf } from './delivery';
import { issueLinks } from './links';
import { enqueueMail } from './outbox';
import { digestMailText, type DigestEntry } from './templates';

/** The digest goes from 8:00 in Paris, before a working day starts. */
export const DIGEST_HOUR = 8;

/** Writes today's digests not written yet; returns how many members it dealt with (a mail or nothing waiting). */
export function sendDigests(ctx: Context): { members: number; mails: number } {
  const now = ctx.now();
  if (new TZDate(now, ZONE).getHours() < DIGEST_HOUR) return { members: 0, mails: 0 };
  const day = parisDay(now);
  const members = (
    prepared(
      ctx.db,
      `SELECT s.member_id FROM member_mail_settings s JOIN members m ON m.id = s.member_id
       WHERE s.delivery = 'digest' AND m.archived_at IS NULL AND NOT EXISTS (SELECT 1 FROM member_digests g WHERE g.member_id = s.member_id AND g.day = ?) ORDER BY s.member_id`,
    )
      .pluck()
      .all(day) as number[]
  ).map(Number);
  let mails = 0;
  for (const memberId of members) if (digestOf(ctx, memberId, day, now)) mails++;
  return { members: members.length, mails };
}

/** One member's digest for the day, in its own transaction; true when a mail was written. */
function digestOf(ctx: Context, memberId: number, day: string, now: number): boolean {
  return ctx.db.transaction(() => {
    const waiting = (
      prepared(
        ctx.db,
        `SELECT id, lead_id AS "leadId", accept_due_at AS "dueAt" FROM dispatches
         WHERE member_id = ? AND outcome = 'member' AND ended_at IS NULL AND accept_due_at >= ? ORDER BY accept_due_at, id`,
      ).all(memberId, now) as { id: number; leadId: number; dueAt: number }[]
    ).map((d) => ({ id: Number(d.id), leadId: Number(d.leadId), dueAt: Number(d.dueAt) }));
    const written = prepared(ctx.db, 'INSERT INTO member_digests (member_id, day, sent_at, leads) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING member_id')
      .pluck()
      .get(memberId, day, now, waiting.length);
    if (written === undefined || waiting.length === 0) return false;
    const member = getMember(ctx.db, memberId)!;
    const { language } = mailDeliveryOf(ctx.db, memberId);
    const entries: DigestEntry[] = waiting.map((d) => ({ lead: getLead(ctx.db, d.leadId)!, reference: `AIG-${d.leadId}-${d.id}`, dueAt: d.dueAt, links: issueLinks(ctx, d.id) }));
    enqueueMail(ctx, { recipient: member.email, reference: `AIG-DIG-${memberId}-${day}`, ...digestMailText(member, day, entries, language) });
    return true;
  })();
}

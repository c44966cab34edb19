/**
 * How a member receives its leads by mail: one mail per lead (the default) or one digest a day
 * listing the leads waiting for its answer (digest.ts), and in which language (French unless
 * said). The head office's coordinator sets it for any member, a member administrator for their
 * own member (mail/commands.ts); each change is in the audit log.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import { prepared, type Db } from '../db/connection';
import { LANGUAGES, type Language } from '../language';
import { audit } from '../privacy/audit';

export const DELIVERIES = ['each', 'digest'] as const;
export type Delivery = (typeof DELIVERIES)[number];

export interface MailDelivery {
  delivery: Delivery;
  language: Language;
}

export const DEFAULT_DELIVERY: MailDelivery = { delivery: 'each', language: 'fr' };

export const mailDeliveryInput = z.object({ delivery: z.enum(DELIVERIES), language: z.enum(LANGUAGES) });

export function mailDeliveryOf(db: Db, memberId: number): MailDelivery {
  const row = prepared(db, 'SELECT delivery, language FROM member_mail_settings WHERE member_id = ?').get(memberId) as MailDelivery | undefined;
  return row ? { delivery: row.delivery, language: row.language } : DEFAULT_DELIVERY;
}

export function setMailDelivery(ctx: Context, memberId: number, choice: MailDelivery): MailDelivery {
  prepared(
    ctx.db,
    `INSERT INTO member_mail_settings (member_id, delivery, language, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (member_id) DO UPDATE SET delivery = excluded.delivery, language = excluded.language, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(memberId, choice.delivery, choice.language, ctx.now(), ctx.actor);
  audit(ctx, 'member.mailDelivery', `member:${memberId}`, choice);
  return mailDeliveryOf(ctx.db, memberId);
}

/**
 * The e-mail outbox: dispatch mails are written here in the same transaction as the dispatch,
 * then sent by a background job with retries, so a slow or absent mail server never blocks or
 * undoes a dispatch. Without a configured SMTP server (the demo) mails are kept as "skipped".
 */
import type { Context } from '../commands/define';
import { prepared, type Db } from '../db/connection';
import { readSettings } from '../settings/read';
import { readSecret } from '../settings/secrets';
import { sendMail, type SmtpSettings, type SmtpTransport } from './smtp';

export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export interface OutboxMessage {
  id: number;
  leadId: number | null;
  dispatchId: number | null;
  recipient: string;
  subject: string;
  body: string;
  reference: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: number | null;
  createdAt: number;
  sentAt: number | null;
}

/** Waits between attempts; after the last one the message is marked failed. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];

/** Any mail: kept as skipped, with the reason, when sending is off or there is nobody to send it to. */
export function enqueueMail(
  ctx: Context,
  m: { leadId?: number; dispatchId?: number; recipient: string; subject: string; body: string; reference: string },
  smtp: SmtpSettings = readSettings(ctx)['mail.smtp'],
): void {
  const skipped = !smtp.enabled ? 'SMTP is not configured' : m.recipient === '' ? 'The member has no e-mail address' : null;
  prepared(
    ctx.db,
    `INSERT INTO outbox (lead_id, dispatch_id, recipient, subject, body, reference, status, last_error, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(m.leadId ?? null, m.dispatchId ?? null, m.recipient, m.subject, m.body, m.reference, skipped ? 'skipped' : 'pending', skipped, skipped ? null : ctx.now(), ctx.now());
}

const SELECT = `SELECT id, lead_id AS "leadId", dispatch_id AS "dispatchId", recipient, subject, body, reference, status, attempts, last_error AS "lastError",
  next_attempt_at AS "nextAttemptAt", created_at AS "createdAt", sent_at AS "sentAt" FROM outbox`;

export function listOutbox(db: Db, filter: { status?: OutboxStatus; leadId?: number; limit: number }): OutboxMessage[] {
  const where = [filter.status ? 'status = @status' : null, filter.leadId ? 'lead_id = @leadId' : null].filter(Boolean);
  return db.prepare(`${SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`).all(filter) as OutboxMessage[];
}

export function retryMessage(db: Db, id: number, now: number): void {
  db.prepare("UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = NULL WHERE id = ? AND status IN ('failed','skipped')").run(now, id);
}

/**
 * The SMTP settings with the sealed password opened, only for sending, and only when a login
 * uses it: a password this host cannot open (sealed by the desktop app) must not stop the mails
 * of a relay without login, nor fail every tick while sending is off.
 */
export function smtpTransport(ctx: Context): SmtpTransport {
  const smtp = readSettings(ctx)['mail.smtp'];
  return { ...smtp, password: smtp.enabled && smtp.user !== '' ? readSecret(ctx, 'mail.smtp.password') : '' };
}

/** Mails read and sent in one go; the scheduler sends batch after batch, up to its limit per tick. */
export const OUTBOX_BATCH = 50;

/**
 * Sends one batch of what is due, oldest first. Runs outside any command (it waits on the
 * network); each message's new state is written in its own short transaction, so a failed
 * one is not due again before its retry. Returns how many were sent and failed.
 */
export async function processOutbox(ctx: Context, smtp: SmtpTransport = smtpTransport(ctx), limit = OUTBOX_BATCH): Promise<{ sent: number; failed: number }> {
  const due = ctx.db.prepare(`${SELECT} WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`).all(ctx.now(), limit) as OutboxMessage[];
  // Read again right before each send: while an earlier message waited on the network, an
  // erasure may have deleted this one (its lead's personal data must not go out).
  const stillDue = ctx.db.prepare(`${SELECT} WHERE id = ? AND status = 'pending' AND (lead_id IS NULL OR lead_id IN (SELECT id FROM leads WHERE anonymised_at IS NULL))`);
  let sent = 0;
  let failed = 0;
  for (const { id } of due) {
    if (!smtp.enabled) break;
    const m = stillDue.get(id) as OutboxMessage | undefined;
    if (!m) continue;
    try {
      await sendMail(smtp, { to: m.recipient, subject: m.subject, text: m.body, reference: m.reference });
      ctx.db.prepare("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ?").run(ctx.now(), m.id);
      sent++;
    } catch (error) {
      failed++;
      const delay = RETRY_DELAYS_MS[m.attempts];
      ctx.db
        .prepare('UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?')
        .run(delay === undefined ? 'failed' : 'pending', String((error as Error).message).slice(0, 500), delay === undefined ? null : ctx.now() + delay, m.id);
    }
  }
  return { sent, failed };
}

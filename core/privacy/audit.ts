/**
 * The audit log: who exported or erased what, and when. Rows are written inside the command's
 * transaction, so an export or erasure that fails leaves no entry and one that succeeds always
 * has one. Subjects name leads by id (or a report's month), never by the person's e-mail or
 * phone: the log must not keep what an erasure removed.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import type { Db } from '../db/connection';

export const AUDIT_ACTIONS = ['person.export', 'person.erase', 'retention.anonymise', 'report.export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: AuditAction;
  subject: string;
  details: Record<string, unknown>;
}

export function audit(ctx: Pick<Context, 'db' | 'actor' | 'now'>, action: AuditAction, subject: string, details: object = {}): void {
  ctx.db.prepare('INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)').run(ctx.now(), ctx.actor, action, subject, JSON.stringify(details));
}

export const auditQuery = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
});

/** Newest first. */
export function listAudit(db: Db, { action, offset, limit }: z.output<typeof auditQuery>): { total: number; items: AuditEntry[] } {
  const where = action ? 'WHERE action = @action' : '';
  const total = db.prepare(`SELECT count(*) FROM audit_log ${where}`).pluck().get({ action }) as number;
  const rows = db.prepare(`SELECT * FROM audit_log ${where} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`).all({ action, limit, offset }) as (Omit<AuditEntry, 'details'> & { details: string })[];
  return { total, items: rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> })) };
}

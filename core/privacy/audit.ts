/**
 * The audit log: who exported or erased what, and when. Rows are written inside the command's
 * transaction, so an export or erasure that fails leaves no entry and one that succeeds always
 * has one. Subjects name leads by id (or a report's month), never by the person's e-mail or
 * phone: the log must not keep what an erasure removed. An erasure records its reason as a code
 * from a list (ERASURE_REASONS) and may carry a free comment, which can name the person: the
 * comment is deleted from the log COMMENT_DAYS after the erasure (expireErasureComments, run at
 * each open and by the background jobs) and never copied into the erasure ledger. The actions and
 * the reasons are listed in common/audit.ts, which the audit screen reads too.
 */
import { z } from 'zod';
import type { Context } from '../commands/define';
import { withSecureDelete, type Db } from '../db/connection';
import { releaseFreedPages } from '../db/maintenance';
import { jsonText } from '../db/json';
import { AUDIT_ACTIONS, ERASURE_REASONS, type AuditAction } from '../../common/audit';

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: AuditAction;
  subject: string;
  details: Record<string, unknown>;
}

/** Days an erasure's free comment stays in the audit log. */
export const COMMENT_DAYS = 30;

export type AuditRecord = Omit<AuditEntry, 'id'>;

export function audit(ctx: Pick<Context, 'db' | 'actor' | 'now'>, action: AuditAction, subject: string, details: object = {}): AuditRecord {
  const record: AuditRecord = { at: ctx.now(), actor: ctx.actor, action, subject, details: { ...details } };
  insertAudit(ctx.db, record);
  return record;
}

export function insertAudit(db: Db, { at, actor, action, subject, details }: AuditRecord): void {
  db.prepare('INSERT INTO audit_log (at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)').run(at, actor, action, subject, JSON.stringify(details));
}

/**
 * Deletes the free text of erasures older than COMMENT_DAYS: the comment, and a reason written
 * as free text by versions before the list (it becomes "other"). Overwritten in place
 * (secure_delete), and the WAL emptied, so the text does not linger in the file.
 */
export function expireErasureComments(ctx: Pick<Context, 'db' | 'now'>): number {
  const codes = ERASURE_REASONS.map((r) => `'${r}'`).join(', ');
  const { engine } = ctx.db;
  const reason = jsonText(engine, 'details', 'reason');
  const kept = `CASE WHEN ${reason} IN (${codes}) THEN ${reason} ELSE 'other' END`;
  const expired = engine === 'sqlite' ? `json_set(json_remove(details, '$.comment'), '$.reason', ${kept})` : `jsonb_set(details::jsonb - 'comment', '{reason}', to_jsonb(${kept}))::text`;
  const changes = withSecureDelete(
    ctx.db,
    () =>
      ctx.db
        .prepare(
          `UPDATE audit_log SET details = ${expired}
         WHERE action = 'person.erase' AND at < ?
           AND (${jsonText(engine, 'details', 'comment')} IS NOT NULL OR coalesce(${reason}, '') NOT IN (${codes}))`,
        )
        .run(ctx.now() - COMMENT_DAYS * 86_400_000).changes,
  );
  if (changes) releaseFreedPages(ctx.db, ['audit_log']);
  return changes;
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
  const rows = db.prepare(`SELECT * FROM audit_log ${where} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`).all({ action, limit, offset }) as (Omit<AuditEntry, 'details'> & {
    details: string;
  })[];
  return { total, items: rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> })) };
}

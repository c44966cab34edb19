/**
 * The erasure ledger: every erasure on request, kept OUTSIDE the database file so that
 * restoring a backup taken before it cannot bring the person back. It lives beside the
 * database (`<database>.erasures.json`, owner-only) and holds no personal data: lead ids, a
 * keyed fingerprint of each lead (HMAC of its id and creation time, under a random key kept in
 * the ledger), and the erasure's audit entry (reason code and lead ids; never the comment).
 * The fingerprint tells an erased lead from a different lead that reused its id after a restore
 * to a backup older than both. openApp re-applies the ledger after every open, so after every
 * restore: erased leads found again are anonymised again and missing audit entries come back.
 * Deleting the file by hand gives that protection up (the README says so).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { tr } from '../language';
import { anonymiseLeads, emptyWal } from './anonymise';
import { insertAudit, type AuditRecord } from './audit';

export interface LedgerErasure {
  leads: { id: number; fingerprint: string }[];
  audit: AuditRecord;
}

interface Ledger {
  version: 1;
  /** HMAC key of the fingerprints (base64). */
  key: string;
  erasures: LedgerErasure[];
}

/** Null for an in-memory database: nothing can be restored over it. */
export function ledgerPath(dbPath: string): string | null {
  return dbPath === ':memory:' ? null : `${dbPath}.erasures.json`;
}

/** A damaged ledger stops the open with a clear message: carrying on would let a restore bring erased people back unnoticed. */
function readLedger(file: string): Ledger | null {
  if (!existsSync(file)) return null;
  let ledger: Ledger | null = null;
  try {
    ledger = JSON.parse(readFileSync(file, 'utf8')) as Ledger;
  } catch {
    // reported below
  }
  if (ledger?.version !== 1 || typeof ledger.key !== 'string' || !Array.isArray(ledger.erasures)) {
    throw new AppError(
      'conflict',
      tr(
        `The erasure ledger ${file} is damaged: put back a copy of it, or move it away to open the database without it (erasures made before would then not be re-applied after a restore).`,
        `Le registre des effacements ${file} est endommagé : remettez-en une copie, ou déplacez-le pour ouvrir la base sans lui (les effacements passés ne seraient alors plus réappliqués après une restauration).`,
      ),
    );
  }
  return ledger;
}

/** Written whole to a temporary file, flushed, then renamed over the ledger: a crash leaves the old or the new one. */
function writeLedger(file: string, ledger: Ledger): void {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(ledger));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

function fingerprint(key: string, id: number, createdAt: number): string {
  return createHmac('sha256', Buffer.from(key, 'base64')).update(`${id}:${createdAt}`).digest('base64url');
}

function createdAt(ctx: Pick<Context, 'db'>, id: number): number | undefined {
  return ctx.db.prepare('SELECT created_at FROM leads WHERE id = ?').pluck().get(id) as number | undefined;
}

/**
 * Adds an erasure. Called inside the erasure's transaction, after the leads are anonymised
 * and before the commit: if the ledger cannot be written the erasure is rolled back and fails.
 */
export function recordErasure(ctx: Pick<Context, 'db' | 'dbPath'>, leadIds: readonly number[], audit: AuditRecord): void {
  const file = ledgerPath(ctx.dbPath);
  if (!file) return;
  const ledger = readLedger(file) ?? { version: 1, key: randomBytes(32).toString('base64'), erasures: [] };
  const leads = leadIds.map((id) => ({ id, fingerprint: fingerprint(ledger.key, id, createdAt(ctx, id)!) }));
  ledger.erasures.push({ leads, audit });
  writeLedger(file, ledger);
}

/** Anonymises again the erased leads a restore brought back and puts back missing audit entries. */
export function applyLedger(ctx: Pick<Context, 'db' | 'dbPath' | 'now'>): { erased: number; audited: number } {
  const file = ledgerPath(ctx.dbPath);
  const ledger = file ? readLedger(file) : null;
  if (!ledger) return { erased: 0, audited: 0 };
  const notAnonymised = ctx.db.prepare('SELECT created_at FROM leads WHERE id = ? AND anonymised_at IS NULL').pluck();
  const logged = ctx.db.prepare('SELECT 1 FROM audit_log WHERE action = ? AND at = ? AND subject = ?').pluck();
  const result = ctx.db.transaction(() => {
    const ids: number[] = [];
    let audited = 0;
    for (const erasure of ledger.erasures) {
      for (const lead of erasure.leads) {
        const created = notAnonymised.get(lead.id) as number | undefined;
        if (created !== undefined && fingerprint(ledger.key, lead.id, created) === lead.fingerprint) ids.push(lead.id);
      }
      const { action, at, subject } = erasure.audit;
      if (!logged.get(action, at, subject)) {
        insertAudit(ctx.db, erasure.audit);
        audited++;
      }
    }
    return { erased: ids.length ? anonymiseLeads(ctx, ids) : 0, audited };
  })();
  if (result.erased) emptyWal(ctx);
  return result;
}

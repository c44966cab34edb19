/** app.*: what the status line and the About box show. */
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { command, type Context } from '../commands/define';
import { schemaVersion } from '../db/migrate';
import { listBackups } from '../db/backup';
import { parisDay } from '../../common/paris';
import { countMembers } from '../members/store';
import { countOverdue } from '../routing/store';

/** A dispatched lead is at risk in the last hour before its acceptance deadline, and late after it. */
const AT_RISK_MS = 3_600_000;

export const appCommands = {
  'app.info': command(z.object({}), (ctx) => ({
    name: pkg.productName,
    version: pkg.version,
    schemaVersion: schemaVersion(ctx.db),
    dbPath: ctx.dbPath,
    memberCount: countMembers(ctx.db),
    ...workload(ctx),
    lastBackupAt: ctx.dbPath === ':memory:' ? null : (listBackups(ctx.dbPath)[0]?.createdAt ?? null),
  })),
};

/**
 * Leads waiting for qualification, dispatched leads close to or past their acceptance deadline,
 * those past it still waiting for the re-assignment job (a backlog it works off over a few ticks),
 * and those it could not re-assign (their timeline says why; a person must look at them).
 */
function workload(ctx: Context): { leadsWaiting: number; leadsAtRisk: number; reassignBacklog: number; reassignFailed: number } {
  const today = parisDay(ctx.now());
  const leadsWaiting = ctx.db
    .prepare("SELECT count(*) FROM leads WHERE status = 'new' OR (status = 'nurturing' AND requalify_on <= ?)")
    .pluck()
    .get(today) as number;
  const leadsAtRisk = ctx.db
    .prepare('SELECT count(*) FROM dispatches WHERE ended_at IS NULL AND accept_due_at IS NOT NULL AND accept_due_at < ?')
    .pluck()
    .get(ctx.now() + AT_RISK_MS) as number;
  const overdue = countOverdue(ctx.db, ctx.now());
  return { leadsWaiting, leadsAtRisk, reassignBacklog: overdue.backlog, reassignFailed: overdue.failed };
}

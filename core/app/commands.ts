/** app.*: what the status line and the About box show. */
import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { command, type Context } from '../commands/define';
import { schemaVersion } from '../db/migrate';
import { listBackups } from '../db/backup';
import { parisDay } from '../../common/paris';
import { countMembers } from '../members/store';
import { countOverdue } from '../routing/store';
import { readSettings, slaSettings } from '../settings/read';
import { acceptanceThresholds } from '../../common/sla';

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
 * Leads waiting for qualification, dispatched leads whose acceptance clock is at risk or late
 * (common/sla.ts: counted by dispatch instant against each temperature's threshold),
 * those past it still waiting for the re-assignment job (a backlog it works off over a few ticks),
 * and those it could not re-assign (their timeline says why; a person must look at them).
 */
function workload(ctx: Context): { leadsWaiting: number; leadsAtRisk: number; reassignBacklog: number; reassignFailed: number } {
  const today = parisDay(ctx.now());
  const leadsWaiting = ctx.db.prepare("SELECT count(*) FROM leads WHERE status = 'new' OR (status = 'nurturing' AND requalify_on <= ?)").pluck().get(today) as number;
  const risk = acceptanceThresholds(ctx.now(), slaSettings(readSettings(ctx)));
  const leadsAtRisk = ctx.db
    .prepare(
      `SELECT count(*) FROM dispatches d JOIN leads l ON l.id = d.lead_id
       WHERE d.ended_at IS NULL AND d.outcome = 'member' AND d.at <= CASE l.temperature WHEN 'hot' THEN CAST(? AS BIGINT) WHEN 'cold' THEN CAST(? AS BIGINT) ELSE CAST(? AS BIGINT) END`,
    )
    .pluck()
    .get(risk.hot.riskFrom, risk.cold.riskFrom, risk.warm.riskFrom) as number;
  const overdue = countOverdue(ctx.db, ctx.now());
  return { leadsWaiting, leadsAtRisk, reassignBacklog: overdue.backlog, reassignFailed: overdue.failed };
}

/**
 * The process the jobs bench measures memory in (its own heap and page cache, nothing left
 * from other groups): opens a database with an overdue backlog and either runs background-job
 * ticks until the backlog is empty, or re-routes `limit` overdue leads the way the job did
 * before slices. Prints {"growthMB"}: peak resident memory (getrusage maxRSS) above the
 * resident memory once the database was open.
 *   node --import tsx jobs-child.ts <db> ticks|per-lead [limit]
 */
import type { Context } from '../../core/commands/define';
import { openApp } from '../../core/open';
import { runJobs } from '../../core/jobs/scheduler';
import { addEvent } from '../../core/leads/store';
import { reroute } from '../../core/routing/reassign';
import { endDispatch, expiredDispatches } from '../../core/routing/store';

/** The re-assignment job before slices: every overdue dispatch in one transaction, a network snapshot built for each lead. */
export function reassignPerLead(ctx: Context, limit: number): number {
  return ctx.db.transaction(() => {
    const overdue = expiredDispatches(ctx.db, ctx.now(), limit);
    for (const d of overdue) {
      endDispatch(ctx.db, d.id, 'expired', ctx.now());
      addEvent(ctx.db, d.leadId, 'expired', ctx.now(), ctx.actor, { dispatchId: d.id });
      reroute(ctx, d.leadId, 'expired');
    }
    return overdue.length;
  })();
}

if (process.argv[1]?.endsWith('jobs-child.ts')) {
  const [dbPath, mode, limit] = process.argv.slice(2) as [string, 'ticks' | 'per-lead', string?];
  const ctx = await openApp({ dbPath, demo: false, actor: 'bench' });
  const before = process.memoryUsage().rss;
  if (mode === 'ticks') {
    for (let backlog = 1; backlog > 0;) backlog = (await runJobs(ctx, () => {})).reassignBacklog;
  } else {
    reassignPerLead(ctx, Number(limit));
  }
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ growthMB: (peak - before) / 2 ** 20 }) + '\n');
  ctx.db.close();
}

/**
 * A server process reads the dashboard once before it listens, as the head office opens it (the
 * last 90 days), so that the first manager does not pay for the process's first call: its code
 * compiled and optimised by V8 on the way, each section's first run cost about twice a later one
 * (the server bench on PostgreSQL). With four processes, their four cold first dashboards were
 * four of its sixty calls: the 95th percentile itself. The read also rebuilds whatever stored
 * days a change left dirty while no server ran.
 */
import type { Context } from '../core/commands/define';
import { dispatch } from '../core/commands/dispatch';
import { addDaysToDate, parisDay } from '../common/paris';

export function warmUp(ctx: Context, log: (message: string, error?: unknown) => void = console.error): void {
  const today = parisDay(ctx.now());
  const read = dispatch({ ...ctx, actor: 'serve' }, 'kpi.dashboard', { from: addDaysToDate(today, -89), to: today }, { log });
  if (!read.ok) log('warm-up: the dashboard could not be read', read.error);
}

/**
 * Background jobs of a running app (and of `aiguillage run-jobs` for unattended runs): re-route
 * leads whose acceptance deadline passed, send the outbox, anonymise closed leads past the
 * retention period, rebuild a month of the dashboard's stored totals when some changed, and
 * take the scheduled backup when one is due. One tick at a time: a slow
 * mail server delays the next tick, never overlaps it.
 */
import type { Context } from '../commands/define';
import { dispatch } from '../commands/dispatch';
import { createBackup, dueBackup } from '../db/backup';
import { processOutbox } from '../mail/outbox';
import { refreshRollup } from '../kpi/rollup';
import { applyRetention } from '../privacy/retention';
import { expireErasureComments } from '../privacy/audit';
import { readSettings } from '../settings/commands';

export interface TickReport {
  expired: number;
  sent: number;
  failed: number;
  anonymised: number;
  /** Days of the dashboard's stored totals rebuilt. */
  kpiDays: number;
  backup: string | null;
}

/**
 * Days of stored totals rebuilt per tick: about a second for a month of a million-lead network,
 * so a large backlog (after an upgrade or a big import) is worked off in the background
 * without holding the app for long; the dashboard rebuilds what is left before it reads.
 */
const KPI_DAYS_PER_TICK = 31;

export async function runJobs(ctx: Context, log: (message: string, error?: unknown) => void = console.error): Promise<TickReport> {
  const jobs: Context = { ...ctx, actor: 'scheduler' };
  const scan = dispatch(jobs, 'sla.scan', {}, { log });
  const expired = scan.ok ? (scan.value as { expired: number }).expired : 0;
  if (!scan.ok) log('scheduler: SLA scan failed', scan.error);
  const mail = await processOutbox(jobs).catch((error) => (log('scheduler: outbox failed', error), { sent: 0, failed: 0 }));
  let anonymised = 0;
  try {
    anonymised = applyRetention(jobs).anonymised;
    expireErasureComments(jobs);
  } catch (error) {
    log('scheduler: retention failed', error);
  }
  let kpiDays = 0;
  try {
    const settings = readSettings(jobs);
    kpiDays = refreshRollup(ctx.db, settings['sla.businessHours'], settings['sla.targets'], KPI_DAYS_PER_TICK);
  } catch (error) {
    log('scheduler: dashboard totals failed', error);
  }
  let backup: string | null = null;
  const due = ctx.dbPath === ':memory:' ? null : dueBackup(ctx.dbPath, ctx.now());
  if (due) backup = (await createBackup(ctx.db, ctx.dbPath, due, ctx.now()).catch((error) => (log('scheduler: backup failed', error), null)))?.name ?? null;
  return { expired, ...mail, anonymised, kpiDays, backup };
}

export function startScheduler(ctx: Context, intervalMs: number, log?: (message: string, error?: unknown) => void): { stop: () => void } {
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      await runJobs(ctx, log);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  void tick();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}

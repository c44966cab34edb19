/**
 * Background jobs of a running app (and of `aiguillage run-jobs` for unattended runs): re-route
 * leads whose acceptance deadline passed, send pooled leads nobody claimed in time back to the
 * head office, write the members' reminders and daily digests, send the outbox, anonymise closed leads past the
 * retention period, rebuild a month of the dashboard's stored totals when some changed, and
 * take the scheduled backup when one is due. One tick at a time: a slow
 * mail server delays the next tick, never overlaps it.
 *
 * The app runs ticks on its main process, beside the window, the browser host and every other
 * command: each job works in bounded slices (a short transaction each) and the tick yields to
 * the event loop between slices, so a backlog of thousands of leads (an app closed over a
 * holiday) is worked off over a few ticks without holding the host, in flat memory.
 */
import type { Context } from '../commands/define';
import { dispatch } from '../commands/dispatch';
import { dueBackup, fileBackups, type ScheduledBackups } from '../db/backup';
import { importWriting } from '../db/write-turn';
import { OUTBOX_BATCH, processOutbox, smtpTransport } from '../mail/outbox';
import { REMINDER_SLICE, sendReminders } from '../mail/reminders';
import { sendDigests } from '../mail/digest';
import { refreshRollup } from '../kpi/rollup';
import { applyRetention, RETENTION_BATCH } from '../privacy/retention';
import { expireErasureComments } from '../privacy/audit';
import type { ScanResult } from '../routing/reassign';
import { REASSIGN_SLICE } from '../routing/reassign';
import { countOverdue } from '../routing/store';
import { POOL_SLICE, returnUnclaimed } from '../routing/pool-expiry';
import { exclusively, type JobName } from './once';
import { readSettings } from '../settings/read';

export interface TickReport {
  expired: number;
  /** Re-assignments that failed this tick (each rolled back alone, noted on its lead's timeline). */
  reassignFailed: number;
  /** Overdue dispatches left for the next ticks. */
  reassignBacklog: number;
  /** Pooled leads nobody claimed by their deadline, sent back to the head office. */
  poolReturned: number;
  /** Reminders dealt with (written, or not needed any more) and members' digests written. */
  reminded: number;
  digests: number;
  sent: number;
  failed: number;
  anonymised: number;
  /** Days of the dashboard's stored totals rebuilt. */
  kpiDays: number;
  backup: string | null;
}

/** How much each job does per tick (at most) and per slice (one transaction, or one batch of mails). */
export interface JobLimits {
  reassignPerTick: number;
  reassignSlice: number;
  mailPerTick: number;
  mailBatch: number;
  retentionPerTick: number;
  retentionBatch: number;
}

/**
 * A tick re-routes up to 2,000 overdue leads (about a second, in slices of 250): a backlog of
 * 27,000 is gone in 14 ticks. 500 mails a tick empty the outbox those leads fill as fast.
 */
export const DEFAULT_LIMITS: JobLimits = {
  reassignPerTick: 2000,
  reassignSlice: REASSIGN_SLICE,
  mailPerTick: 500,
  mailBatch: OUTBOX_BATCH,
  retentionPerTick: 5000,
  retentionBatch: RETENTION_BATCH,
};

/**
 * Days of stored totals rebuilt per tick: about a second for a month of a million-lead network,
 * so a large backlog (after an upgrade or a big import) is worked off in the background
 * without holding the app for long; the dashboard rebuilds what is left before it reads.
 */
const KPI_DAYS_PER_TICK = 31;
/** The dashboard's months crossed by filter rebuilt per tick (core/kpi/cross.ts): a month of a 1M-lead network is some 200 ms. */
const KPI_CROSS_MONTHS_PER_TICK = 2;

/** Lets the host answer what waits (IPC, HTTP requests, timers) before the next slice. */
export const yieldToHost = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface TickOptions {
  limits?: JobLimits;
  /** Aborted when the scheduler stops (the app closes, a restore swaps the database): the tick ends after its current slice. */
  signal?: AbortSignal;
}

/**
 * Runs a job slice after slice until it has done `perTick` items, a slice comes back short
 * (nothing more is due) or the tick is stopped, yielding to the host between slices. Returns
 * the items done: none when another server process is running the same job (once.ts).
 */
async function inSlices(ctx: Context, job: JobName, signal: AbortSignal | undefined, perTick: number, sliceSize: number, slice: (limit: number) => number | Promise<number>): Promise<number> {
  const slices = async () => {
    let done = 0;
    // An import writing from its own thread (intake/writer.ts) holds the lock for long batches: the job goes on once it has ended.
    while (done < perTick && !signal?.aborted && ctx.db.open && !importWriting(ctx.db)) {
      const limit = Math.min(sliceSize, perTick - done);
      const n = await slice(limit);
      done += n;
      if (n < limit) break;
      await yieldToHost();
    }
    return done;
  };
  return (await exclusively(ctx.db, job, slices)) ?? 0;
}

export async function runJobs(ctx: Context, log: (message: string, error?: unknown) => void = console.error, { limits = DEFAULT_LIMITS, signal }: TickOptions = {}): Promise<TickReport> {
  const jobs: Context = { ...ctx, actor: 'scheduler' };
  let expired = 0;
  let reassignFailed = 0;
  await inSlices(ctx, 'reassign', signal, limits.reassignPerTick, limits.reassignSlice, (limit) => {
    const scan = dispatch(jobs, 'sla.scan', { limit }, { log });
    if (!scan.ok) return (log('scheduler: SLA scan failed', scan.error), 0);
    const { expired: n, failed } = scan.value as ScanResult;
    // Ids and the error's kind only: its message may quote the lead's data (the timeline has it).
    for (const f of failed) log(`scheduler: re-assignment of lead ${f.leadId} (dispatch ${f.dispatchId}) failed with ${f.errorName}; held back until the lead changes`);
    expired += n;
    reassignFailed += failed.length;
    return n + failed.length;
  });
  // Counted once a tick (a scan of the open dispatches), not after every slice.
  const reassignBacklog = ctx.db.open ? countOverdue(ctx.db, ctx.now()).backlog : 0;
  let poolReturned = 0;
  try {
    poolReturned = await inSlices(ctx, 'pool', signal, limits.reassignPerTick, POOL_SLICE, (limit) => returnUnclaimed(jobs, limit).length);
  } catch (error) {
    log('scheduler: returning unclaimed pooled leads failed', error);
  }
  // Before the outbox, so their mails go out in the same tick.
  let reminded = 0;
  let digests = 0;
  try {
    reminded = await inSlices(ctx, 'reminders', signal, limits.mailPerTick, REMINDER_SLICE, (limit) => sendReminders(jobs, limit).handled);
    digests = (await exclusively(ctx.db, 'digest', () => sendDigests(jobs).mails)) ?? 0;
  } catch (error) {
    log('scheduler: reminders or digests failed', error);
  }
  const mail = { sent: 0, failed: 0 };
  try {
    const smtp = smtpTransport(jobs);
    await inSlices(ctx, 'outbox', signal, limits.mailPerTick, limits.mailBatch, async (limit) => {
      const batch = await processOutbox(jobs, smtp, limit);
      mail.sent += batch.sent;
      mail.failed += batch.failed;
      return batch.sent + batch.failed;
    });
  } catch (error) {
    log('scheduler: outbox failed', error);
  }
  let anonymised = 0;
  try {
    const damaged: number[] = [];
    await inSlices(ctx, 'retention', signal, limits.retentionPerTick, limits.retentionBatch, (limit) => {
      const batch = applyRetention(jobs, limit, damaged);
      // Ids and the error's kind only, as for re-assignments; the audit log names them too.
      for (const d of batch.damaged) log(`scheduler: lead ${d.leadId} could not be anonymised (${d.errorName}); left as it is, the rest of its batch done`);
      damaged.push(...batch.damaged.map((d) => d.leadId));
      anonymised += batch.anonymised;
      return batch.anonymised + batch.damaged.length;
    });
    expireErasureComments(jobs);
  } catch (error) {
    log('scheduler: retention failed', error);
  }
  const report: TickReport = { expired, reassignFailed, reassignBacklog, poolReturned, reminded, digests, ...mail, anonymised, kpiDays: 0, backup: null };
  if (signal?.aborted || !ctx.db.open || importWriting(ctx.db)) return report;
  try {
    const settings = readSettings(jobs);
    report.kpiDays =
      (await exclusively(ctx.db, 'rollup', () => refreshRollup(ctx.db, settings['sla.businessHours'], settings['sla.targets'], KPI_DAYS_PER_TICK, { crossMonths: KPI_CROSS_MONTHS_PER_TICK }))) ?? 0;
  } catch (error) {
    log('scheduler: dashboard totals failed', error);
  }
  const backups = ctx.backups ?? (ctx.dbPath === ':memory:' || ctx.db.engine !== 'sqlite' ? null : fileBackups(ctx.db, ctx.dbPath));
  // Whether one is due is read under the lock: another process may have just taken it.
  const take = async (b: ScheduledBackups) => {
    const due = dueBackup(b.list(), ctx.now());
    return due ? (await b.take(due, ctx.now())).name : null;
  };
  if (backups) report.backup = (await exclusively(ctx.db, 'backup', () => take(backups)).catch((error) => (log('scheduler: backup failed', error), null))) ?? null;
  return report;
}

export function startScheduler(ctx: Context, intervalMs: number, log?: (message: string, error?: unknown) => void): { stop: () => void } {
  let running = false;
  const stopped = new AbortController();
  const tick = async () => {
    if (running || stopped.signal.aborted || importWriting(ctx.db)) return;
    running = true;
    try {
      await runJobs(ctx, log, { signal: stopped.signal });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  void tick();
  return {
    stop: () => {
      stopped.abort();
      clearInterval(timer);
    },
  };
}

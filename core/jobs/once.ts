/**
 * Each background job runs in one process at a time. Server mode on PostgreSQL runs several
 * server processes on one database, each ticking its own scheduler: without this, two of them
 * would read the same due mails or overdue dispatches and both act on them (a mail sent twice, a
 * lead re-routed twice). A job takes a PostgreSQL advisory lock for the whole of its work in a
 * tick (all its slices and the awaits between them, so a session lock, not a transaction's);
 * a process that finds it taken skips that job this tick. The holder commits every item it
 * handles before it lets go, so whoever takes the lock next reads them as done: each due item
 * is handled once. Different jobs hold different locks and run side by side in different
 * processes. The lock goes with its connection if the process dies.
 *
 * SQLite's database belongs to one process (the app or one browser-mode or server host): there
 * the job just runs.
 */
import type { Db } from '../db/connection';
import { APP_LOCK_KEY } from '../db/migrate';

export type JobName = 'reassign' | 'outbox' | 'retention' | 'rollup' | 'backup' | 'pool' | 'reminders' | 'digest' | 'rollupProcess';

/** The advisory lock's second key, one per job (the first is the application's, APP_LOCK_KEY). */
const JOB_KEY: Record<JobName, number> = { reassign: 1, outbox: 2, retention: 3, rollup: 4, backup: 5, pool: 6, reminders: 7, digest: 8, rollupProcess: 9 };

/** Runs `job` unless another process is running it; null when it was skipped. */
export async function exclusively<T>(db: Db, job: JobName, run: () => T | Promise<T>): Promise<T | null> {
  if (db.engine !== 'postgres') return run();
  if (db.prepare('SELECT pg_try_advisory_lock(?, ?)').pluck().get(APP_LOCK_KEY, JOB_KEY[job]) !== 1) return null;
  try {
    return await run();
  } finally {
    if (db.open) db.prepare('SELECT pg_advisory_unlock(?, ?)').run(APP_LOCK_KEY, JOB_KEY[job]);
  }
}

/**
 * Inside a transaction: waits while another process runs `job`, then keeps it from starting
 * until this transaction ends. For work a command must do now rather than skip: the dashboard
 * rebuilds the stored totals it is about to read, which the rollup job of another process may be
 * rebuilding at that moment (both would write the same days: a unique key broken, the command
 * failed).
 */
export function waitForJob(db: Db, job: JobName): void {
  if (db.engine === 'postgres') db.prepare('SELECT pg_advisory_xact_lock(?, ?)').run(APP_LOCK_KEY, JOB_KEY[job]);
}

/**
 * Inside a transaction: true when no other process runs `job` (and then none starts it until
 * this transaction ends), false at once when one does. For a read that may show what is stored
 * rather than wait: a server process waiting for a lock makes every person it serves wait too.
 */
export function unlessJobRuns(db: Db, job: JobName): boolean {
  return db.engine !== 'postgres' || db.prepare('SELECT pg_try_advisory_xact_lock(?, ?)').pluck().get(APP_LOCK_KEY, JOB_KEY[job]) === 1;
}

/**
 * True when another process holds `job`'s lock now (never on SQLite): for a job that holds it as
 * long as it lives, such as a server's rollup process (host/rollup-child.ts), whether one is at work.
 */
export function heldElsewhere(db: Db, job: JobName): boolean {
  if (db.engine !== 'postgres') return false;
  const sql = "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = ? AND objid = ? AND objsubid = 2 AND granted AND pid <> pg_backend_pid()";
  return db.prepare(sql).pluck().get(APP_LOCK_KEY, JOB_KEY[job]) !== undefined;
}

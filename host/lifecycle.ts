/**
 * What browser mode and the server share around the host: the background jobs on whichever
 * database is open (a restore reopens it; tests shorten the interval), and a clean stop on
 * Ctrl+C or SIGTERM.
 */
import type { Session } from '../core/app/session';
import { startScheduler } from '../core/jobs/scheduler';
import type { Host } from './server';

/** A minute between ticks; AIGUILLAGE_JOBS_INTERVAL_MS shortens it for tests. */
export const jobsInterval = () => Number(process.env.AIGUILLAGE_JOBS_INTERVAL_MS ?? 60_000);

export function runJobs(session: Session): { stop: () => void } {
  let scheduler: { stop: () => void } | null = null;
  session.onChange((ctx) => {
    scheduler?.stop();
    scheduler = ctx ? startScheduler(ctx, jobsInterval()) : null;
  });
  return { stop: () => scheduler?.stop() };
}

export function stopOnSignals(session: { close(): void }, host: Host, jobs: { stop: () => void }): void {
  const stop = () => {
    jobs.stop();
    host.close().finally(() => {
      session.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

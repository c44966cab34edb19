/**
 * The app's background jobs (an import being committed, an export being rendered) kept in memory
 * under a random id that the renderer polls. Finished jobs are kept a while, so a poll that comes
 * late still finds the result, and the oldest finished ones are forgotten past a limit; a running
 * job is never forgotten. Jobs do not survive a restart: each kind says what the user does then.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../commands/errors';

export class JobRegistry<J> {
  private readonly jobs = new Map<string, J>();

  constructor(
    private readonly isRunning: (job: J) => boolean,
    private readonly maxFinished = 20,
  ) {}

  /** Registers a new job and returns its id. */
  add(job: J): string {
    this.forgetOldFinished();
    const id = randomUUID();
    this.jobs.set(id, job);
    return id;
  }

  get(id: string): J | undefined {
    return this.jobs.get(id);
  }

  /** Replaces the job's record (for kinds that keep immutable snapshots). */
  set(id: string, job: J): void {
    if (this.jobs.has(id)) this.jobs.set(id, job);
  }

  delete(id: string): void {
    this.jobs.delete(id);
  }

  values(): J[] {
    return [...this.jobs.values()];
  }

  private forgetOldFinished(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => !this.isRunning(j));
    for (const [id] of finished.slice(0, Math.max(0, finished.length - this.maxFinished + 1))) this.jobs.delete(id);
  }
}

/** A job that works by slices and is polled: its state for the renderer, and the flag it reads between slices. */
export interface SlicedJob<S extends { status: string }> {
  state: S;
  cancel: boolean;
}

/** The running state: it says whether a cancel was asked. */
type Running = { status: 'running'; cancelling: boolean };

/**
 * The sliced jobs of one kind (an import, a simulation): what the renderer polls and how it asks
 * one to stop. `forgotten` is the kind's message for an id no longer known (a restart forgets).
 */
export class SlicedJobs<S extends { status: string }, J extends SlicedJob<S> = SlicedJob<S>> extends JobRegistry<J> {
  constructor(private readonly forgotten: () => string) {
    super((job) => job.state.status === 'running');
  }

  /** The job's state; a finished one can be read again until newer jobs push it out. */
  state(id: string): S {
    const job = this.get(id);
    if (!job) throw new AppError('not_found', this.forgotten());
    return job.state;
  }

  /** Asks the job to stop before its next slice; the state says it is cancelling until it has. */
  requestCancel(id: string): S {
    const job = this.get(id);
    if (!job) return this.state(id);
    if (job.state.status === 'running') {
      job.cancel = true;
      job.state = { ...(job.state as S & Running), cancelling: true };
    }
    return job.state;
  }
}

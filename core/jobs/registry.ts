/**
 * The app's background jobs (an import being committed, an export being rendered) kept in memory
 * under a random id that the renderer polls. Finished jobs are kept a while, so a poll that comes
 * late still finds the result, and the oldest finished ones are forgotten past a limit; a running
 * job is never forgotten. Jobs do not survive a restart: each kind says what the user does then.
 */
import { randomUUID } from 'node:crypto';

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

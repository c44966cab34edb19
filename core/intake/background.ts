/**
 * Imports that run while the app goes on answering: the command returns a job id at once. On a
 * SQLite file, the import is committed on the writing thread from a connection of its own
 * (writer.ts) as intake.run commits, by large batches, the reading thread normalising the next
 * rows meanwhile: this thread does none of its work. Elsewhere (PostgreSQL, whose adapter is
 * synchronous on this thread; a database in memory, which no other connection sees) the file
 * is read in the import worker (off-thread.ts), which normalises its rows a chunk ahead of the
 * batches committed here, each small enough to hand the event loop back every few tens of
 * milliseconds; a batch's rows are let go once committed, so memory does not grow with the
 * file, and the leads already known (for duplicates) are read a page at a time. So
 * the window, the browser host and the scheduler keep being served during a 100,000-row
 * import. The renderer polls the progress and may cancel: a cancelled import is undone as a
 * whole. Jobs live in memory; an import cut off by the app stopping is resumed by importing the
 * same file again (see resumableImport).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { SlicedJobs, type SlicedJob } from '../jobs/registry';
import { currentLanguage, tr, withLanguage, type Language } from '../language';
import { DuplicateIndex } from '../leads/duplicates';
import { asyncCheckpoints } from './checkpoints';
import { commitOffThread, streamRowsOffThread, UnreadableFile } from './off-thread';
import { sqliteOf } from '../db/connection';
import { shareWriteLock } from '../db/write-turn';
import type { PreparedRow, Progress } from './pipeline';
import { unreadable } from './read';
import type { ImportFile } from './import-file';
import { ImportRun } from './run';
import { ImportStage } from './stage';
import type { ImportReport } from './store';

export type JobState =
  | { status: 'running'; progress: Progress; cancelling: boolean }
  | { status: 'completed' | 'failed'; progress: Progress; report: ImportReport }
  | { status: 'cancelled'; progress: Progress; removedLeads: number }
  | { status: 'error'; progress: Progress; error: { code: string; message: string } };

interface Job extends SlicedJob<JobState> {
  fingerprint: string;
  /** `cancel` as the writing thread reads it (writer.ts): 1 once asked. */
  cancelFlag: Int32Array;
}

function newJob(fingerprint: string, total: number): Job {
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  return {
    state: { status: 'running', progress: { phase: 'read', done: 0, total }, cancelling: false },
    fingerprint,
    cancelFlag,
    get cancel() {
      return Atomics.load(cancelFlag, 0) === 1;
    },
    set cancel(asked: boolean) {
      Atomics.store(cancelFlag, 0, asked ? 1 : 0);
    },
  };
}

const jobs = new SlicedJobs<JobState, Job>(() =>
  tr(
    'This import is no longer known (the app was restarted?). Look for it in the list of imports.',
    'Cet import n’est plus connu (l’application a redémarré ?). Cherchez-le dans la liste des imports.',
  ),
);
/**
 * Time a batch committed on this thread may spend on its rows, slice by slice (each slice's leads and the rows that follow
 * them), before it commits: counted on the clock, so a loaded machine commits fewer rows per
 * batch rather than holding the event loop longer. With the staged copy (stage.ts), 12 ms gave
 * the bench's 100,000 rows in 8.5-10 s with a longest stall of 35-46 ms, 25 ms 5.7-6.4 s with
 * 71-73 ms, 40 ms 116-119 ms: over the 100 ms the app allows.
 */
const BATCH_MS = 12;

/** Fingerprints of the files being imported now, so the same file is not started twice. */
export function runningFingerprints(): Set<string> {
  return new Set(
    jobs
      .values()
      .filter((j) => j.state.status === 'running')
      .map((j) => j.fingerprint),
  );
}

export function startImportJob(ctx: Context, input: ImportFile): { jobId: string } {
  const job = newJob(input.fingerprint, input.bytes.length);
  const jobId = jobs.add(job);
  // The messages written by the job (row reasons) keep the language of the call that started it.
  const language = currentLanguage();
  void runJob(ctx, input, job, language).catch((error: unknown) => {
    const refusal = error instanceof UnreadableFile ? withLanguage(language, () => unreadable(error.message)) : error;
    if (!(refusal instanceof AppError)) console.error('background import failed', error);
    const data =
      refusal instanceof AppError
        ? refusal.toData()
        : { code: 'internal', message: withLanguage(language, () => tr('The import failed unexpectedly; see the log.', 'L’import a échoué de façon inattendue ; voir le journal.')) };
    job.state = { status: 'error', progress: job.state.progress, error: data };
  });
  return { jobId };
}

async function runJob(ctx: Context, input: ImportFile, job: Job, language: Language): Promise<void> {
  const shared = sharedFile(ctx);
  if (shared) {
    try {
      return await commitOnWriter(ctx, input, job, language, shared.turn);
    } finally {
      shared.end();
    }
  }
  const say = <T>(fn: () => T) => withLanguage(language, fn);
  const stage = ImportStage.open(ctx.db, input.bytes.length);
  try {
    await importRows(ctx, input, job, say, stage);
  } finally {
    stage?.close();
  }
}

/**
 * The SQLite file an import may commit to from the writing thread (writer.ts), its write lock
 * then shared with this connection (db/write-turn.ts); null for PostgreSQL, a database in
 * memory (no other connection sees it) or inside a caller's transaction (the demo's history).
 */
function sharedFile(ctx: Context): { turn: Int32Array; end: () => void } | null {
  if (ctx.db.engine !== 'sqlite' || ctx.db.inTransaction) return null;
  const db = sqliteOf(ctx.db, 'import');
  return db.memory ? null : shareWriteLock(db);
}

async function commitOnWriter(ctx: Context, input: ImportFile, job: Job, language: Language, turn: Int32Array): Promise<void> {
  const request = { dbFile: sqliteOf(ctx.db, 'import').name, actor: ctx.actor, now: ctx.now(), language, file: input, turn, cancel: job.cancelFlag };
  const outcome = await commitOffThread(request, (p) => progress(job, p));
  if (outcome.kind === 'cancelled') job.state = { status: 'cancelled', progress: job.state.progress, removedLeads: outcome.removedLeads };
  else if (outcome.kind === 'refused') job.state = { status: 'error', progress: job.state.progress, error: outcome.error };
  else job.state = { status: outcome.report.status === 'completed' ? 'completed' : 'failed', progress: job.state.progress, report: outcome.report };
}

async function importRows(ctx: Context, input: ImportFile, job: Job, say: <T>(fn: () => T) => T, stage: ImportStage | null): Promise<void> {
  const stream = await streamRowsOffThread(
    {
      kind: 'prepare',
      fileName: input.fileName,
      content: input.bytes,
      fingerprint: input.fingerprint,
      mapping: input.mapping,
      sourceName: input.sourceName,
      now: ctx.now(),
      missingPlace: input.missingPlace,
      skip: input.resume?.committedRows ?? 0,
      stage: stage?.spec,
    },
    (p) => progress(job, p),
  );
  const checkpoints = asyncCheckpoints(ctx);
  try {
    if (job.cancel) return void (job.state = { status: 'cancelled', progress: job.state.progress, removedLeads: 0 });
    const total = stream.dataRows;
    const options = {
      fileName: input.fileName,
      sourceName: input.sourceName,
      batchSize: input.batchSize,
      fingerprint: input.fingerprint,
      stage: stage?.schema,
      onProgress: (p: Progress) => progress(job, p),
    };
    const dupes = await DuplicateIndex.loadInPages(ctx.db, () => nextTurn());
    const importRun = say(() => new ImportRun(ctx, total, options, input.resume, dupes));
    progress(job, { phase: 'insert', done: importRun.report.committedRows, total });
    let rows: PreparedRow[] = [];
    while (!importRun.done) {
      if (job.cancel) {
        const { removedLeads } = say(() => importRun.undo());
        return void (job.state = { status: 'cancelled', progress: job.state.progress, removedLeads });
      }
      for (let chunk; rows.length < input.batchSize && (chunk = await stream.next());) rows = rows.length ? rows.concat(chunk) : chunk;
      const taken = say(() => importRun.step(rows, performance.now() + BATCH_MS));
      rows = rows.slice(taken);
      await checkpoints.afterBatch();
      await nextTurn();
    }
    const report = say(() => importRun.finish());
    job.state = { status: report.status === 'completed' ? 'completed' : 'failed', progress: job.state.progress, report };
  } finally {
    stream.close();
    checkpoints.end();
  }
}

function progress(job: Job, p: Progress): void {
  if (job.state.status === 'running') job.state = { ...job.state, progress: p };
}

/** The job's state; a finished one can be read again until newer jobs push it out. */
export function importJobState(jobId: string): JobState {
  return jobs.state(jobId);
}

/** Asks the job to stop at its next slice; what it committed is then undone. */
export function cancelImportJob(jobId: string): JobState {
  return jobs.requestCancel(jobId);
}

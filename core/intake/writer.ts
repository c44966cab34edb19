/**
 * A background import on a SQLite file, committed on the writing thread (off-thread.ts) from a
 * connection of its own, as intake.run commits (import-file.ts): by large batches, the reading
 * thread normalising the next rows meanwhile. The main thread does none of the import's work: it
 * keeps answering the window, the browser host and the scheduler at full speed, and writes
 * between two of the import's slices when it must (db/write-turn.ts). The import's clock is the
 * caller's, moved on by the time elapsed here (tests pin it).
 */
import type { Context } from '../commands/define';
import { AppError } from '../commands/errors';
import { openConnection } from '../db/connection';
import { writerTurn } from '../db/write-turn';
import { withLanguage } from '../language';
import { importFile } from './import-file';
import type { CommitRequest, WorkerMessage } from './off-thread';
import type { Progress } from './pipeline';
import { ImportCancelled } from './run';

export function commitHere(request: CommitRequest, post: (message: WorkerMessage) => void): void {
  const { id } = request;
  const db = openConnection(request.dbFile);
  // Slices of 2,000 rows (so the app may write between two) make each multi-row insert copy the
  // pages it changes into a statement journal, which SQLite writes to a temporary file past 64 KB:
  // in memory instead, the bench's background import took 0.3 s less. Only here: the in-memory
  // temporary files that large sorts then use made the app's own jobs twice as slow.
  db.pragma('temp_store = MEMORY');
  try {
    const offset = request.now - Date.now();
    const ctx: Context = { db, actor: request.actor, dbPath: request.dbFile, now: () => Date.now() + offset };
    const control = { ...writerTurn(request.turn), cancelled: () => Atomics.load(request.cancel, 0) === 1 };
    const onProgress = (progress: Progress) => post({ id, kind: 'progress', progress });
    const report = withLanguage(request.language, () => importFile(ctx, request.file, { onProgress, control, via: request.reader }));
    post({ id, kind: 'committed', report });
  } catch (error) {
    if (error instanceof ImportCancelled) return post({ id, kind: 'cancelled', removedLeads: error.removedLeads });
    if (error instanceof AppError) return post({ id, kind: 'refused', error: error.toData() });
    throw error;
  } finally {
    request.reader.close();
    db.close();
  }
}

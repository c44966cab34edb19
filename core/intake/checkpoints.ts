/**
 * An import's checkpoints on SQLite. SQLite copies the WAL back into the database file (a
 * checkpoint) in the commit that takes it past 1,000 pages: megabytes written and synced on the
 * thread that commits, every batch of an import (a 100,000-row import wrote 210 MB of WAL, and
 * its checkpoints took 0.7 s of its 4.5, most of it waiting for the disk). During an import the
 * app's connection leaves that to the checkpointing thread (off-thread.ts), which copies each
 * batch while the import goes on. The import must still let one finish now and then with no
 * commit under way: SQLite starts the WAL over only once all of it is copied back, and a WAL
 * never started over grows by every batch. The connection's setting is put back at the end.
 * PostgreSQL has no WAL file of ours to copy back: its own checkpointer does that work.
 */
import type { Context } from '../commands/define';
import { sqliteOf } from '../db/connection';
import { checkpointOffThread, checkpointsSync } from './off-thread';

/** Time between two checkpoints of a background import (see asyncCheckpoints). */
const CHECKPOINT_MS = 200;
/**
 * Rows a blocking import commits before it waits for the checkpoints of its batches: the bench's
 * 100,000 rows, in batches of 20,000, keep the WAL under 50 MB (230 MB without the waits).
 */
const ROWS_BETWEEN_WAITS = 20_000;

/** The file database whose checkpoints an import takes over, or null (PostgreSQL, :memory:). */
function takeOver(ctx: Context): { file: string; end: () => void } | null {
  // Inside a caller's transaction (the demo's history) nothing is committed before its end.
  if (ctx.db.engine !== 'sqlite' || ctx.db.inTransaction || sqliteOf(ctx.db, 'checkpoint').memory) return null;
  const db = sqliteOf(ctx.db, 'checkpoint');
  const automatic = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma('wal_autocheckpoint = 0');
  return {
    file: db.name,
    end: () => {
      if (db.open) db.pragma(`wal_autocheckpoint = ${automatic}`);
    },
  };
}

/**
 * For the background import, which yields between batches: every CHECKPOINT_MS it waits for a
 * checkpoint (asynchronously: the event loop stays free) before its next batch.
 */
export function asyncCheckpoints(ctx: Context): { afterBatch: () => Promise<void>; end: () => void } {
  const taken = takeOver(ctx);
  if (!taken) return { afterBatch: async () => {}, end: () => {} };
  let last = performance.now();
  return {
    afterBatch: async () => {
      if (performance.now() - last < CHECKPOINT_MS) return;
      await checkpointOffThread(taken.file).catch((error: unknown) => console.error('import: checkpoint in the worker failed', error));
      last = performance.now();
    },
    end: taken.end,
  };
}

/**
 * For the blocking import (intake.run): a checkpoint starts after each batch's commit and runs
 * while the next batch is written; every ROWS_BETWEEN_WAITS rows the import waits for the last
 * one before its next batch, which then starts the WAL over.
 */
export function blockingCheckpoints(ctx: Context): { beforeBatch: () => void; afterBatch: (rows: number) => void; end: () => void } {
  const taken = takeOver(ctx);
  if (!taken) return { beforeBatch: () => {}, afterBatch: () => {}, end: () => {} };
  const checkpoints = checkpointsSync(taken.file);
  let rows = 0;
  return {
    beforeBatch: () => {
      if (rows < ROWS_BETWEEN_WAITS) return;
      checkpoints.wait();
      rows = 0;
    },
    afterBatch: (committed) => {
      if (committed === 0) return;
      checkpoints.request();
      rows += committed;
    },
    end: () => {
      checkpoints.close();
      taken.end();
    },
  };
}

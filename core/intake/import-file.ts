/**
 * A whole import on the calling thread, which cannot yield: the worker reads, normalises and
 * stages the file's rows (readRowsSync, stage.ts) while this thread commits those it has
 * (commitImport). intake.run runs it on the thread that called it; a background import on a
 * SQLite file runs it on a thread of its own (writer.ts), which reaches the worker through a
 * port of its own (`via`).
 */
import type { MessagePort } from 'node:worker_threads';
import type { Context } from '../commands/define';
import { sqliteOf, type Db } from '../db/connection';
import { DuplicateIndex } from '../leads/duplicates';
import type { MissingPlace } from '../leads/prepare';
import type { Mapping } from './mapping';
import { readRowsSync, UnreadableFile, type SyncRowStream } from './off-thread';
import { unreadable } from './read';
import { commitImport, type ImportControl } from './run';
import { ImportStage } from './stage';
import type { ImportReport } from './store';
import type { OnProgress } from './pipeline';

export interface ImportFile {
  bytes: Uint8Array;
  fileName: string;
  sourceName: string;
  mapping: Mapping;
  /** Rows with neither postal code nor town (the intake.leadsWithoutPlace setting). */
  missingPlace: MissingPlace;
  batchSize: number;
  /** SHA-256 of the bytes (see resumableImport). */
  fingerprint: string;
  /** The interrupted import of the same file to continue (see resumableImport). */
  resume: ImportReport | undefined;
}

export function importFile(ctx: Context, file: ImportFile, how: { onProgress?: OnProgress; control?: ImportControl; via?: MessagePort } = {}): ImportReport {
  return withImportCache(ctx.db, () => importStaged(ctx, file, how));
}

/**
 * The page cache of an import's connection, in KiB: a batch changes some 15 MB of pages (the
 * leads' 13 indexes, the facts' 8, the search index), which stay there until the commit instead
 * of being written to the WAL and read back (the bench's KPI facts of 100,000 leads took 0.49 s
 * instead of 0.63). The connection's own size comes back after: the app reads through mmap.
 */
const IMPORT_CACHE_KIB = 65_536;

function withImportCache<T>(db: Db, fn: () => T): T {
  if (db.engine !== 'sqlite') return fn();
  const sqlite = sqliteOf(db, 'import cache');
  const size = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  try {
    return fn();
  } finally {
    if (sqlite.open) sqlite.pragma(`cache_size = ${size}`);
  }
}

function importStaged(ctx: Context, file: ImportFile, how: { onProgress?: OnProgress; control?: ImportControl; via?: MessagePort }): ImportReport {
  const stage = ImportStage.open(ctx.db, file.bytes.length);
  try {
    const request = {
      kind: 'prepare' as const,
      fileName: file.fileName,
      content: file.bytes,
      fingerprint: file.fingerprint,
      mapping: file.mapping,
      sourceName: file.sourceName,
      now: ctx.now(),
      missingPlace: file.missingPlace,
      skip: file.resume?.committedRows ?? 0,
      stage: stage?.spec,
    };
    let rows: SyncRowStream;
    // The leads known already are read while the worker parses the file (a second per million leads).
    let known = new DuplicateIndex();
    try {
      rows = readRowsSync(request, file.batchSize, () => (known = DuplicateIndex.load(ctx.db)), how.via);
    } catch (error) {
      throw error instanceof UnreadableFile ? unreadable(error.message) : error;
    }
    try {
      const options = {
        fileName: file.fileName,
        sourceName: file.sourceName,
        batchSize: file.batchSize,
        fingerprint: file.fingerprint,
        stage: stage?.schema,
        onProgress: how.onProgress,
        control: how.control,
      };
      return commitImport(ctx, rows.dataRows, rows.next, options, known, file.resume);
    } finally {
      rows.close();
    }
  } finally {
    stage?.close();
  }
}

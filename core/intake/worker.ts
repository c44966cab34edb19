/**
 * The import worker thread: reads a file (decode, parse, unzip) and normalises its rows away
 * from the thread that answers the window and the browser host. It keeps the last file it
 * read, by fingerprint and language, so the import that follows a preview of the same file
 * parses it once (a parsed file holds messages, such as a quote never closed, in the language
 * of the call that read it).
 * Messages in: ReadRequest (see off-thread.ts); out: progress, chunks of prepared rows, then
 * the answer or the reason the file cannot be read. While the rows are committed, it also
 * checkpoints the database from a connection of its own (CheckpointRequest, see background.ts).
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { withLanguage } from '../language';
import { proposeMapping } from './mapping';
import { prepareRows, readFile, type ParsedFile } from './pipeline';
import type { CheckpointRequest, ReadRequest, WorkerMessage } from './off-thread';

/** Rows per message: each is deserialised on the main thread, in about 10 ms on a quiet machine. */
const CHUNK = 500;

let last: { key: string; file: ParsedFile } | null = null;

function fileOf(request: ReadRequest, bytes: Uint8Array): { file: ParsedFile; parsed: boolean } {
  const key = `${request.language} ${request.fingerprint ?? createHash('sha256').update(bytes).digest('hex')}`;
  if (last?.key === key) return { file: last.file, parsed: false };
  last = null;
  const file = readFile(request.fileName, bytes);
  last = { key, file };
  return { file, parsed: true };
}

function handle(request: ReadRequest, post: (message: WorkerMessage) => void): void {
  const bytes = typeof request.content === 'string' ? Buffer.from(request.content, 'base64') : request.content;
  let file: ParsedFile;
  let parsed: boolean;
  try {
    post({ id: request.id, kind: 'progress', progress: { phase: 'read', done: 0, total: bytes.length } });
    ({ file, parsed } = fileOf(request, bytes));
  } catch (error) {
    return post({ id: request.id, kind: 'unreadable', message: (error as Error).message });
  }
  const mapping = request.mapping ?? proposeMapping(file.headers);
  const options = { now: request.now, sourceName: request.sourceName, fileName: request.fileName, missingPlace: request.missingPlace };
  const { records, ...meta } = file;
  if (request.kind === 'preview') {
    const rows = prepareRows(file, mapping, { ...options, limit: request.limit });
    return post({ id: request.id, kind: 'done', meta, dataRows: records.length, proposedMapping: proposeMapping(file.headers), rows, parsed });
  }
  for (let start = 0; start < records.length; start += CHUNK) {
    const rows = prepareRows({ ...file, records: records.slice(start, start + CHUNK) }, mapping, options);
    post({ id: request.id, kind: 'rows', rows });
    post({ id: request.id, kind: 'progress', progress: { phase: 'normalise', done: Math.min(records.length, start + CHUNK), total: records.length } });
  }
  // The import has what it needs: the parsed file is not kept for a second run.
  last = null;
  post({ id: request.id, kind: 'done', meta, dataRows: records.length, proposedMapping: null, rows: [], parsed });
}

/**
 * PASSIVE: copies what it can without waiting for the app's connection, which goes on
 * committing meanwhile. A connection per checkpoint (about a millisecond to open): none stays
 * open on a file the app may replace (a restore) between imports.
 */
function checkpoint(dbFile: string): void {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('wal_checkpoint(PASSIVE)');
  } finally {
    db.close();
  }
}

const port = parentPort!;
port.on('message', (request: ReadRequest | CheckpointRequest) => {
  const post = (message: WorkerMessage) => port.postMessage(message);
  try {
    if (request.kind === 'checkpoint') {
      checkpoint(request.dbFile);
      return post({ id: request.id, kind: 'checkpointed' });
    }
    withLanguage(request.language, () => handle(request, post));
  } catch (error) {
    post({ id: request.id, kind: 'failed', message: (error as Error).stack ?? String(error) });
  }
});

/**
 * The import worker thread: reads a file (decode, parse, unzip) and normalises its rows away
 * from the thread that answers the window and the browser host. It keeps the last file it
 * read, by fingerprint, so the import that follows a preview of the same file parses it once.
 * Messages in: ReadRequest (see off-thread.ts); out: progress, chunks of prepared rows, then
 * the answer or the reason the file cannot be read.
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { withLanguage } from '../language';
import { proposeMapping } from './mapping';
import { prepareRows, readFile, type ParsedFile } from './pipeline';
import type { ReadRequest, WorkerMessage } from './off-thread';

/** Rows per message: each is deserialised on the main thread, in about 10 ms on a quiet machine. */
const CHUNK = 500;

let last: { fingerprint: string; file: ParsedFile } | null = null;

function fileOf(bytes: Uint8Array, fingerprint: string | null, fileName: string): ParsedFile {
  const key = fingerprint ?? createHash('sha256').update(bytes).digest('hex');
  if (last?.fingerprint === key) return last.file;
  last = null;
  const file = readFile(fileName, bytes);
  last = { fingerprint: key, file };
  return file;
}

function handle(request: ReadRequest, post: (message: WorkerMessage) => void): void {
  const bytes = typeof request.content === 'string' ? Buffer.from(request.content, 'base64') : request.content;
  let file: ParsedFile;
  try {
    post({ id: request.id, kind: 'progress', progress: { phase: 'read', done: 0, total: bytes.length } });
    file = fileOf(bytes, request.fingerprint, request.fileName);
  } catch (error) {
    return post({ id: request.id, kind: 'unreadable', message: (error as Error).message });
  }
  const mapping = request.mapping ?? proposeMapping(file.headers);
  const options = { now: request.now, sourceName: request.sourceName, fileName: request.fileName, missingPlace: request.missingPlace };
  const { records, ...meta } = file;
  if (request.kind === 'preview') {
    const rows = prepareRows(file, mapping, { ...options, limit: request.limit });
    return post({ id: request.id, kind: 'done', meta, dataRows: records.length, proposedMapping: proposeMapping(file.headers), rows });
  }
  for (let start = 0; start < records.length; start += CHUNK) {
    const rows = prepareRows({ ...file, records: records.slice(start, start + CHUNK) }, mapping, options);
    post({ id: request.id, kind: 'rows', rows });
    post({ id: request.id, kind: 'progress', progress: { phase: 'normalise', done: Math.min(records.length, start + CHUNK), total: records.length } });
  }
  // The import has what it needs: the parsed file is not kept for a second run.
  last = null;
  post({ id: request.id, kind: 'done', meta, dataRows: records.length, proposedMapping: null, rows: [] });
}

const port = parentPort!;
port.on('message', (request: ReadRequest) => {
  const post = (message: WorkerMessage) => port.postMessage(message);
  try {
    withLanguage(request.language, () => handle(request, post));
  } catch (error) {
    post({ id: request.id, kind: 'failed', message: (error as Error).stack ?? String(error) });
  }
});

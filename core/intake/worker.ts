/**
 * The import worker thread: reads a file (decode, parse, unzip) and normalises its rows away
 * from the thread that answers the window and the browser host. It keeps the last file it
 * read, by fingerprint and language, so the import that follows a preview of the same file
 * parses it once (a parsed file holds messages, such as a quote never closed, in the language
 * of the call that read it).
 * Messages in: ReadRequest (see off-thread.ts); out: progress, then the answer or the reason the
 * file cannot be read. An import ('prepare') is answered with the file's shape only; its rows are
 * normalised a chunk at a time when the main thread asks for them (MoreRequest), so neither
 * thread holds the whole file's prepared rows. While the rows are committed, the worker also
 * checkpoints the database from a connection of its own (CheckpointRequest, see background.ts).
 * A third thread of the same code commits the background imports on SQLite files (CommitRequest,
 * writer.ts), asking the reading thread for the rows through a port (ChannelRequest).
 */
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { withLanguage } from '../language';
import { proposeMapping } from './mapping';
import type { Language } from '../language';
import type { Mapping } from './mapping';
import { prepareRows, readFile, type ParsedFile, type PrepareRowsOptions } from './pipeline';
import { StageWriter } from './stage';
import type { ChannelRequest, CheckpointRequest, CloseRequest, CommitRequest, MoreRequest, ReadRequest, SyncReply, WorkerMessage } from './off-thread';
import { commitHere } from './writer';

let last: { key: string; file: ParsedFile } | null = null;

/** The imports being streamed, by request id: the parsed file and the next record to normalise. */
const streams = new Map<number, { file: ParsedFile; mapping: Mapping; options: PrepareRowsOptions; language: Language; next: number; stage: StageWriter | null }>();

/** Requests answered on a port of their own (a caller reading synchronously), by id, until they end. */
const replies = new Map<number, Post>();

type Post = (message: WorkerMessage) => void;

/** Answers on the request's own port for a caller reading synchronously (readRowsSync): it is woken by the counter. */
function replyOn({ port, signal }: SyncReply): Post {
  return (message) => {
    port.postMessage(message);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
}

function fileOf(request: ReadRequest, bytes: Uint8Array): { file: ParsedFile; parsed: boolean } {
  const key = `${request.language} ${request.fingerprint ?? createHash('sha256').update(bytes).digest('hex')}`;
  if (last?.key === key) return { file: last.file, parsed: false };
  last = null;
  const file = readFile(request.fileName, bytes);
  last = { key, file };
  return { file, parsed: true };
}

function handle(request: ReadRequest, post: Post): void {
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
  // The import has what it needs: the parsed file is not kept for a second run.
  last = null;
  // Rows an interrupted import already committed are not normalised again.
  streams.set(request.id, { file, mapping, options, language: request.language, next: Math.min(request.skip, records.length), stage: request.stage ? new StageWriter(request.stage) : null });
  post({ id: request.id, kind: 'parsed', meta, dataRows: records.length, parsed });
}

/** The next chunk of an import's rows; the last one says so and ends the stream. */
function more(request: MoreRequest, post: Post): void {
  const stream = streams.get(request.id);
  if (!stream) return post({ id: request.id, kind: 'rows', rows: [], last: true });
  const { file, next } = stream;
  const end = Math.min(file.records.length, next + request.count);
  const prepared = withLanguage(stream.language, () => prepareRows({ ...file, records: file.records.slice(next, end) }, stream.mapping, stream.options));
  const rows = stream.stage ? stream.stage.write(prepared) : prepared;
  stream.next = end;
  if (end === file.records.length) endStream(request.id);
  post({ id: request.id, kind: 'rows', rows, last: end === file.records.length });
}

function endStream(id: number): void {
  streams.get(id)?.stage?.close();
  streams.delete(id);
  replies.delete(id);
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

type Request = ReadRequest | MoreRequest | CloseRequest | CheckpointRequest | CommitRequest | ChannelRequest;

function serve(request: Request, send: Post): void {
  // Another thread's port (the writing thread's): its requests are served as the main thread's are.
  if (request.kind === 'channel') {
    const channel = request.port;
    return void channel.on('message', (r: Request) => serve(r, (message) => channel.postMessage(message)));
  }
  // A request read synchronously is answered on its own port, from its first message to its end.
  if ('reply' in request && request.reply) replies.set(request.id, replyOn(request.reply));
  const post: Post = replies.get(request.id) ?? send;
  try {
    if (request.kind === 'checkpoint') {
      checkpoint(request.dbFile);
      return post({ id: request.id, kind: 'checkpointed' });
    }
    if (request.kind === 'commit') return commitHere(request, post);
    if (request.kind === 'more') return more(request, post);
    if (request.kind === 'close') return endStream(request.id);
    withLanguage(request.language, () => handle(request, post));
  } catch (error) {
    post({ id: request.id, kind: 'failed', message: (error as Error).stack ?? String(error) });
  }
  // A read that streams nothing more (a preview, an unreadable file) has no port to keep.
  if ((request.kind === 'prepare' || request.kind === 'preview') && !streams.has(request.id)) replies.delete(request.id);
}

const port = parentPort!;
port.on('message', (request: Request) => serve(request, (message) => port.postMessage(message)));

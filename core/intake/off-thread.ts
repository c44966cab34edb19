/**
 * The main thread's side of the import worker (worker.ts): one worker, started on first use,
 * stopped after a minute of idleness (it holds the geocoding tables and the last file read),
 * requests answered in order. Under tsx or vitest the worker runs the TypeScript source with
 * tsx's loader; in the built app it is the `intake-worker` entry beside the main bundle
 * (electron.vite.config.ts).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { currentLanguage, type Language } from '../language';
import type { MissingPlace } from '../leads/prepare';
import type { Mapping } from './mapping';
import type { ParsedFile, PreparedRow, Progress } from './pipeline';
import { workerSource } from '../worker-source';

export type ReadRequest = {
  id: number;
  fileName: string;
  /** base64 text (the worker decodes it) or the bytes. */
  content: string | Uint8Array;
  /** SHA-256 of the bytes when the caller has it. */
  fingerprint: string | null;
  /** null: the worker proposes one from the headers. */
  mapping: Mapping | null;
  sourceName: string;
  now: number;
  /** Rows with neither postal code nor town (the intake.leadsWithoutPlace setting). */
  missingPlace: MissingPlace;
  language: Language;
} & ({ kind: 'preview'; limit: number } | { kind: 'prepare'; skip: number; reply?: SyncReply });

/**
 * Where the worker answers a request read synchronously (readRowsSync): a port the caller polls
 * with receiveMessageOnPort, and a counter the worker bumps and notifies after each message, on
 * which the caller sleeps with Atomics.wait meanwhile.
 */
export interface SyncReply {
  port: MessagePort;
  signal: Int32Array;
}

/** The next `count` prepared rows of an import ('prepare' request `id`). */
export type MoreRequest = { id: number; kind: 'more'; count: number };
/** The import no longer needs the rest of its rows (cancelled or failed). */
export type CloseRequest = { id: number; kind: 'close' };

/** Copy the WAL of this database file into it (a PASSIVE checkpoint), from the worker's own connection. */
export type CheckpointRequest = { id: number; kind: 'checkpoint'; dbFile: string };

export type FileMeta = Omit<ParsedFile, 'records'>;

export type WorkerMessage =
  | { id: number; kind: 'progress'; progress: Progress }
  | { id: number; kind: 'parsed'; meta: FileMeta; dataRows: number; parsed: boolean }
  | { id: number; kind: 'rows'; rows: PreparedRow[]; last: boolean }
  | { id: number; kind: 'done'; meta: FileMeta; dataRows: number; proposedMapping: Mapping | null; rows: PreparedRow[]; parsed: boolean }
  | { id: number; kind: 'checkpointed' }
  /** The file is not a table the import can read; the message says why. */
  | { id: number; kind: 'unreadable'; message: string }
  | { id: number; kind: 'failed'; message: string };

export interface ReadResult {
  meta: FileMeta;
  dataRows: number;
  proposedMapping: Mapping | null;
  rows: PreparedRow[];
  /** False when the worker took the file it had kept from the previous request (a preview of it). */
  parsed: boolean;
}

/** Raised when the worker says the file cannot be read (the caller turns it into invalid_input). */
export class UnreadableFile extends Error {}

const IDLE_MS = 60_000;

/** A request waiting for the worker: its messages, and the error that ends it if the worker stops. */
interface Pending {
  onMessage: (message: WorkerMessage) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function stop(reason: Error): void {
  const w = worker;
  worker = null;
  for (const p of pending.values()) p.reject(reason);
  pending.clear();
  void w?.terminate();
}

function started(): Worker {
  if (idle) clearTimeout(idle);
  idle = null;
  if (worker) return worker;
  const { url, execArgv } = workerSource(import.meta.url, './worker.ts', 'intake-worker');
  const w = new Worker(url, execArgv ? { execArgv } : {});
  w.on('message', (message: WorkerMessage) => pending.get(message.id)?.onMessage(message));
  w.on('error', (error) => stop(error));
  w.on('exit', (code) => {
    if (worker === w) stop(new Error(`The import worker stopped (exit code ${code})`));
  });
  worker = w;
  return w;
}

/** The request is answered; with none left, the worker no longer keeps the process alive, and stops after a while. */
function settle(id: number): void {
  pending.delete(id);
  if (pending.size > 0 || !worker) return;
  worker.unref();
  idle = setTimeout(() => stop(new Error('idle')), IDLE_MS).unref();
}

/** The reasons a request ends badly, as errors (the caller turns UnreadableFile into invalid_input). */
function failure(message: WorkerMessage): Error | null {
  if (message.kind === 'unreadable') return new UnreadableFile(message.message);
  if (message.kind === 'failed') return new Error(`The import worker failed: ${message.message}`);
  return null;
}

/** Sends a request; `onMessage` sees its answers until it settles it. */
function send(request: ReadRequest | CheckpointRequest, reject: (error: Error) => void, onMessage: (message: WorkerMessage) => void): void {
  const w = started();
  w.ref();
  pending.set(request.id, { reject, onMessage });
  w.postMessage(request);
}

/** Reads a file in the worker for a preview: its shape and its first rows, normalised. */
export function readOffThread(request: Omit<Extract<ReadRequest, { kind: 'preview' }>, 'id' | 'language'>, onProgress: (progress: Progress) => void = () => {}): Promise<ReadResult> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    send({ ...request, id, language: currentLanguage() }, reject, (message) => {
      if (message.kind === 'progress') return onProgress(message.progress);
      settle(id);
      const error = failure(message);
      if (error) reject(error);
      else if (message.kind === 'done') resolve({ meta: message.meta, dataRows: message.dataRows, proposedMapping: message.proposedMapping, rows: message.rows, parsed: message.parsed });
    });
  });
}

/** Rows asked of the worker ahead of those taken: it normalises the next chunk while the main thread commits. */
const AHEAD = 2;
/** Rows per chunk: each is deserialised on the main thread, in about 10 ms on a quiet machine. */
const CHUNK = 500;

/**
 * An import's rows as the worker normalises them, a chunk at a time: at most AHEAD chunks wait
 * on the main thread, so its memory stays bounded by a few batches whatever the file's size.
 */
export interface RowStream {
  meta: FileMeta;
  dataRows: number;
  /** False when the worker took the file it had kept from the previous request (a preview of it). */
  parsed: boolean;
  /** The next chunk of rows, in file order; null after the last. */
  next(): Promise<PreparedRow[] | null>;
  /** Lets the worker drop the file (the import stops before its end). */
  close(): void;
}

/**
 * Reads a file in the worker for an import, skipping the first `skip` rows (committed by the
 * interrupted import being resumed); resolves once the file is parsed, with its rows to stream.
 */
export function streamRowsOffThread(request: Omit<Extract<ReadRequest, { kind: 'prepare' }>, 'id' | 'language'>, onProgress: (progress: Progress) => void = () => {}): Promise<RowStream> {
  const id = nextId++;
  const chunks: PreparedRow[][] = [];
  let asked = 0;
  let ended = false;
  let broken: Error | null = null;
  let waiting: { resolve: (rows: PreparedRow[] | null) => void; reject: (error: Error) => void } | null = null;
  const ask = () => {
    for (; !ended && worker && asked + chunks.length < AHEAD; asked++) worker.postMessage({ id, kind: 'more', count: CHUNK } satisfies MoreRequest);
  };
  const wake = () => {
    if (!waiting) return;
    const w = waiting;
    if (broken) w.reject(broken);
    else if (chunks.length) w.resolve(chunks.shift()!);
    else if (ended) w.resolve(null);
    else return;
    waiting = null;
    ask();
  };
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      broken = error;
      reject(error);
      wake();
    };
    send({ ...request, id, language: currentLanguage() }, fail, (message) => {
      if (message.kind === 'progress') return onProgress(message.progress);
      if (message.kind === 'parsed') {
        ask();
        return resolve({
          meta: message.meta,
          dataRows: message.dataRows,
          parsed: message.parsed,
          next: () =>
            new Promise((resolveNext, rejectNext) => {
              waiting = { resolve: resolveNext, reject: rejectNext };
              wake();
            }),
          close: () => {
            if (ended) return;
            ended = true;
            settle(id);
            worker?.postMessage({ id, kind: 'close' } satisfies CloseRequest);
          },
        });
      }
      if (message.kind === 'rows') {
        asked--;
        chunks.push(message.rows);
        if (message.last) {
          ended = true;
          settle(id);
        }
        return wake();
      }
      settle(id);
      fail(failure(message) ?? new Error(`Unexpected answer from the import worker: ${message.kind}`));
    });
  });
}

/** Longest wait for one answer of the worker to a synchronous read before the import gives up on it (it died or hangs). */
const SYNC_TIMEOUT_MS = 60_000;

/** An import's rows read synchronously, a chunk at a time (see readRowsSync). */
export interface SyncRowStream {
  dataRows: number;
  /** The next chunk of rows, in file order; null after the last. */
  next(): PreparedRow[] | null;
  /** Lets the worker drop the file; the stream is done with. */
  close(): void;
}

/**
 * RowStream for a caller that cannot yield (intake.run, blocking): the worker reads and
 * normalises the file while this thread commits the rows it already has, and this thread sleeps
 * on Atomics.wait when it runs ahead of the worker. The answers come on a port of their own,
 * read with receiveMessageOnPort, as the event loop does not turn meanwhile. Throws
 * UnreadableFile as readOffThread does, and a plain error when the worker fails or stays silent.
 * The worker keeps `aheadRows` normalised ahead of those taken (the caller's next batch): this
 * thread takes a batch's rows at once, then commits them for a while, the worker meanwhile
 * normalising the next batch.
 */
export function readRowsSync(request: Omit<Extract<ReadRequest, { kind: 'prepare' }>, 'id' | 'language' | 'reply'>, aheadRows: number): SyncRowStream {
  const id = nextId++;
  const ahead = Math.max(AHEAD, Math.ceil(aheadRows / CHUNK));
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const w = started();
  w.ref();
  pending.set(id, { reject: () => {}, onMessage: () => {} });
  w.postMessage({ ...request, id, language: currentLanguage(), reply: { port: port2, signal } } satisfies ReadRequest, [port2]);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    port1.close();
    settle(id);
  };
  const receive = (): WorkerMessage => {
    for (;;) {
      const seen = Atomics.load(signal, 0);
      const received = receiveMessageOnPort(port1);
      if (received) {
        const message = received.message as WorkerMessage;
        if (message.kind === 'progress') continue;
        const error = failure(message);
        if (error) throw error;
        return message;
      }
      if (Atomics.wait(signal, 0, seen, SYNC_TIMEOUT_MS) === 'timed-out') {
        throw new Error(`The import worker gave no answer in ${SYNC_TIMEOUT_MS / 1000} s (it stopped or hangs); the rows committed so far are kept, import the file again to resume`);
      }
    }
  };
  let asked = 0;
  const ask = () => {
    for (; asked < ahead; asked++) w.postMessage({ id, kind: 'more', count: CHUNK } satisfies MoreRequest);
  };
  try {
    const parsed = receive();
    if (parsed.kind !== 'parsed') throw new Error(`Unexpected answer from the import worker: ${parsed.kind}`);
    ask();
    return {
      dataRows: parsed.dataRows,
      next: () => {
        if (ended) return null;
        try {
          const message = receive();
          if (message.kind !== 'rows') throw new Error(`Unexpected answer from the import worker: ${message.kind}`);
          asked--;
          if (message.last) end();
          else ask();
          return message.rows;
        } catch (error) {
          end();
          throw error;
        }
      },
      close: () => {
        if (ended) return;
        end();
        worker?.postMessage({ id, kind: 'close' } satisfies CloseRequest);
      },
    };
  } catch (error) {
    end();
    throw error;
  }
}

/** Checkpoints the database file from the worker (see background.ts); resolves once done. */
export function checkpointOffThread(dbFile: string): Promise<void> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    send({ id, kind: 'checkpoint', dbFile }, reject, (message) => {
      settle(id);
      const error = failure(message);
      if (error) reject(error);
      else resolve();
    });
  });
}

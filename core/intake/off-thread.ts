/**
 * The main thread's side of the import worker (worker.ts): one worker, started on first use,
 * stopped after a minute of idleness (it holds the geocoding tables and the last file read),
 * requests answered in order. A second thread of the same code only checkpoints the database
 * during imports: a checkpoint waits on the disk, and queued behind the rows being normalised
 * it would come late. A third, the writing thread, commits the background imports on SQLite
 * files (writer.ts), reading their rows from the first through a port of their own; its own
 * checkpoints run on a thread it starts the same way. Under tsx or vitest the worker runs the TypeScript source with
 * tsx's loader; in the built app it is the `intake-worker` entry beside the main bundle
 * (electron.vite.config.ts).
 */
import { MessageChannel, receiveMessageOnPort, threadId, Worker, type MessagePort, type TransferListItem } from 'node:worker_threads';
import { currentLanguage, type Language } from '../language';
import type { MissingPlace } from '../leads/prepare';
import type { ImportFile } from './import-file';
import type { Mapping } from './mapping';
import type { ParsedFile, PreparedRow, Progress } from './pipeline';
import type { StageSpec } from './stage';
import type { ImportReport } from './store';
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
} & ({ kind: 'preview'; limit: number } | { kind: 'prepare'; skip: number; reply?: SyncReply; stage?: StageSpec });

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
export type CheckpointRequest = { id: number; kind: 'checkpoint'; dbFile: string; reply?: SyncReply };

/**
 * A background import on a SQLite file, committed on the writing thread from a connection of its
 * own (writer.ts); it asks the reading thread for the file's rows through `reader`, shares the
 * write lock with the app's connection through `turn` (db/write-turn.ts), and stops when
 * `cancel` holds 1.
 */
export type CommitRequest = {
  id: number;
  kind: 'commit';
  dbFile: string;
  actor: string;
  now: number;
  language: Language;
  file: ImportFile;
  reader: MessagePort;
  turn: Int32Array;
  cancel: Int32Array;
};

/** A port on which another thread (the writing one) sends the worker requests, answered on the port itself. */
export type ChannelRequest = { id: number; kind: 'channel'; port: MessagePort };

export type FileMeta = Omit<ParsedFile, 'records'>;

export type WorkerMessage =
  | { id: number; kind: 'progress'; progress: Progress }
  | { id: number; kind: 'parsed'; meta: FileMeta; dataRows: number; parsed: boolean }
  | { id: number; kind: 'rows'; rows: PreparedRow[]; last: boolean }
  | { id: number; kind: 'done'; meta: FileMeta; dataRows: number; proposedMapping: Mapping | null; rows: PreparedRow[]; parsed: boolean }
  | { id: number; kind: 'checkpointed' }
  /** A background import's end (CommitRequest): committed (completed or failed), cancelled and undone, or refused (the file, the database). */
  | { id: number; kind: 'committed'; report: ImportReport }
  | { id: number; kind: 'cancelled'; removedLeads: number }
  | { id: number; kind: 'refused'; error: { code: string; message: string } }
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

/** A worker thread running worker.ts, started on first use, stopped after IDLE_MS without a request. */
class WorkerThread {
  private worker: Worker | null = null;
  private idle: NodeJS.Timeout | null = null;
  private readonly pending = new Map<number, Pending>();

  private stop(reason: Error): void {
    const w = this.worker;
    this.worker = null;
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
    void w?.terminate();
  }

  /** The running worker, started if need be; it keeps the process alive until its requests settle. */
  started(): Worker {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (this.worker) {
      this.worker.ref();
      return this.worker;
    }
    const { url, execArgv } = workerSource(import.meta.url, './worker.ts', 'intake-worker');
    const w = new Worker(url, execArgv ? { execArgv } : {});
    w.on('message', (message: WorkerMessage) => this.pending.get(message.id)?.onMessage(message));
    w.on('error', (error) => this.stop(error));
    w.on('exit', (code) => {
      if (this.worker === w) this.stop(new Error(`The import worker stopped (exit code ${code})`));
    });
    this.worker = w;
    return w;
  }

  /** The worker if it runs (a request that has settled may still tell it something). */
  get running(): Worker | null {
    return this.worker;
  }

  /** Registers a request whose answers come through `onMessage` (or a port of its own: then a no-op). */
  expect(id: number, pending: Pending): void {
    this.pending.set(id, pending);
  }

  /** The request is answered; with none left, the worker no longer keeps the process alive, and stops after a while. */
  settle(id: number): void {
    this.pending.delete(id);
    if (this.pending.size > 0 || !this.worker) return;
    this.worker.unref();
    this.idle = setTimeout(() => this.stop(new Error('idle')), IDLE_MS).unref();
  }

  /** Sends a request; `onMessage` sees its answers until it settles it. */
  send(request: ReadRequest | CheckpointRequest | CommitRequest, reject: (error: Error) => void, onMessage: (message: WorkerMessage) => void, transfer: readonly TransferListItem[] = []): void {
    const w = this.started();
    this.expect(request.id, { reject, onMessage });
    w.postMessage(request, transfer);
  }
}

const reader = new WorkerThread();
const checkpointer = new WorkerThread();
/** Commits background imports on SQLite files (writer.ts), one at a time, in the order started. */
const writer = new WorkerThread();
// Ids unique across threads: the writing thread's requests reach the reading one beside the main thread's.
let nextId = threadId * 1_000_000_000 + 1;

/** The reasons a request ends badly, as errors (the caller turns UnreadableFile into invalid_input). */
function failure(message: WorkerMessage): Error | null {
  if (message.kind === 'unreadable') return new UnreadableFile(message.message);
  if (message.kind === 'failed') return new Error(`The import worker failed: ${message.message}`);
  return null;
}

/** Reads a file in the worker for a preview: its shape and its first rows, normalised. */
export function readOffThread(request: Omit<Extract<ReadRequest, { kind: 'preview' }>, 'id' | 'language'>, onProgress: (progress: Progress) => void = () => {}): Promise<ReadResult> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    reader.send({ ...request, id, language: currentLanguage() }, reject, (message) => {
      if (message.kind === 'progress') return onProgress(message.progress);
      reader.settle(id);
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
    for (const worker = reader.running; !ended && worker && asked + chunks.length < AHEAD; asked++) worker.postMessage({ id, kind: 'more', count: CHUNK } satisfies MoreRequest);
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
    reader.send({ ...request, id, language: currentLanguage() }, fail, (message) => {
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
            reader.settle(id);
            reader.running?.postMessage({ id, kind: 'close' } satisfies CloseRequest);
          },
        });
      }
      if (message.kind === 'rows') {
        asked--;
        chunks.push(message.rows);
        if (message.last) {
          ended = true;
          reader.settle(id);
        }
        return wake();
      }
      reader.settle(id);
      fail(failure(message) ?? new Error(`Unexpected answer from the import worker: ${message.kind}`));
    });
  });
}

/** Longest wait for one answer of the worker to a synchronous read before the import gives up on it (it died or hangs). */
const SYNC_TIMEOUT_MS = 60_000;

/**
 * Where a worker answers a caller that cannot yield: a port of the request's own, polled with
 * receiveMessageOnPort (the event loop does not turn meanwhile), and a counter the worker bumps
 * after each message, on which the caller sleeps with Atomics.wait. `receive` throws the
 * worker's failure as readOffThread would, and a plain error when the worker stays silent.
 */
function syncChannel(silent: string) {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  return {
    reply: { port: port2, signal } satisfies SyncReply,
    /** The next answer other than progress; with `wait` false, undefined when none has come yet. */
    receive(wait = true): WorkerMessage | undefined {
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
        if (!wait) return undefined;
        if (Atomics.wait(signal, 0, seen, SYNC_TIMEOUT_MS) === 'timed-out') throw new Error(`The import worker gave no answer in ${SYNC_TIMEOUT_MS / 1000} s (it stopped or hangs); ${silent}`);
      }
    },
    close: () => port1.close(),
  };
}

/** An import's rows read synchronously, a chunk at a time (see readRowsSync). */
export interface SyncRowStream {
  dataRows: number;
  /**
   * The next chunk of rows, in file order; null after the last. With `wait` false, an empty
   * chunk when the worker has none ready yet.
   */
  next(wait?: boolean): PreparedRow[] | null;
  /** Lets the worker drop the file; the stream is done with. */
  close(): void;
}

/**
 * RowStream for a caller that cannot yield (intake.run, blocking): the worker reads and
 * normalises the file while this thread commits the rows it already has, and this thread sleeps
 * when it runs ahead of the worker (syncChannel). Throws UnreadableFile as readOffThread does.
 * The worker keeps `aheadRows` normalised ahead of those taken (the caller's next batch): this
 * thread takes a batch's rows at once, then commits them for a while, the worker meanwhile
 * normalising the next batch. `whileParsing` runs on this thread while the worker parses the file.
 */
export function readRowsSync(
  request: Omit<Extract<ReadRequest, { kind: 'prepare' }>, 'id' | 'language' | 'reply'>,
  aheadRows: number,
  whileParsing: () => void = () => {},
  via?: MessagePort,
): SyncRowStream {
  const id = nextId++;
  const ahead = Math.max(AHEAD, Math.ceil(aheadRows / CHUNK));
  const channel = syncChannel('the rows committed so far are kept, import the file again to resume');
  // From the main thread, the reader worker itself; from a thread of an import's own (writer.ts), the port it was given to it.
  const w = via ?? reader.started();
  if (!via) reader.expect(id, { reject: () => {}, onMessage: () => {} });
  w.postMessage({ ...request, id, language: currentLanguage(), reply: channel.reply } satisfies ReadRequest, [channel.reply.port]);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    channel.close();
    if (!via) reader.settle(id);
  };
  let asked = 0;
  const ask = () => {
    for (; asked < ahead; asked++) w.postMessage({ id, kind: 'more', count: CHUNK } satisfies MoreRequest);
  };
  try {
    whileParsing();
    const parsed = channel.receive()!;
    if (parsed.kind !== 'parsed') throw new Error(`Unexpected answer from the import worker: ${parsed.kind}`);
    ask();
    return {
      dataRows: parsed.dataRows,
      next: (wait = true) => {
        if (ended) return null;
        try {
          const message = channel.receive(wait);
          if (!message) return [];
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
        (via ?? reader.running)?.postMessage({ id, kind: 'close' } satisfies CloseRequest);
      },
    };
  } catch (error) {
    end();
    throw error;
  }
}

/** Checkpoints the database file from the checkpointing thread (see background.ts); resolves once done. */
export function checkpointOffThread(dbFile: string): Promise<void> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    checkpointer.send({ id, kind: 'checkpoint', dbFile }, reject, (message) => {
      checkpointer.settle(id);
      const error = failure(message);
      if (error) reject(error);
      else resolve();
    });
  });
}

/** Checkpoints asked for now and waited for later, by a caller that cannot yield (see commitImport). */
export interface SyncCheckpoints {
  /** Starts a checkpoint of what is committed now; it runs while the caller goes on. */
  request(): void;
  /** Returns once every checkpoint requested has run. */
  wait(): void;
  close(): void;
}

export function checkpointsSync(dbFile: string): SyncCheckpoints {
  const id = nextId++;
  const channel = syncChannel('the rows committed so far are kept, import the file again to resume');
  const w = checkpointer.started();
  checkpointer.expect(id, { reject: () => {}, onMessage: () => {} });
  let requested = 0;
  let done = 0;
  return {
    request: () => {
      // The port goes with the first request; the worker answers the later ones on it too.
      if (requested++ === 0) w.postMessage({ id, kind: 'checkpoint', dbFile, reply: channel.reply } satisfies CheckpointRequest, [channel.reply.port]);
      else w.postMessage({ id, kind: 'checkpoint', dbFile } satisfies CheckpointRequest);
    },
    wait: () => {
      for (; done < requested; done++) channel.receive();
    },
    close: () => {
      if (requested > 0) checkpointer.running?.postMessage({ id, kind: 'close' } satisfies CloseRequest);
      channel.close();
      checkpointer.settle(id);
    },
  };
}

/** How a background import committed on the writing thread ended (see CommitRequest). */
export type CommitOutcome = Extract<WorkerMessage, { kind: 'committed' | 'cancelled' | 'refused' }>;

/**
 * Commits a background import on the writing thread, the reading thread normalising its rows
 * for it (through a port of their own); resolves once it has ended.
 */
export function commitOffThread(request: Omit<CommitRequest, 'id' | 'kind' | 'reader'>, onProgress: (progress: Progress) => void): Promise<CommitOutcome> {
  const id = nextId++;
  const { port1, port2 } = new MessageChannel();
  reader.expect(id, { reject: () => {}, onMessage: () => {} });
  reader.started().postMessage({ id, kind: 'channel', port: port1 } satisfies ChannelRequest, [port1]);
  return new Promise((resolve, reject) => {
    const end = () => {
      reader.settle(id);
      writer.settle(id);
    };
    const fail = (error: Error) => {
      end();
      reject(error);
    };
    writer.send(
      { ...request, id, kind: 'commit', reader: port2 },
      fail,
      (message) => {
        if (message.kind === 'progress') return onProgress(message.progress);
        if (message.kind === 'committed' || message.kind === 'cancelled' || message.kind === 'refused') {
          end();
          return resolve(message);
        }
        fail(failure(message) ?? new Error(`Unexpected answer from the writing thread: ${message.kind}`));
      },
      [port2],
    );
  });
}

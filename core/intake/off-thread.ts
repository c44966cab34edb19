/**
 * The main thread's side of the import worker (worker.ts): one worker, started on first use,
 * stopped after a minute of idleness (it holds the geocoding tables and the last file read),
 * requests answered in order. Under tsx or vitest the worker runs the TypeScript source with
 * tsx's loader; in the built app it is the `intake-worker` entry beside the main bundle
 * (electron.vite.config.ts).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { currentLanguage, type Language } from '../language';
import type { MissingPlace } from '../leads/prepare';
import type { Mapping } from './mapping';
import type { ParsedFile, PreparedRow, Progress } from './pipeline';

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
} & ({ kind: 'preview'; limit: number } | { kind: 'prepare' });

/** Copy the WAL of this database file into it (a PASSIVE checkpoint), from the worker's own connection. */
export type CheckpointRequest = { id: number; kind: 'checkpoint'; dbFile: string };

export type FileMeta = Omit<ParsedFile, 'records'>;

export type WorkerMessage =
  | { id: number; kind: 'progress'; progress: Progress }
  | { id: number; kind: 'rows'; rows: PreparedRow[] }
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

function workerSource(): { url: URL; execArgv?: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm')).href;
    return { url: new URL('./worker.ts', here), execArgv: [...process.execArgv, '--import', tsx] };
  }
  // Built: entries sit in out/main, and this code either in one of them or in out/main/chunks.
  for (const candidate of ['./intake-worker.js', '../intake-worker.js']) {
    const url = new URL(candidate, here);
    if (existsSync(url)) return { url };
  }
  throw new Error(`The import worker (intake-worker.js) is missing beside ${here}`);
}

interface Pending {
  onRows: (rows: PreparedRow[]) => void;
  onProgress: (progress: Progress) => void;
  resolve: (result: ReadResult | null) => void;
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
  const { url, execArgv } = workerSource();
  const w = new Worker(url, execArgv ? { execArgv } : {});
  w.on('message', (message: WorkerMessage) => {
    const p = pending.get(message.id);
    if (!p) return;
    if (message.kind === 'progress') return p.onProgress(message.progress);
    if (message.kind === 'rows') return p.onRows(message.rows);
    pending.delete(message.id);
    if (message.kind === 'done') p.resolve({ meta: message.meta, dataRows: message.dataRows, proposedMapping: message.proposedMapping, rows: message.rows, parsed: message.parsed });
    else if (message.kind === 'checkpointed') p.resolve(null);
    else if (message.kind === 'unreadable') p.reject(new UnreadableFile(message.message));
    else p.reject(new Error(`The import worker failed: ${message.message}`));
    settled();
  });
  w.on('error', (error) => stop(error));
  w.on('exit', (code) => {
    if (worker === w) stop(new Error(`The import worker stopped (exit code ${code})`));
  });
  worker = w;
  return w;
}

/** No request left: the worker no longer keeps the process alive, and stops after a while. */
function settled(): void {
  if (pending.size > 0 || !worker) return;
  worker.unref();
  idle = setTimeout(() => stop(new Error('idle')), IDLE_MS).unref();
}

export interface ReadOptions {
  onRows?: (rows: PreparedRow[]) => void;
  onProgress?: (progress: Progress) => void;
}

/** Reads (and for 'prepare', normalises) a file in the worker; rows of a 'prepare' come through onRows. */
export function readOffThread(request: ReadRequest extends infer R ? (R extends unknown ? Omit<R, 'id' | 'language'> : never) : never, options: ReadOptions = {}): Promise<ReadResult> {
  const w = started();
  w.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { onRows: options.onRows ?? (() => {}), onProgress: options.onProgress ?? (() => {}), resolve: (result) => resolve(result!), reject });
    w.postMessage({ ...request, id, language: currentLanguage() } as ReadRequest);
  });
}

/** Checkpoints the database file from the worker (see background.ts); resolves once done. */
export function checkpointOffThread(dbFile: string): Promise<void> {
  const w = started();
  w.ref();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { onRows: () => {}, onProgress: () => {}, resolve: () => resolve(), reject });
    w.postMessage({ id, kind: 'checkpoint', dbFile } satisfies CheckpointRequest);
  });
}

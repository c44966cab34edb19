/**
 * SQLite's one write lock, shared between the app's connection (main thread) and a background
 * import committing from a thread of its own (core/intake/writer.ts). The import holds the lock
 * for large batches (a batch of 20,000 rows costs about half a second, and smaller ones cost
 * more per row); a command of the app that must write meanwhile cannot wait that long on the
 * busy handler with the event loop stopped. So while an import writes, a command's first attempt
 * fails fast on the lock (busy_timeout 0), and the command that met the lock asks for a turn:
 * the import commits what its batch holds at the end of its current slice (a few milliseconds),
 * waits, and goes on once the command is done. The command runs again from its start, in a
 * transaction of its own: the failed attempt was rolled back whole. Writes outside a command
 * keep the connection's busy timeout (they wait for the batch); the scheduler's jobs wait for
 * the import's end (importWriting).
 *
 * The two threads meet in shared memory: WANTED counts the app's requests for a turn, WRITING is
 * 1 while the import is inside a transaction. Each sets its own then reads the other's
 * (sequentially consistent atomics), so they never both go on.
 */
import { BUSY_TIMEOUT_MS, type Db, type SqliteDb } from './connection';

const WANTED = 0;
const WRITING = 1;
/** Longest wait for the import to let go of the lock before the command tries anyway (the import's thread died or hangs). */
const TURN_TIMEOUT_MS = 10_000;

interface Shared {
  turn: Int32Array;
  imports: number;
  autocheckpoint: number;
}

const shared = new WeakMap<Db, Shared>();

/**
 * Registers an import committing to this connection's file from another thread; returns the
 * memory to hand to its thread, and `end` to call once it is over. Meanwhile the connection
 * does not checkpoint on commit (the import's thread checkpoints).
 */
export function shareWriteLock(db: SqliteDb): { turn: Int32Array; end: () => void } {
  let s = shared.get(db);
  if (!s) {
    s = { turn: new Int32Array(new SharedArrayBuffer(8)), imports: 0, autocheckpoint: 0 };
    shared.set(db, s);
  }
  if (s.imports++ === 0) {
    s.autocheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
    db.pragma('wal_autocheckpoint = 0');
  }
  const current = s;
  let ended = false;
  return {
    turn: s.turn,
    end: () => {
      if (ended) return;
      ended = true;
      if (--current.imports > 0) return;
      // A thread that died inside a transaction left its mark: the next import starts clear.
      Atomics.store(current.turn, WRITING, 0);
      if (db.open) db.pragma(`wal_autocheckpoint = ${current.autocheckpoint}`);
    },
  };
}

function isBusy(error: unknown): boolean {
  return typeof (error as { code?: unknown })?.code === 'string' && (error as { code: string }).code.startsWith('SQLITE_BUSY');
}

/** The imports writing to this connection's file now, if any. */
function sharing(db: Db): Shared | null {
  const s = shared.get(db);
  return s && s.imports > 0 && !db.inTransaction ? s : null;
}

/**
 * Runs `fn`, a whole transaction on the app's connection; if it met the lock of an import
 * writing from another thread, runs it again in a turn of its own (see above). Nested in a
 * caller's transaction, or with no import writing, `fn` runs as it is.
 */
export function withWriteTurn<T>(db: Db, fn: () => T): T {
  const s = sharing(db);
  if (!s) return fn();
  const sqlite = db as SqliteDb;
  sqlite.pragma('busy_timeout = 0');
  try {
    return fn();
  } catch (error) {
    if (!isBusy(error) || db.inTransaction) throw error;
  } finally {
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
  return holdingTurn(s.turn, fn);
}

/** True while an import writes to this connection's file from another thread. */
export function importWriting(db: Db): boolean {
  return (shared.get(db)?.imports ?? 0) > 0;
}

/**
 * Runs `fn` in a turn taken first: for work that commits several transactions of its own (a
 * command with ownTransactions), which cannot be run again from its start once one committed.
 */
export function inWriteTurn<T>(db: Db, fn: () => T): T {
  const s = sharing(db);
  return s ? holdingTurn(s.turn, fn) : fn();
}

function holdingTurn<T>(turn: Int32Array, fn: () => T): T {
  Atomics.add(turn, WANTED, 1);
  try {
    const deadline = performance.now() + TURN_TIMEOUT_MS;
    for (let left = TURN_TIMEOUT_MS; Atomics.load(turn, WRITING) === 1 && left > 0; left = deadline - performance.now()) Atomics.wait(turn, WRITING, 1, left);
    return fn();
  } finally {
    Atomics.sub(turn, WANTED, 1);
    Atomics.notify(turn, WANTED);
  }
}

/** The import's side, on its own thread: each of its transactions runs through `write`, and may end early when `wanted`. */
export interface WriterTurn {
  /** Runs `fn`, a whole transaction, once the app has no turn pending; the app waits for its end before its own. */
  write<T>(fn: () => T): T;
  /** True when the app waits for a turn: the transaction under way should commit now. */
  wanted(): boolean;
}

export function writerTurn(turn: Int32Array): WriterTurn {
  return {
    write: (fn) => {
      for (;;) {
        for (let wanted; (wanted = Atomics.load(turn, WANTED)) > 0;) Atomics.wait(turn, WANTED, wanted);
        Atomics.store(turn, WRITING, 1);
        if (Atomics.load(turn, WANTED) === 0) break;
        Atomics.store(turn, WRITING, 0);
        Atomics.notify(turn, WRITING);
      }
      try {
        return fn();
      } finally {
        Atomics.store(turn, WRITING, 0);
        Atomics.notify(turn, WRITING);
      }
    },
    wanted: () => Atomics.load(turn, WANTED) > 0,
  };
}

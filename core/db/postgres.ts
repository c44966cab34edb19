/**
 * PostgreSQL behind the core's Db interface (engine.ts), over libpq's synchronous calls (the
 * addon under pg-native): a statement runs to completion before the call returns, as with
 * better-sqlite3, so a command stays one transaction and its code keeps its shape. Values come
 * back as SQLite gives them: integers, bigints and numerics as JS numbers, booleans as 1/0,
 * json as its text, bytea as a Buffer, everything else as text. Why synchronous, what it costs
 * and how that cost is bounded: docs/design/engines.md.
 */
import { createRequire } from 'node:module';
import type { AnyFunction, Db, RunResult, Statement, Transaction } from './engine';
import { bindValues, translated, type Translated } from './placeholders';

/** The part of libpq's addon (npm package libpq) used here. */
interface Libpq {
  connectSync(conninfo: string): void;
  exec(sql: string): void;
  execParams(sql: string, values: (string | null)[]): void;
  resultErrorMessage(): string;
  // The addon's names for PQresultErrorField's fields (libpq/src/connection.cc).
  resultErrorFields(): { sqlState?: string; messagePrimary?: string; constraintName?: string } | undefined;
  errorMessage(): string;
  cmdTuples(): string;
  ntuples(): number;
  nfields(): number;
  fname(i: number): string;
  ftype(i: number): number;
  getvalue(row: number, column: number): string;
  getisnull(row: number, column: number): boolean;
  finish(): void;
}

/**
 * An error from PostgreSQL, with its SQLSTATE as `code` (23505 unique, 23503 foreign key…; see
 * errors.ts). Its message is PostgreSQL's primary message alone, one line as SQLite gives it
 * (a failed import's report shows it); libpq's full text (severity, the statement's line and
 * position, the PL/pgSQL context) is kept in `details` for the log.
 */
export class PostgresError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly constraint?: string,
    readonly details?: string,
  ) {
    super(message);
    this.name = 'PostgresError';
  }
}

let LibpqClass: (new () => Libpq) | undefined;

/** Loaded on first use: a desktop on SQLite never needs the native addon. */
function libpq(): new () => Libpq {
  return (LibpqClass ??= createRequire(import.meta.url)('libpq') as new () => Libpq);
}

const toNumber = (text: string) => Number(text);
const PARSERS: Record<number, (text: string) => unknown> = {
  16: (text) => (text === 't' ? 1 : 0), // bool, read as SQLite stores it
  17: (text) => Buffer.from(text.slice(2), 'hex'), // bytea in hex format
  20: toNumber, // int8
  21: toNumber, // int2
  23: toNumber, // int4
  26: toNumber, // oid
  700: toNumber, // float4
  701: toNumber, // float8
  1700: toNumber, // numeric
};
const asText = (text: string) => text;

function asParameter(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    default:
      if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`;
      // better-sqlite3 refuses the same values: code that passes here passes on both engines.
      throw new TypeError(`Only numbers, strings, bigints, buffers and null can be bound (got ${typeof value})`);
  }
}

export class PostgresDb implements Db {
  readonly engine = 'postgres' as const;
  private pq: Libpq | null;
  private depth = 0;

  constructor(url: string) {
    const pq = new (libpq())();
    pq.connectSync(url);
    this.pq = pq;
    // Notices (e.g. "already exists, skipping") would go to stderr from inside libpq.
    this.exec('SET client_min_messages = warning');
  }

  get open(): boolean {
    return this.pq !== null;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  prepare(sql: string): Statement {
    return new PostgresStatement(this, translated(sql));
  }

  exec(sql: string): this {
    const pq = this.connection();
    pq.exec(sql);
    this.check(pq);
    return this;
  }

  transaction<F extends AnyFunction>(fn: F): Transaction<F> {
    return (...args) => {
      const level = this.depth;
      const savepoint = `sp${level}`;
      this.exec(level ? `SAVEPOINT ${savepoint}` : 'BEGIN');
      this.depth = level + 1;
      let result: ReturnType<F>;
      try {
        result = fn(...args) as ReturnType<F>;
        if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
      } catch (error) {
        this.depth = level;
        if (this.pq) this.exec(level ? `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}` : 'ROLLBACK');
        throw error;
      }
      this.depth = level;
      // A COMMIT that fails (a deferred constraint) ends the transaction on PostgreSQL's side too.
      this.exec(level ? `RELEASE ${savepoint}` : 'COMMIT');
      return result;
    };
  }

  close(): this {
    const pq = this.pq;
    if (pq) {
      pq.finish();
      // finish() hands libuv the socket watcher inside the addon's object to close at the end of
      // this turn of the event loop; if the object were collected first, libuv would close freed
      // memory and abort the process (uv__finish_close assertion). Held until a timer of the next turn.
      setTimeout(() => pq, 0).unref();
    }
    this.pq = null;
    this.depth = 0;
    return this;
  }

  /** Runs a translated statement and leaves its result in the connection for reading. */
  query(t: Translated, args: readonly unknown[]): Libpq {
    const pq = this.connection();
    pq.execParams(t.text, bindValues(t, args).map(asParameter));
    this.check(pq);
    return pq;
  }

  private connection(): Libpq {
    if (!this.pq) throw new TypeError('The database connection is not open');
    return this.pq;
  }

  private check(pq: Libpq): void {
    const message = pq.resultErrorMessage() || pq.errorMessage();
    if (!message) return;
    const fields = pq.resultErrorFields();
    throw new PostgresError(fields?.messagePrimary ?? message.trim(), fields?.sqlState ?? 'connection', fields?.constraintName, message.trim());
  }
}

class PostgresStatement implements Statement {
  private plucking = false;
  private rawRows = false;

  constructor(
    private readonly db: PostgresDb,
    private readonly sql: Translated,
  ) {}

  pluck(toggle = true): this {
    this.plucking = toggle;
    if (toggle) this.rawRows = false;
    return this;
  }

  raw(toggle = true): this {
    this.rawRows = toggle;
    if (toggle) this.plucking = false;
    return this;
  }

  run(...params: unknown[]): RunResult {
    const pq = this.db.query(this.sql, params);
    return { changes: Number(pq.cmdTuples()) || 0 };
  }

  get(...params: unknown[]): unknown {
    const pq = this.db.query(this.sql, params);
    return pq.ntuples() ? this.rows(pq, 1)[0] : undefined;
  }

  all(...params: unknown[]): unknown[] {
    const pq = this.db.query(this.sql, params);
    return this.rows(pq, pq.ntuples());
  }

  private rows(pq: Libpq, count: number): unknown[] {
    const width = pq.nfields();
    const parsers = Array.from({ length: width }, (_, c) => PARSERS[pq.ftype(c)] ?? asText);
    const value = (r: number, c: number) => (pq.getisnull(r, c) ? null : parsers[c]!(pq.getvalue(r, c)));
    const rows = new Array<unknown>(count);
    if (this.plucking) {
      for (let r = 0; r < count; r++) rows[r] = value(r, 0);
      return rows;
    }
    if (this.rawRows) {
      for (let r = 0; r < count; r++) rows[r] = Array.from({ length: width }, (_, c) => value(r, c));
      return rows;
    }
    const names = Array.from({ length: width }, (_, c) => pq.fname(c));
    for (let r = 0; r < count; r++) {
      const row: Record<string, unknown> = {};
      for (let c = 0; c < width; c++) row[names[c]!] = value(r, c);
      rows[r] = row;
    }
    return rows;
  }
}

export function openPostgres(url: string): PostgresDb {
  return new PostgresDb(url);
}

/**
 * The one database interface the core programs against: the subset of better-sqlite3 it uses,
 * so a better-sqlite3 connection satisfies it as it is (no wrapper between a statement and
 * SQLite, hence no cost per query) and the PostgreSQL adapter (postgres.ts) mirrors it over
 * libpq's synchronous client. Why synchronous on both engines: docs/design/engines.md.
 *
 * What is not here on purpose: pragma, backup, functions, iterate. Engine-specific upkeep goes
 * through maintenance.ts, which does the right thing per engine; `lastInsertRowid` is replaced
 * by `INSERT … RETURNING id`, which both engines answer the same way.
 */
export type Engine = 'sqlite' | 'postgres';

export interface RunResult {
  changes: number;
}

/**
 * A prepared statement. Parameters as better-sqlite3 takes them: values for `?` in order, and
 * one object for named `@x` / `:x` / `$x` parameters. `pluck` returns the first column only,
 * `raw` rows as arrays; both switch the statement itself and return it, as better-sqlite3 does.
 */
export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  pluck(toggle?: boolean): this;
  raw(toggle?: boolean): this;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same shape as better-sqlite3's own typing
export type AnyFunction = (...args: any[]) => unknown;

type ArgumentTypes<F extends AnyFunction> = F extends (...args: infer A) => unknown ? A : never;

/** A function wrapped in a transaction: BEGIN … COMMIT, or a savepoint when called inside another. */
export type Transaction<F extends AnyFunction> = (...args: ArgumentTypes<F>) => ReturnType<F>;

export interface Db {
  readonly engine: Engine;
  /** False once closed (background jobs stop on it). */
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): Statement;
  /** Runs one or several statements without parameters (migrations, DDL). */
  exec(sql: string): this;
  transaction<F extends AnyFunction>(fn: F): Transaction<F>;
  close(): this;
}

/**
 * SQL that reads one value out of a JSON text column, per engine: SQLite's `json_extract` has
 * no twin of that name on PostgreSQL, which reads JSON through jsonb operators. The path is a
 * list of keys written by the code (never user input), checked so it can sit in the SQL text.
 */
import type { Engine } from './engine';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checked(path: string[]): string[] {
  for (const key of path) if (!KEY.test(key)) throw new Error(`Not a JSON key the core writes: ${key}`);
  return path;
}

/** The value at `path` as text (a JSON string's content, a number's digits), NULL when absent. */
export function jsonText(engine: Engine, column: string, ...path: string[]): string {
  const keys = checked(path);
  return engine === 'sqlite' ? `json_extract(${column}, '$.${keys.join('.')}')` : `(${column}::jsonb #>> '{${keys.join(',')}}')`;
}

/** The integer at `path` (an id, a count), NULL when absent: SQLite's json_extract gives it typed, PostgreSQL's text is cast. */
export function jsonInteger(engine: Engine, column: string, ...path: string[]): string {
  return engine === 'sqlite' ? jsonText(engine, column, ...path) : `CAST(${jsonText(engine, column, ...path)} AS BIGINT)`;
}

/**
 * A subquery listing the integers of a JSON array given as one parameter (`?` or `@name`): a
 * list of ids of any length as one bound value, on both engines.
 */
export function jsonIds(engine: Engine, parameter: string): string {
  return engine === 'sqlite' ? `(SELECT value FROM json_each(${parameter}))` : `(SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(${parameter} AS JSONB)) AS list(value))`;
}

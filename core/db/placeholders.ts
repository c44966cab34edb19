/**
 * Translates the core's placeholders, written for better-sqlite3, into PostgreSQL's `$n`:
 * `?` (in order), `?NNN` (by number) and named `@x`, `:x`, `$x` bound from an object. A small
 * scanner rather than a regular expression, because a `?` or `:x` inside a string literal, a
 * quoted identifier, a comment or a dollar-quoted body is text, and `::` is a cast.
 */

/** Where each `$n` takes its value from: an argument's position, or a key of the named object. */
export type Source = { index: number } | { name: string };

export interface Translated {
  text: string;
  sources: Source[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

export function translatePlaceholders(sql: string): Translated {
  const sources: Source[] = [];
  const byKey = new Map<string, number>();
  let anonymous = 0;
  let out = '';
  let i = 0;
  /** The `$n` for a source, the same n each time a name or number comes back. */
  const placeholder = (key: string, source: Source) => {
    let n = byKey.get(key);
    if (n === undefined) {
      sources.push(source);
      n = sources.length;
      if (!key.startsWith('?#')) byKey.set(key, n);
    }
    return `$${n}`;
  };
  const copyUntil = (end: number) => {
    out += sql.slice(i, end);
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      copyUntil(closingQuote(sql, i, c));
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      copyUntil(end === -1 ? sql.length : end);
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      copyUntil(end === -1 ? sql.length : end + 2);
    } else if (c === ':' && next === ':') {
      copyUntil(i + 2);
    } else if (c === '$' && dollarTag(sql, i)) {
      const tag = dollarTag(sql, i)!;
      const end = sql.indexOf(tag, i + tag.length);
      copyUntil(end === -1 ? sql.length : end + tag.length);
    } else if (c === '?') {
      let end = i + 1;
      while (end < sql.length && /[0-9]/.test(sql[end]!)) end++;
      const number = sql.slice(i + 1, end);
      out += number ? placeholder(`?${number}`, { index: Number(number) - 1 }) : placeholder(`?#${anonymous}`, { index: anonymous++ });
      i = end;
    } else if ((c === '@' || c === ':' || c === '$') && next !== undefined && NAME_START.test(next)) {
      let end = i + 2;
      while (end < sql.length && NAME_PART.test(sql[end]!)) end++;
      const name = sql.slice(i + 1, end);
      out += placeholder(`@${name}`, { name });
      i = end;
    } else {
      out += c;
      i++;
    }
  }
  return { text: out, sources };
}

/** The index just past a quoted string or identifier; a doubled quote is an escaped one. */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** `$$` or `$tag$` opening a dollar-quoted body, else null (`$name` is then a parameter). */
function dollarTag(sql: string, start: number): string | null {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(start, start + 64));
  return m ? m[0] : null;
}

const cache = new Map<string, Translated>();
const CACHE_LIMIT = 5000;

/** The same translation, kept per SQL text (statements are prepared again and again). */
export function translated(sql: string): Translated {
  let t = cache.get(sql);
  if (!t) {
    // SQL built with inlined lists could grow the cache without end: start over past a bound.
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(sql, (t = translatePlaceholders(sql)));
  }
  return t;
}

/**
 * The values for `$1..$n` from better-sqlite3-style arguments: arrays are spread, one plain
 * object carries the named values. Missing values are errors, as better-sqlite3 makes them.
 */
export function bindValues(t: Translated, args: readonly unknown[]): unknown[] {
  const positional: unknown[] = [];
  let named: Record<string, unknown> | undefined;
  for (const a of args) {
    if (Array.isArray(a)) positional.push(...(a as unknown[]));
    else if (a !== null && typeof a === 'object' && !Buffer.isBuffer(a)) named = a as Record<string, unknown>;
    else positional.push(a);
  }
  const expected = t.sources.reduce((n, s) => ('index' in s ? Math.max(n, s.index + 1) : n), 0);
  if (positional.length > expected) throw new RangeError(`Too many parameter values were provided (${positional.length} for ${expected})`);
  return t.sources.map((s) => {
    if ('index' in s) {
      if (s.index >= positional.length) throw new RangeError('Too few parameter values were provided');
      return positional[s.index];
    }
    if (!named || !(s.name in named)) throw new RangeError(`Missing named parameter "${s.name}"`);
    return named[s.name];
  });
}
